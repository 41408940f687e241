"""The dashboards: JSON shapes, who may see them, and a constant number of queries."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from marketplace.models import (
    Order,
    OrderItem,
    Product,
    ProductReview,
    SearchedProduct,
    ViewedProduct,
)

from .factories import add_to_cart, make_customer, make_product, make_staff, make_vendor

pytestmark = pytest.mark.django_db

CUSTOMER_KEYS = {
    "viewed_products",
    "searched_products",
    "cart_items",
    "orders",
    "top_products",
    "favourite_products",
    "favourite_vendors",
}
VENDOR_KEYS = {"vendor_info", "products", "sold_products", "orders", "reviews", "customers"}


def populate(vendor: Any, customer: Any, size: int) -> None:
    """``size`` products, orders (2 items each), views, searches, reviews and other buyers."""
    products = [make_product(vendor, f"Item {n}", f"{n + 1}.00") for n in range(size)]
    for n, product in enumerate(products):
        buyer = customer if n % 2 == 0 else make_customer()
        order = Order.objects.create(customer=buyer, vendor=vendor)
        OrderItem.objects.create(order=order, product=product, quantity=1, unit_price=product.price)
        OrderItem.objects.create(
            order=order, product=products[0], quantity=2, unit_price=Decimal("1.00")
        )
        ViewedProduct.objects.create(customer=customer, product=product)
        SearchedProduct.objects.create(customer=customer, query=f"item {n}")
        ProductReview.objects.create(customer=buyer, product=product, rating=Decimal("4.5"))
        add_to_cart(customer, product)
        customer.favourite_products.add(product)
    customer.favourite_vendors.add(vendor)


def dashboard_queries(client: APIClient, url: str) -> tuple[int, dict[str, Any]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(queries), response.json()


def test_customer_dashboard_shape_and_spec_limits() -> None:
    vendor, customer = make_vendor(), make_customer()
    populate(vendor, customer, 12)
    client = APIClient()
    client.force_authenticate(customer.user)
    body = client.get(f"/api/customer/{customer.pk}/dashboard/").json()
    assert set(body) == CUSTOMER_KEYS
    assert len(body["viewed_products"]) == 5
    assert body["searched_products"][0]["query"] == "item 11"
    assert len(body["top_products"]) == 10
    assert body["favourite_vendors"] == [{"id": vendor.pk, "shop_name": vendor.shop_name}]
    assert {item["product"]["id"] for order in body["orders"] for item in order["items"]}


def test_vendor_dashboard_lists_distinct_customers() -> None:
    vendor, customer = make_vendor(), make_customer()
    populate(vendor, customer, 6)
    client = APIClient()
    client.force_authenticate(vendor.user)
    body = client.get(f"/api/vendor/{vendor.pk}/dashboard/").json()
    assert set(body) == VENDOR_KEYS
    assert body["vendor_info"]["shop_name"] == vendor.shop_name
    customer_ids = [c["id"] for c in body["customers"]]
    assert len(customer_ids) == len(set(customer_ids)) == 4  # ours (3 orders) + 3 other buyers


def test_dashboards_cost_constant_queries_for_small_and_large_data(settings: Any) -> None:
    settings.MARKETPLACE_DASHBOARD_LIMIT = 20
    small_vendor, small_customer = make_vendor(), make_customer()
    populate(small_vendor, small_customer, 2)
    large_vendor, large_customer = make_vendor(), make_customer()
    populate(large_vendor, large_customer, 30)
    client = APIClient()
    counts = {}
    for name, customer, vendor in (
        ("small", small_customer, small_vendor),
        ("large", large_customer, large_vendor),
    ):
        client.force_authenticate(customer.user)
        counts[f"customer_{name}"], _ = dashboard_queries(
            client, f"/api/customer/{customer.pk}/dashboard/"
        )
        client.force_authenticate(vendor.user)
        counts[f"vendor_{name}"], _ = dashboard_queries(
            client, f"/api/vendor/{vendor.pk}/dashboard/"
        )
    assert counts["customer_small"] == counts["customer_large"]
    assert counts["vendor_small"] == counts["vendor_large"]
    # one query per section (orders and their items: two); the profile is cached on the user
    assert (counts["customer_large"], counts["vendor_large"]) == (8, 6)


def test_someone_elses_dashboard_is_404() -> None:
    vendor, customer, other = make_vendor(), make_customer(), make_customer()
    client = APIClient()
    client.force_authenticate(other.user)
    assert client.get(f"/api/customer/{customer.pk}/dashboard/").status_code == 404
    assert client.get(f"/api/vendor/{vendor.pk}/dashboard/").status_code == 404
    client.force_authenticate(make_vendor().user)
    assert client.get(f"/api/vendor/{vendor.pk}/dashboard/").status_code == 404


def test_staff_see_any_dashboard_and_missing_ones_are_404() -> None:
    vendor, customer = make_vendor(), make_customer()
    client = APIClient()
    client.force_authenticate(make_staff())
    assert client.get(f"/api/customer/{customer.pk}/dashboard/").status_code == 200
    assert client.get(f"/api/vendor/{vendor.pk}/dashboard/").status_code == 200
    assert client.get("/api/vendor/999999/dashboard/").status_code == 404


def test_anonymous_dashboard_is_refused() -> None:
    customer = make_customer()
    assert APIClient().get(f"/api/customer/{customer.pk}/dashboard/").status_code in (401, 403)


def test_top_products_are_by_rating() -> None:
    vendor, customer = make_vendor(), make_customer()
    low = make_product(vendor, "Low")
    high = make_product(vendor, "High")
    Product.objects.filter(pk=low.pk).update(rating=Decimal("1.0"))
    Product.objects.filter(pk=high.pk).update(rating=Decimal("4.9"))
    client = APIClient()
    client.force_authenticate(customer.user)
    body = client.get(f"/api/customer/{customer.pk}/dashboard/").json()
    assert [p["id"] for p in body["top_products"]][:2] == [high.pk, low.pk]
