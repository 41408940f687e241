"""Concurrent shoppers and sellers, on SQLite (WAL, IMMEDIATE transactions) and PostgreSQL.

Real threads send real HTTP requests to a live server at the same moment; every request must
get a 2xx or a clean 4xx (never a 500 "database is locked"), stock never goes negative, and
totals and statuses come out right.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
import requests
from django.db import connection
from rest_framework.authtoken.models import Token

from marketplace.models import Order, OrderCodeCounter, OrderItem, Product
from marketplace.services.checkout import CheckoutError, place_order

from .factories import add_to_cart, make_customer, make_order, make_product, make_vendor

pytestmark = pytest.mark.django_db(transaction=True)

RACERS = 8


def run_together(jobs: list[Callable[[], Any]]) -> list[Any]:
    """Start ``jobs`` in threads released at the same moment; return results or exceptions."""
    barrier = threading.Barrier(len(jobs))
    results: list[Any] = [None] * len(jobs)

    def run(index: int, job: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            results[index] = job()
        except Exception as error:  # the test inspects what each racer got
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def token_headers(user: Any) -> dict[str, str]:
    return {"Authorization": f"Token {Token.objects.create(user=user).key}"}


def post(
    url: str, headers: dict[str, str], body: dict[str, Any] | None = None
) -> Callable[[], Any]:
    return lambda: requests.post(url, json=body or {}, headers=headers, timeout=120)


def codes(responses: list[Any]) -> list[int]:
    assert all(isinstance(r, requests.Response) for r in responses), responses
    return [r.status_code for r in responses]


def test_eight_customers_check_out_unrelated_products_at_once(live_server: Any) -> None:
    vendor = make_vendor()
    shoppers = []
    for n in range(RACERS):
        customer = make_customer()
        product = make_product(vendor, f"P{n}", "12.50", stock=5)
        add_to_cart(customer, product, 2)
        shoppers.append((customer, product))
    results = run_together(
        [post(f"{live_server.url}/api/checkout/", token_headers(c.user)) for c, _ in shoppers]
    )
    assert codes(results) == [201] * RACERS, [r.text[:200] for r in results]
    for customer, product in shoppers:
        assert Product.objects.get(pk=product.pk).stock == 3
        order = Order.objects.get(customer=customer)
        assert order.total_amount == Decimal("25.00")
        assert order.status == Order.Status.ORDER_PLACED
    codes_taken = Order.objects.values_list("order_code", flat=True)
    assert len(set(codes_taken)) == RACERS


def test_eight_customers_racing_for_three_in_stock_get_201_or_a_clean_400(
    live_server: Any,
) -> None:
    product = make_product(make_vendor(), "Rare Vase", "40.00", stock=3)
    customers = [make_customer() for _ in range(RACERS)]
    for customer in customers:
        add_to_cart(customer, product, 1)
    results = run_together(
        [post(f"{live_server.url}/api/checkout/", token_headers(c.user)) for c in customers]
    )
    assert sorted(codes(results)) == [201] * 3 + [400] * (RACERS - 3)
    refused = [r.json() for r in results if r.status_code == 400]
    assert all("left in stock" in body["cart"][0] for body in refused)
    assert Product.objects.get(pk=product.pk).stock == 0
    assert Order.objects.count() == 3
    assert all(o.total_amount == Decimal("40.00") for o in Order.objects.all())


def test_eight_vendors_change_their_item_statuses_at_once(live_server: Any) -> None:
    jobs, orders = [], []
    for _ in range(RACERS):
        vendor = make_vendor()
        products = [make_product(vendor, f"P{n}", "10.00") for n in range(3)]
        order = make_order(make_customer(), vendor, *[(p, 1, "order_placed") for p in products])
        ids = list(order.items.values_list("pk", flat=True))
        orders.append(order)
        jobs.append(
            post(
                f"{live_server.url}/api/order-items/bulk-status/",
                token_headers(vendor.user),
                {"ids": ids, "status": "packed"},
            )
        )
    results = run_together(jobs)
    assert codes(results) == [200] * RACERS, [r.text[:200] for r in results]
    for order in orders:
        order.refresh_from_db()
        assert order.status == Order.Status.PACKED
        assert order.total_amount == Decimal("30.00")
    assert set(OrderItem.objects.values_list("status", flat=True)) == {"packed"}


def test_eight_concurrent_changes_of_one_orders_items_leave_its_status_right(
    live_server: Any,
) -> None:
    vendor = make_vendor()
    products = [make_product(vendor, f"P{n}", "10.00") for n in range(RACERS)]
    order = make_order(make_customer(), vendor, *[(p, 1, "packed") for p in products])
    headers = token_headers(vendor.user)
    items = list(order.items.order_by("pk"))
    jobs = [
        lambda item=item: requests.patch(
            f"{live_server.url}/api/order-items/{item.pk}/",
            json={"status": "shipped"},
            headers=headers,
            timeout=120,
        )
        for item in items
    ]
    results = run_together(jobs)
    assert codes(results) == [200] * RACERS, [r.text[:200] for r in results]
    order.refresh_from_db()
    assert order.status == Order.Status.SHIPPED
    assert order.total_amount == Decimal("80.00")


def test_concurrent_callers_never_share_an_order_code() -> None:
    results = run_together([lambda: OrderCodeCounter.take(5, year=2040) for _ in range(6)])
    assert not [r for r in results if isinstance(r, Exception)], results
    taken = [code for batch in results for code in batch]
    assert len(taken) == len(set(taken)) == 30
    assert OrderCodeCounter.objects.get(year=2040).last_number == 30


def test_last_item_in_stock_is_sold_to_exactly_one_customer() -> None:
    product = make_product(make_vendor(), "Rare Vase", stock=1)
    customers = [make_customer() for _ in range(3)]
    for customer in customers:
        add_to_cart(customer, product)
    results = run_together([lambda c=c: place_order(c) for c in customers])
    assert sum(isinstance(r, list) for r in results) == 1
    assert sum(isinstance(r, CheckoutError) for r in results) == 2
    assert Product.objects.get(pk=product.pk).stock == 0
    assert Order.objects.count() == 1


def test_carts_holding_the_same_products_in_opposite_orders_check_out_without_deadlock(
    live_server: Any,
) -> None:
    vendor = make_vendor()
    lamp, desk = make_product(vendor, "Lamp", stock=100), make_product(vendor, "Desk", stock=100)
    customers = [make_customer() for _ in range(RACERS)]
    for n, customer in enumerate(customers):
        first, second = (lamp, desk) if n % 2 else (desk, lamp)
        add_to_cart(customer, first)
        add_to_cart(customer, second)
    results = run_together(
        [post(f"{live_server.url}/api/checkout/", token_headers(c.user)) for c in customers]
    )
    assert codes(results) == [201] * RACERS, [r.text[:200] for r in results]
    assert Product.objects.get(pk=lamp.pk).stock == Product.objects.get(pk=desk.pk).stock == 92


def test_customers_cancelling_while_their_vendors_pack_end_cancelled_with_stock_back(
    live_server: Any,
) -> None:
    jobs, orders, products = [], [], []
    for _ in range(RACERS // 2):
        vendor, customer = make_vendor(), make_customer()
        product = make_product(vendor, "Lamp", stock=7)
        order = make_order(
            customer, vendor, (product, 2, "order_placed"), (product, 1, "order_placed")
        )
        ids = list(order.items.values_list("pk", flat=True))
        orders.append(order)
        products.append(product)
        jobs.append(
            post(f"{live_server.url}/api/orders/{order.pk}/cancel/", token_headers(customer.user))
        )
        jobs.append(
            post(
                f"{live_server.url}/api/order-items/bulk-status/",
                token_headers(vendor.user),
                {"ids": ids, "status": "packed"},
            )
        )
    results = run_together(jobs)
    assert set(codes(results)) <= {200, 400}, [r.text[:200] for r in results]
    cancels = codes(results)[::2]
    assert cancels == [200] * (RACERS // 2), [r.text[:200] for r in results[::2]]
    for order, product in zip(orders, products, strict=True):
        order.refresh_from_db()
        assert order.status == Order.Status.CANCELLED and order.total_amount == Decimal("0.00")
        assert set(order.items.values_list("status", flat=True)) == {"cancelled"}
        # make_order took no stock; cancelling gives the 3 ordered back.
        assert Product.objects.get(pk=product.pk).stock == 10
