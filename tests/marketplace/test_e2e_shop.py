"""End to end in headless Chromium, one story per test, several people at once: a shopper
buys from two shops, the vendors fulfil their orders, and nobody sees another's orders."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from marketplace.models import CartItem, Order, SearchedProduct

from .factories import PASSWORD, make_customer, make_product, make_vendor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page: Any, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_selector(f"text=Sign out ({username})")


@pytest.fixture
def second_page(browser: Any) -> Iterator[Any]:
    """Another person's browser (own cookies), next to ``page``."""
    context = browser.new_context()
    other = context.new_page()
    other.set_default_timeout(15_000)
    try:
        yield other
    finally:
        context.close()


def buy(page: Any, base: str, query: str, name: str, quantity: int) -> None:
    """Search the catalog, open the product and add ``quantity`` of it to the cart."""
    page.goto(f"{base}/products/")
    page.fill("form.search input[name=q]", query)
    page.click("form.search button[type=submit]")
    page.click(f".product-card h3 a:has-text('{name}')")
    page.wait_for_selector(f"h1:has-text('{name}')")
    page.fill("#add-to-cart input[name=quantity]", str(quantity))
    page.click("#add-to-cart button")
    page.wait_for_selector("#cart")


def test_a_shopper_browses_adds_checks_out_and_sees_the_orders(page: Any, live_server: Any) -> None:
    lantern = make_product(make_vendor("Lantern Shop"), "Paper Lantern", "12.50", stock=5)
    make_product(make_vendor("Mug Co"), "Tea Mug", "3.00", stock=9)
    customer = make_customer()
    base = live_server.url

    sign_in(page, base, customer.user.username)
    buy(page, base, "lantern", "Paper Lantern", 2)
    buy(page, base, "mug", "Tea Mug", 3)
    assert "2 orders, one per shop" in page.inner_text("#order-split")
    assert page.inner_text("#cart-total") == "$34.00"
    page.click("#checkout")
    page.wait_for_selector("text=Thank you! Placed 2 orders")

    orders = {order.vendor.shop_name: order for order in Order.objects.filter(customer=customer)}
    assert set(orders) == {"Lantern Shop", "Mug Co"}
    row = page.inner_text(f"tr[data-order-code='{orders['Lantern Shop'].order_code}']")
    assert (
        "2 \N{MULTIPLICATION SIGN} Paper Lantern" in row
        and "$25.00" in row
        and "Order Placed" in row
    )
    assert not CartItem.objects.filter(customer=customer).exists()
    lantern.refresh_from_db()
    assert lantern.stock == 3
    assert SearchedProduct.objects.filter(customer=customer, query="lantern").exists()

    page.click(f"a:has-text('{orders['Mug Co'].order_code}')")
    page.wait_for_selector("#order-items")
    assert page.inner_text("#order-items tbody").split("\t")[:4] == [
        "Tea Mug",
        "3",
        "$3.00",
        "$9.00",
    ]
    assert "From Mug Co" in page.inner_text("main")
    assert page.inner_text("#order-status") == "Order Placed"


def test_a_vendor_ships_and_delivers_and_the_shopper_sees_each_change(
    page: Any, second_page: Any, live_server: Any
) -> None:
    vendor = make_vendor("Lamp Co")
    lamp, bulb = make_product(vendor, "Lamp", "10.00"), make_product(vendor, "Bulb", "2.00")
    customer = make_customer()
    base = live_server.url
    shopper, seller = page, second_page

    sign_in(shopper, base, customer.user.username)
    buy(shopper, base, "lamp", "Lamp", 1)
    buy(shopper, base, "bulb", "Bulb", 2)
    shopper.click("#checkout")
    shopper.wait_for_selector("text=Thank you!")
    order = Order.objects.get(customer=customer)
    lamp_item, bulb_item = (order.items.get(product=p) for p in (lamp, bulb))
    order_page = f"{base}/orders/{order.pk}/"

    sign_in(seller, base, vendor.user.username)
    seller.goto(f"{base}/seller/")

    def bulk(status: str, *items: Any) -> None:
        for item in items:
            seller.check(f"tr[data-item='{item.pk}'] input[type=checkbox]")
        seller.select_option("#bulk-status select[name=status]", status)
        seller.click("#bulk-status button")
        seller.wait_for_selector("ul.messages li.success")

    def single(status: str, item: Any) -> None:
        seller.select_option(f"tr[data-item='{item.pk}'] select[name=status]", status)
        seller.click(f"tr[data-item='{item.pk}'] button:has-text('Update')")
        seller.wait_for_selector("ul.messages li.success")

    def shopper_sees() -> tuple[str, str, str]:
        shopper.goto(order_page)
        return (
            shopper.inner_text("#order-status"),
            shopper.inner_text(f"tr[data-item='{lamp_item.pk}'] .item-status"),
            shopper.inner_text(f"tr[data-item='{bulb_item.pk}'] .item-status"),
        )

    bulk("packed", lamp_item, bulb_item)
    single("shipped", lamp_item)
    assert shopper_sees() == ("Partially Shipped", "Shipped", "Packed")
    single("shipped", bulb_item)
    single("delivered", lamp_item)
    assert shopper_sees() == ("Partially Delivered", "Delivered", "Shipped")
    single("delivered", bulb_item)
    assert shopper_sees() == ("Delivered", "Delivered", "Delivered")
    shopper.goto(f"{base}/dashboard/")
    assert "Delivered" in shopper.inner_text(
        f"tr[data-order-code='{order.order_code}'] .order-status"
    )
    # a delivered product may now be reviewed by its buyer
    shopper.goto(f"{base}/products/{lamp.pk}/")
    assert shopper.is_visible("#review-form")


def test_a_vendor_cannot_see_another_vendors_orders(
    page: Any, second_page: Any, live_server: Any
) -> None:
    mine, theirs = make_vendor("Lamp Co"), make_vendor("Mug Co")
    make_product(mine, "Lamp", "10.00")
    make_product(theirs, "Tea Mug", "3.00")
    customer = make_customer()
    base = live_server.url

    sign_in(page, base, customer.user.username)
    buy(page, base, "mug", "Tea Mug", 1)
    page.click("#checkout")
    page.wait_for_selector("text=Thank you!")
    order = Order.objects.get(customer=customer)

    sign_in(second_page, base, mine.user.username)
    second_page.goto(f"{base}/seller/")
    assert not second_page.is_visible(f"text={order.order_code}")
    assert "No orders yet." in second_page.inner_text("table.seller-orders")
    response = second_page.goto(f"{base}/orders/{order.pk}/")
    assert response.status == 404
    assert second_page.inner_text(".error-code") == "404"
    assert "Tea Mug" not in second_page.content()
