"""Each page's job, done in headless Chromium against a live server: the product page, the cart,
the seller dashboard, the customer dashboard and order page, navigation per role, error pages."""

from __future__ import annotations

from typing import Any

import pytest

from marketplace.models import CartItem, Order, ProductReview, ViewedProduct

from .factories import (
    PASSWORD,
    add_to_cart,
    make_customer,
    make_order,
    make_product,
    make_staff,
    make_vendor,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page: Any, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_selector(f"text=Sign out ({username})")


def message(page: Any) -> str:
    return page.inner_text("ul.messages")


def test_product_page_adds_to_cart_favourites_and_links_to_the_shop(
    page: Any, live_server: Any
) -> None:
    vendor = make_vendor("Lantern Shop")
    product = make_product(vendor, "Paper Lantern", "12.50", stock=5)
    customer = make_customer()
    sign_in(page, live_server.url, customer.user.username)
    page.goto(f"{live_server.url}/products/{product.pk}/")

    page.click("#favourite button")
    assert "Added Paper Lantern to your favourites." in message(page)
    assert page.inner_text("#favourite button") == "♥ In your favourites"
    assert list(customer.favourite_products.all()) == [product]

    page.fill("#add-to-cart input[name=quantity]", "2")
    page.click("#add-to-cart button")
    page.wait_for_selector("#cart")
    assert CartItem.objects.get(customer=customer).quantity == 2

    page.goto(f"{live_server.url}/products/{product.pk}/")
    assert not page.is_visible("#review-form")  # not received yet
    page.click("#shop-link")
    page.wait_for_selector("h1:has-text('Lantern Shop')")
    assert page.is_visible("text=Paper Lantern")


def test_a_buyer_who_received_the_product_reviews_it_from_the_product_page(
    page: Any, live_server: Any
) -> None:
    vendor = make_vendor()
    product = make_product(vendor, "Kettle")
    customer = make_customer()
    make_order(customer, vendor, (product, 1, "delivered"))
    sign_in(page, live_server.url, customer.user.username)
    page.goto(f"{live_server.url}/products/{product.pk}/")
    page.select_option("#review-form select[name=rating]", "4")
    page.fill("#review-form textarea[name=review]", "Boils in a minute")
    page.click("#review-form button")
    assert "Thank you for reviewing Kettle." in message(page)
    assert page.is_visible("blockquote.review:has-text('Boils in a minute')")
    assert not page.is_visible("#review-form")
    assert ProductReview.objects.get().rating == 4


def test_cart_changes_quantities_shows_line_totals_and_explains_the_split_by_shop(
    page: Any, live_server: Any
) -> None:
    customer = make_customer()
    lamp = make_product(make_vendor("Lamp Co"), "Lamp", "10.00")
    mug = make_product(make_vendor("Mug Co"), "Mug", "2.50")
    add_to_cart(customer, lamp, 1)
    line = add_to_cart(customer, mug, 1)
    sign_in(page, live_server.url, customer.user.username)
    page.goto(f"{live_server.url}/cart/")
    assert "2 orders, one per shop" in page.inner_text("#order-split")
    assert page.inner_text("#cart-total") == "$12.50"

    row = f"tr[data-line='{line.pk}']"
    page.fill(f"{row} input[name=quantity]", "4")
    page.click(f"{row} button:has-text('Update')")
    page.wait_for_selector(f"{row} td.line-total:has-text('$10.00')")
    assert page.inner_text("section[data-shop='Mug Co'] .shop-subtotal") == "$10.00"
    assert page.inner_text("#cart-total") == "$20.00"

    page.click(f"{row} button:has-text('Remove')")
    page.wait_for_selector("#order-split:has-text('one order')")
    assert page.inner_text("#cart-total") == "$10.00"
    assert list(CartItem.objects.values_list("product__name", flat=True)) == ["Lamp"]


def test_seller_changes_item_statuses_one_or_many_and_sees_illegal_ones_refused(
    page: Any, live_server: Any
) -> None:
    vendor, customer = make_vendor("Lamp Co"), make_customer()
    lamp, bulb = make_product(vendor, "Lamp"), make_product(vendor, "Bulb")
    make_product(vendor, "Old Lamp", is_active=False)
    order = make_order(customer, vendor, (lamp, 1, "order_placed"), (bulb, 2, "order_placed"))
    first, second = order.items.order_by("id")
    sign_in(page, live_server.url, vendor.user.username)
    page.goto(f"{live_server.url}/seller/")

    # one item, from its own row
    page.select_option(f"tr[data-item='{first.pk}'] select[name=status]", "packed")
    page.click(f"tr[data-item='{first.pk}'] button:has-text('Update')")
    assert "1 item marked Packed." in message(page)
    assert page.inner_text(f"tr[data-item='{first.pk}'] .item-status") == "Packed"

    # both, with the bulk form: the placed one can't ship yet, so neither moves
    page.check(f"tr[data-item='{first.pk}'] input[type=checkbox]")
    page.check(f"tr[data-item='{second.pk}'] input[type=checkbox]")
    page.select_option("#bulk-status select[name=status]", "shipped")
    page.click("#bulk-status button")
    alert = page.inner_text("ul.messages li.error")
    assert f"Order item {second.pk} can't move from 'order_placed' to 'shipped'" in alert
    assert set(order.items.values_list("status", flat=True)) == {"packed", "order_placed"}

    page.check(f"tr[data-item='{first.pk}'] input[type=checkbox]")
    page.check(f"tr[data-item='{second.pk}'] input[type=checkbox]")
    page.select_option("#bulk-status select[name=status]", "packed")
    page.click("#bulk-status button")
    assert "1 item marked Packed." in message(page)  # the other one was packed already
    order.refresh_from_db()
    assert order.status == Order.Status.PACKED
    assert "Packed" in page.inner_text(f"tbody[data-order-code='{order.order_code}'] .order-row")

    assert page.locator("#sales-chart .date-label").count() == 14
    assert page.locator("#sales-chart .axis").count() == 2
    assert page.is_visible("#seller-products li.inactive:has-text('Old Lamp')")
    assert "Inactive" in page.inner_text("#seller-products li.inactive")


def test_customer_dashboard_lists_a_product_viewed_five_times_once_and_orders_link_to_pages(
    page: Any, live_server: Any
) -> None:
    vendor, customer = make_vendor(), make_customer()
    lamp, mug = make_product(vendor, "Desk Lamp"), make_product(vendor, "Tea Mug")
    order = make_order(customer, vendor, (lamp, 1, "shipped"), (mug, 1, "order_placed"))
    sign_in(page, live_server.url, customer.user.username)
    page.goto(f"{live_server.url}/products/{mug.pk}/")
    for _ in range(5):
        page.goto(f"{live_server.url}/products/{lamp.pk}/")
    page.goto(f"{live_server.url}/dashboard/")
    viewed = page.locator("#recently-viewed li").all_inner_texts()
    assert [text.split(" ")[0:2] for text in viewed] == [["Desk", "Lamp"], ["Tea", "Mug"]]
    assert ViewedProduct.objects.filter(customer=customer).count() == 2

    page.click(f"a:has-text('{order.order_code}')")
    page.wait_for_selector("#order-items")
    assert page.inner_text("#order-status") == "Partially Shipped"
    rows = {
        item.pk: page.inner_text(f"tr[data-item='{item.pk}'] .item-status")
        for item in order.items.all()
    }
    assert sorted(rows.values()) == ["Order Placed", "Shipped"]


def test_a_customer_pays_then_cancels_an_order_that_has_not_shipped(
    page: Any, live_server: Any
) -> None:
    vendor, customer = make_vendor(), make_customer()
    lamp = make_product(vendor, "Lamp", "10.00", stock=4)
    order = make_order(customer, vendor, (lamp, 2, "packed"))
    sign_in(page, live_server.url, customer.user.username)
    page.goto(f"{live_server.url}/orders/{order.pk}/")
    page.click("#pay")
    assert f"Order {order.order_code} is paid." in message(page)
    assert not page.is_visible("#pay")
    page.click("#cancel-order")
    assert f"Order {order.order_code} is cancelled." in message(page)
    assert page.inner_text("#order-status") == "Cancelled"
    assert not page.is_visible("#cancel-order")
    lamp.refresh_from_db()
    assert lamp.stock == 6


@pytest.mark.parametrize(
    ("role", "links", "absent"),
    [
        ("customer", ["Products", "Cart", "My orders"], ["Deal board", "Seller dashboard"]),
        ("vendor", ["Products", "Seller dashboard", "Deal board"], ["Cart", "Admin"]),
        ("staff", ["Products", "Deal board", "Admin"], ["Cart", "Seller dashboard"]),
    ],
)
def test_navigation_shows_each_role_its_links(
    page: Any, live_server: Any, role: str, links: list[str], absent: list[str]
) -> None:
    user = {
        "customer": lambda: make_customer().user,
        "vendor": lambda: make_vendor().user,
        "staff": make_staff,
    }[role]()
    sign_in(page, live_server.url, user.username)
    shown = page.locator("nav.main-nav a").all_inner_texts()
    assert all(link in shown for link in links), shown
    assert not any(link in shown for link in absent), shown
    if "Deal board" in links:
        page.click("nav.main-nav a:has-text('Deal board')")
        page.wait_for_selector("h1:has-text('Deal board')")


def test_error_pages_are_styled_like_the_rest(page: Any, live_server: Any) -> None:
    response = page.goto(f"{live_server.url}/products/99999999999999999999/")
    assert response.status == 404
    assert page.inner_text(".error-code") == "404"
    header = page.eval_on_selector(".site-header", "e => getComputedStyle(e).backgroundColor")
    assert header == "rgb(15, 23, 42)"  # the stylesheet is applied

    vendor = make_vendor()
    sign_in(page, live_server.url, vendor.user.username)
    response = page.goto(f"{live_server.url}/cart/")
    assert response.status == 403
    assert "This page is for customers" in page.inner_text(".error-message")
    page.click("text=Back to the shop")
    page.wait_for_selector("h1:has-text('All products')")

    response = page.goto(f"{live_server.url}/products/?category=%C2%B2")
    assert response.status == 400
    assert "category must be a positive integer id, not '²'" in page.inner_text(".error-message")
