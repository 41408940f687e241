"""Server-rendered pages with the Django test client: roles, records of views and searches,
the cart, reviews, favourites, bad ids, error pages and what each page costs in statements."""

from __future__ import annotations

import uuid

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from marketplace.models import CartItem, ProductReview, SearchedProduct, ViewedProduct
from marketplace.notifications.models import Notification

from .factories import add_to_cart, make_customer, make_order, make_product, make_staff, make_vendor

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_catalog_is_public_and_searches_are_recorded_for_customers() -> None:
    product = make_product(make_vendor(), "Solar Lamp")
    assert "Solar Lamp" in Client().get("/products/?q=solar").content.decode()
    assert not SearchedProduct.objects.exists()
    customer = make_customer()
    client = signed_in(customer.user)
    assert "Solar Lamp" in client.get("/products/", {"q": "solar"}).content.decode()
    client.get(f"/products/{product.pk}/")
    assert SearchedProduct.objects.get(customer=customer).query == "solar"
    assert ViewedProduct.objects.get(customer=customer).product == product


def test_dashboards_need_sign_in_and_the_right_role() -> None:
    assert Client().get("/dashboard/")["Location"].startswith("/accounts/login/")
    vendor, customer = make_vendor(), make_customer()
    assert signed_in(vendor.user).get("/dashboard/").status_code == 403
    assert signed_in(customer.user).get("/seller/").status_code == 403
    assert signed_in(customer.user).get("/dashboard/").status_code == 200
    assert 'id="sales-chart"' in signed_in(vendor.user).get("/seller/").content.decode()


def test_viewing_a_product_five_times_lists_it_once_among_recently_viewed() -> None:
    vendor, customer = make_vendor(), make_customer()
    others = [make_product(vendor, f"Other {n}") for n in range(3)]
    lamp = make_product(vendor, "Desk Lamp")
    client = signed_in(customer.user)
    for product in others:
        client.get(f"/products/{product.pk}/")
    for _ in range(5):
        client.get(f"/products/{lamp.pk}/")
    assert ViewedProduct.objects.filter(customer=customer, product=lamp).count() == 1
    page = client.get("/dashboard/").content.decode()
    viewed = page.split('id="recently-viewed"')[1].split("</section>")[0]
    assert viewed.count("Desk Lamp") == 1
    assert all(f"Other {n}" in viewed for n in range(3))
    # the product viewed last comes first
    assert viewed.index("Desk Lamp") < viewed.index("Other 2")


# --- navigation and error pages -------------------------------------------------------------


def nav(client: Client) -> str:
    page = client.get("/products/").content.decode()
    return page.split('aria-label="Main"')[1].split("</nav>")[0]


def test_the_deal_board_link_is_for_staff_and_vendors_not_for_shoppers() -> None:
    shopper, vendor = nav(signed_in(make_customer().user)), nav(signed_in(make_vendor().user))
    staff, anonymous = nav(signed_in(make_staff())), nav(Client())
    assert "Deal board" not in shopper and "Deal board" not in anonymous
    assert "Deal board" in vendor and "Deal board" in staff
    assert "Cart" in shopper and "My orders" in shopper and "Seller dashboard" not in shopper
    assert "Seller dashboard" in vendor and "Cart" not in vendor
    assert "Admin" in staff and "Admin" not in vendor
    assert "Sign in" in anonymous


@pytest.mark.parametrize(
    "query", ["category=%C2%B2", "category=99999999999999999999", "category=-1", "category=1.5"]
)
def test_a_bad_category_id_is_a_styled_400_naming_the_value(query: str) -> None:
    response = Client().get(f"/products/?{query}")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Bad request" in page and "category must be a positive integer id" in page
    assert 'class="site-header"' in page


@pytest.mark.parametrize(
    "path",
    [
        "/products/%D9%A1/",  # Arabic-Indic one
        "/products/%EF%BC%91/",  # fullwidth one
        "/products/99999999999999999999/",
        "/orders/99999999999999999999/",
        "/shops/0/",
        "/no-such-page/",
    ],
)
def test_bad_or_unknown_paths_answer_the_styled_404_page(path: str) -> None:
    make_product(make_vendor())  # product 1 exists: a non-ASCII "1" must not reach it
    response = Client().get(path)
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page not found" in page and 'class="site-header"' in page


def test_a_page_of_another_role_is_the_styled_403_saying_whom_it_is_for() -> None:
    response = signed_in(make_vendor().user).get("/cart/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "This page is for customers" in page and 'class="site-header"' in page


def test_a_server_error_answers_the_styled_500_page() -> None:
    # A real fault: the catalog's table is gone for the duration of this (rolled back) test.
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE marketplace_product RENAME TO marketplace_product_gone")
    response = Client(raise_request_exception=False).get("/products/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong" in page and 'class="site-header"' in page


# --- product page ---------------------------------------------------------------------------


def test_product_page_links_to_its_shop_which_lists_only_products_for_sale() -> None:
    vendor = make_vendor("Lantern Shop")
    product = make_product(vendor, "Paper Lantern")
    make_product(vendor, "Retired Lantern", is_active=False)
    page = Client().get(f"/products/{product.pk}/").content.decode()
    assert f'href="/shops/{vendor.pk}/"' in page
    shop = Client().get(f"/shops/{vendor.pk}/").content.decode()
    assert "Lantern Shop" in shop and "Paper Lantern" in shop and "Retired Lantern" not in shop


def test_favourite_button_adds_then_removes_the_product() -> None:
    product, customer = make_product(make_vendor(), "Teapot"), make_customer()
    client = signed_in(customer.user)
    client.post(f"/products/{product.pk}/favourite/")
    assert list(customer.favourite_products.all()) == [product]
    assert "In your favourites" in client.get(f"/products/{product.pk}/").content.decode()
    client.post(f"/products/{product.pk}/favourite/")
    assert not customer.favourite_products.exists()
    assert (
        signed_in(make_vendor().user).post(f"/products/{product.pk}/favourite/").status_code == 403
    )


def test_only_a_buyer_who_received_the_product_gets_the_review_form_and_may_post() -> None:
    vendor = make_vendor()
    product = make_product(vendor, "Kettle")
    buyer, waiting, stranger = make_customer(), make_customer(), make_customer()
    make_order(buyer, vendor, (product, 1, "delivered"))
    make_order(waiting, vendor, (product, 1, "shipped"))
    for customer, eligible in ((buyer, True), (waiting, False), (stranger, False)):
        page = signed_in(customer.user).get(f"/products/{product.pk}/").content.decode()
        assert ('id="review-form"' in page) is eligible, customer
    refused = signed_in(stranger.user).post(
        f"/products/{product.pk}/review/", {"rating": "1", "review": "never had it"}, follow=True
    )
    assert "Only customers who received" in refused.content.decode()
    client = signed_in(buyer.user)
    client.post(f"/products/{product.pk}/review/", {"rating": "4", "review": "Boils fast"})
    review = ProductReview.objects.get()
    assert (review.customer, review.rating, review.review) == (buyer, 4, "Boils fast")
    # one review per product: the form is gone, a second post is refused
    page = client.get(f"/products/{product.pk}/").content.decode()
    assert 'id="review-form"' not in page and "Boils fast" in page
    again = client.post(f"/products/{product.pk}/review/", {"rating": "5"}, follow=True)
    assert "already reviewed" in again.content.decode()
    assert ProductReview.objects.count() == 1


# --- cart -----------------------------------------------------------------------------------


def test_adding_twice_adds_to_the_quantity_and_bad_quantity_is_refused() -> None:
    product, customer = make_product(make_vendor()), make_customer()
    client = signed_in(customer.user)
    client.post(f"/cart/add/{product.pk}/", {"quantity": 2})
    client.post(f"/cart/add/{product.pk}/", {"quantity": 3})
    assert CartItem.objects.get(customer=customer).quantity == 5
    response = client.post(f"/cart/add/{product.pk}/", {"quantity": 0}, follow=True)
    assert "Quantity:" in response.content.decode()
    assert CartItem.objects.get(customer=customer).quantity == 5


def test_the_web_cart_keeps_the_per_line_cap_however_often_one_adds() -> None:
    product, customer = make_product(make_vendor(), "Bolt", stock=5000), make_customer()
    client = signed_in(customer.user)
    for _ in range(3):
        response = client.post(f"/cart/add/{product.pk}/", {"quantity": 1000}, follow=True)
    assert "holds at most 1000" in response.content.decode()
    assert CartItem.objects.get(customer=customer).quantity == 1000


def test_changing_a_line_quantity_sets_it_and_refuses_bad_values() -> None:
    product, customer = make_product(make_vendor(), "Mug", "4.50"), make_customer()
    line = add_to_cart(customer, product, 1)
    client = signed_in(customer.user)
    page = client.post(f"/cart/lines/{line.pk}/", {"quantity": 3}, follow=True).content.decode()
    line.refresh_from_db()
    assert line.quantity == 3 and "$13.50" in page
    for bad in ("0", "1001", "two"):
        page = client.post(f"/cart/lines/{line.pk}/", {"quantity": bad}, follow=True)
        assert "Mug: Quantity:" in page.content.decode(), bad
    line.refresh_from_db()
    assert line.quantity == 3
    other = signed_in(make_customer().user)
    assert other.post(f"/cart/lines/{line.pk}/", {"quantity": 9}).status_code == 404


def test_the_cart_explains_one_order_per_shop_with_each_subtotal() -> None:
    customer = make_customer()
    lamp = make_product(make_vendor("Lamp Co"), "Lamp", "10.00")
    mug = make_product(make_vendor("Mug Co"), "Mug", "2.50")
    add_to_cart(customer, lamp, 2)
    add_to_cart(customer, mug, 4)
    page = signed_in(customer.user).get("/cart/").content.decode()
    assert "2 orders, one per shop" in page
    assert "Order from Lamp Co" in page and "$20.00" in page
    assert "Order from Mug Co" in page and "$10.00" in page
    assert "$30.00" in page and "Place 2 orders" in page


def test_removing_someone_elses_cart_line_is_404() -> None:
    product = make_product(make_vendor())
    line = add_to_cart(make_customer(), product)
    assert signed_in(make_customer().user).post(f"/cart/remove/{line.pk}/").status_code == 404
    assert CartItem.objects.filter(pk=line.pk).exists()


def test_checkout_problem_returns_to_the_cart_with_the_reason() -> None:
    product, customer = make_product(make_vendor(), "Kettle", stock=1), make_customer()
    add_to_cart(customer, product, 3)
    response = signed_in(customer.user).post("/cart/checkout/", follow=True)
    assert "Only 1 of &#x27;Kettle&#x27; left in stock" in response.content.decode()
    assert CartItem.objects.filter(customer=customer).exists()


# --- statements per page --------------------------------------------------------------------


def statements_of(client: Client, path: str) -> int:
    client.get(path)  # first visit records the view; the second is the steady state
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx)


@pytest.mark.parametrize("lines", [2, 6])
def test_pages_cost_a_constant_number_of_statements(lines: int) -> None:
    vendor, customer = make_vendor(), make_customer()
    products = [make_product(vendor, f"Product {n}") for n in range(lines)]
    for product in products:
        make_order(customer, vendor, (product, 1, "order_placed"), (product, 2, "shipped"))
        add_to_cart(customer, product)
    shopper, seller = signed_in(customer.user), signed_in(vendor.user)
    order = customer.orders.first()
    # session + user in each; then the page's own reads, one per section
    assert statements_of(shopper, f"/products/{products[0].pk}/") == 10
    assert statements_of(shopper, "/cart/") == 5
    assert statements_of(shopper, "/dashboard/") == 13  # 12 + the notifications
    assert statements_of(shopper, f"/orders/{order.pk}/") == 6
    assert statements_of(seller, "/seller/") == 11


def test_admin_pages_of_the_shop_load_for_staff() -> None:
    vendor, customer = make_vendor(), make_customer()
    product = make_product(vendor)
    add_to_cart(customer, product)
    admin = get_user_model().objects.create_superuser("root", "root@example.com", "pw-123456")
    client = signed_in(admin)
    for name in (
        "vendorprofile",
        "customerprofile",
        "product",
        "order",
        "productreview",
        "cartitem",
    ):
        assert client.get(f"/admin/marketplace/{name}/").status_code == 200, name
    assert client.get(f"/admin/marketplace/product/{product.pk}/change/").status_code == 200


def test_the_customer_dashboard_lists_the_notifications_of_the_change_stream() -> None:
    customer, other = make_customer(), make_customer()
    Notification.objects.create(
        customer=customer, text="Order SO1 is now shipped.", event_id=uuid.uuid4()
    )
    Notification.objects.create(
        customer=other, text="Order SO2 is now packed.", event_id=uuid.uuid4()
    )
    page = signed_in(customer.user).get("/dashboard/").content.decode()
    assert "Order SO1 is now shipped." in page
    assert "Order SO2 is now packed." not in page
