"""Server-rendered pages with the Django test client: roles, records of views and searches."""

from __future__ import annotations

import pytest
from django.test import Client

from marketplace.models import CartItem, SearchedProduct, ViewedProduct

from .factories import add_to_cart, make_customer, make_product, make_vendor

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
    page = signed_in(vendor.user).get("/seller/").content.decode()
    assert 'id="sales-chart"' in page and "/board/" in page


def test_adding_twice_adds_to_the_quantity_and_bad_quantity_is_refused() -> None:
    product, customer = make_product(make_vendor()), make_customer()
    client = signed_in(customer.user)
    client.post(f"/cart/add/{product.pk}/", {"quantity": 2})
    client.post(f"/cart/add/{product.pk}/", {"quantity": 3})
    assert CartItem.objects.get(customer=customer).quantity == 5
    response = client.post(f"/cart/add/{product.pk}/", {"quantity": 0}, follow=True)
    assert "Quantity:" in response.content.decode()
    assert CartItem.objects.get(customer=customer).quantity == 5


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


def test_admin_pages_of_the_shop_load_for_staff() -> None:
    from django.contrib.auth import get_user_model

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
