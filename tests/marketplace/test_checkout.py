"""Placing an order from the cart: atomic, one order per vendor, prices snapshotted."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from marketplace.models import CartItem, Order, OrderCodeCounter, OrderItem, Product
from marketplace.services.checkout import CheckoutError, place_order

from .factories import add_to_cart, make_customer, make_product, make_vendor

pytestmark = pytest.mark.django_db


@pytest.fixture
def cart() -> dict[str, Any]:
    north, south = make_vendor("North"), make_vendor("South")
    lamp = make_product(north, "Lamp", "10.00", stock=5)
    bulb = make_product(north, "Bulb", "2.50", stock=100)
    desk = make_product(south, "Desk", "80.00", stock=1)
    customer = make_customer()
    add_to_cart(customer, lamp, 2)
    add_to_cart(customer, bulb, 4)
    add_to_cart(customer, desk, 1)
    return {
        "customer": customer,
        "lamp": lamp,
        "bulb": bulb,
        "desk": desk,
        "north": north,
        "south": south,
    }


def test_checkout_places_one_order_per_vendor_and_empties_the_cart(cart: dict[str, Any]) -> None:
    orders = place_order(cart["customer"])
    assert sorted(o.vendor_id for o in orders) == sorted([cart["north"].pk, cart["south"].pk])
    assert not CartItem.objects.filter(customer=cart["customer"]).exists()
    north = Order.objects.get(vendor=cart["north"])
    assert north.total_amount == Decimal("30.00")
    assert north.status == Order.Status.ORDER_PLACED
    assert north.order_code.startswith("SO")
    assert north.customer == cart["customer"]


def test_checkout_snapshots_unit_price_and_decrements_stock(cart: dict[str, Any]) -> None:
    place_order(cart["customer"])
    Product.objects.filter(pk=cart["lamp"].pk).update(price=Decimal("99.00"))
    item = OrderItem.objects.get(product=cart["lamp"])
    assert (item.quantity, item.unit_price) == (2, Decimal("10.00"))
    assert Product.objects.get(pk=cart["lamp"].pk).stock == 3
    assert Product.objects.get(pk=cart["desk"].pk).stock == 0


def test_checkout_with_too_little_stock_changes_nothing(cart: dict[str, Any]) -> None:
    CartItem.objects.filter(product=cart["desk"]).update(quantity=2)
    with pytest.raises(CheckoutError, match=r"Only 1 of 'Desk' left in stock"):
        place_order(cart["customer"])
    assert Order.objects.count() == 0
    assert CartItem.objects.filter(customer=cart["customer"]).count() == 3
    assert Product.objects.get(pk=cart["lamp"].pk).stock == 5


def test_checkout_of_an_empty_cart_is_an_error() -> None:
    with pytest.raises(CheckoutError, match=r"The cart is empty\."):
        place_order(make_customer())


def test_checkout_costs_the_same_queries_for_small_and_big_carts() -> None:
    def build(lines: int) -> Any:
        vendor, customer = make_vendor(), make_customer()
        for n in range(lines):
            add_to_cart(customer, make_product(vendor, f"P{n}", "1.00", stock=10))
        return customer

    small, big = build(1), build(12)
    OrderCodeCounter.take(1)  # the year's counter row exists already in both runs
    with CaptureQueriesContext(connection) as small_queries:
        place_order(small)
    with CaptureQueriesContext(connection) as big_queries:
        place_order(big)
    assert len(small_queries) == len(big_queries)


def test_checkout_api_returns_the_orders_and_400_when_empty(cart: dict[str, Any]) -> None:
    client = APIClient()
    client.force_authenticate(cart["customer"].user)
    response = client.post("/api/checkout/")
    assert response.status_code == 201, response.content
    assert len(response.json()["orders"]) == 2
    again = client.post("/api/checkout/")
    assert again.status_code == 400
    assert again.json() == {"cart": ["The cart is empty."]}


def test_checkout_api_is_forbidden_for_vendors(cart: dict[str, Any]) -> None:
    client = APIClient()
    client.force_authenticate(cart["north"].user)
    assert client.post("/api/checkout/").status_code == 403
