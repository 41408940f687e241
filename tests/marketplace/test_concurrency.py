"""Races on PostgreSQL: order codes stay unique, the last item in stock is sold once."""

from __future__ import annotations

import threading
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection

from marketplace.models import Order, OrderCodeCounter, OrderItem, Product
from marketplace.services.checkout import CheckoutError, place_order

from .factories import add_to_cart, make_customer, make_product, make_vendor

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


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
        thread.join(timeout=60)
    return results


def test_concurrent_callers_never_share_an_order_code() -> None:
    results = run_together([lambda: OrderCodeCounter.take(5, year=2040) for _ in range(6)])
    codes = [code for batch in results for code in batch]
    assert len(codes) == len(set(codes)) == 30
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


def test_concurrent_item_updates_leave_the_order_total_and_status_right() -> None:
    vendor = make_vendor()
    products = [make_product(vendor, f"P{n}", "10.00") for n in range(4)]
    order = Order.objects.create(customer=make_customer(), vendor=vendor)
    items = [
        OrderItem.objects.create(order=order, product=p, quantity=1, unit_price=p.price)
        for p in products
    ]

    def ship(item: OrderItem) -> Callable[[], Any]:
        def job() -> int:
            return OrderItem.objects.filter(pk=item.pk).update(quantity=3, status="shipped")

        return job

    results = run_together([ship(item) for item in items])
    assert results == [1, 1, 1, 1]
    order.refresh_from_db()
    assert order.total_amount == Decimal("120.00")
    assert order.status == Order.Status.SHIPPED
