"""Orders follow their items: status (derived, with partial states) and total, also for bulk writes.

The order follows inside the item write's own transaction (``changes_recorded``); the
receivers of the on-commit signals run too, hence ``django_capture_on_commit_callbacks``.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext

from marketplace.models import Order, OrderCodeCounter, OrderItem, recompute_orders

from .factories import make_customer, make_order, make_product, make_vendor

pytestmark = pytest.mark.django_db

Placed, Shipped, Delivered, Packed = (
    OrderItem.Status.ORDER_PLACED,
    OrderItem.Status.SHIPPED,
    OrderItem.Status.DELIVERED,
    OrderItem.Status.PACKED,
)


@pytest.fixture
def order_with_two_items(django_capture_on_commit_callbacks: Any) -> Order:
    vendor = make_vendor()
    lamp = make_product(vendor, "Lamp", "10.00")
    desk = make_product(vendor, "Desk", "100.00")
    with django_capture_on_commit_callbacks(execute=True):
        return make_order(make_customer(), vendor, (lamp, 2, Placed), (desk, 1, Placed))


def test_order_follows_its_items_before_the_transaction_commits() -> None:
    vendor = make_vendor()
    lamp = make_product(vendor, "Lamp", "10.00")
    order = make_order(make_customer(), vendor, (lamp, 2, Placed))
    OrderItem.objects.filter(order=order).update(status=Shipped)
    order.refresh_from_db()
    assert (order.status, order.total_amount) == (Order.Status.SHIPPED, Decimal("20.00"))


def test_new_order_gets_a_yearly_code() -> None:
    first = Order.objects.create()
    second = Order.objects.create()
    assert re.fullmatch(r"SO\d{4}-\d{6}", first.order_code)
    assert int(second.order_code[-6:]) == int(first.order_code[-6:]) + 1


def test_explicit_order_code_is_kept() -> None:
    assert Order.objects.create(order_code="CUSTOM-1").order_code == "CUSTOM-1"


def test_order_code_counter_reserves_consecutive_blocks() -> None:
    assert OrderCodeCounter.take(2, year=2031) == ["SO2031-000001", "SO2031-000002"]
    assert OrderCodeCounter.take(1, year=2031) == ["SO2031-000003"]
    with pytest.raises(ValueError, match="count >= 1"):
        OrderCodeCounter.take(0)


def test_creating_items_sets_status_and_total(order_with_two_items: Order) -> None:
    order_with_two_items.refresh_from_db()
    assert order_with_two_items.status == Order.Status.ORDER_PLACED
    assert order_with_two_items.total_amount == Decimal("120.00")


def test_one_shipped_item_of_two_makes_the_order_partially_shipped(
    order_with_two_items: Order, django_capture_on_commit_callbacks: Any
) -> None:
    item = order_with_two_items.items.first()
    assert item is not None
    item.status = Shipped
    with django_capture_on_commit_callbacks(execute=True):
        item.save()
    order_with_two_items.refresh_from_db()
    assert order_with_two_items.status == Order.Status.PARTIALLY_SHIPPED


def test_bulk_queryset_update_of_items_delivers_the_order(
    order_with_two_items: Order, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        OrderItem.objects.filter(order=order_with_two_items).update(status=Delivered)
    order_with_two_items.refresh_from_db()
    assert order_with_two_items.status == Order.Status.DELIVERED


def test_bulk_update_of_items_recomputes_total(
    order_with_two_items: Order, django_capture_on_commit_callbacks: Any
) -> None:
    items = list(order_with_two_items.items.all())
    for item in items:
        item.quantity = 3
        item.status = Packed
    with django_capture_on_commit_callbacks(execute=True):
        OrderItem.objects.bulk_update(items, ["quantity", "status"])
    order_with_two_items.refresh_from_db()
    assert order_with_two_items.total_amount == Decimal("330.00")
    assert order_with_two_items.status == Order.Status.PACKED


def test_deleting_an_item_recomputes_from_the_rest(
    order_with_two_items: Order, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        OrderItem.objects.filter(order=order_with_two_items, unit_price=Decimal("10.00")).delete()
    order_with_two_items.refresh_from_db()
    assert order_with_two_items.total_amount == Decimal("100.00")


def test_total_set_directly_holds_until_items_change(
    order_with_two_items: Order, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        Order.objects.filter(pk=order_with_two_items.pk).update(total_amount=Decimal("99.00"))
    order_with_two_items.refresh_from_db()
    assert order_with_two_items.total_amount == Decimal("99.00")
    with django_capture_on_commit_callbacks(execute=True):
        OrderItem.objects.filter(order=order_with_two_items).update(quantity=1)
    order_with_two_items.refresh_from_db()
    assert order_with_two_items.total_amount == Decimal("110.00")


def test_order_without_items_keeps_its_status() -> None:
    order = Order.objects.create(status=Order.Status.CANCELLED)
    recompute_orders([order.pk])
    order.refresh_from_db()
    assert order.status == Order.Status.CANCELLED


def test_update_status_repairs_an_order_by_hand(order_with_two_items: Order) -> None:
    Order.objects.filter(pk=order_with_two_items.pk).update(status=Order.Status.PENDING)
    OrderItem.objects.filter(order=order_with_two_items).update(status=Delivered)
    order_with_two_items.update_status()
    assert order_with_two_items.status == Order.Status.DELIVERED


def _statements_to_recompute(order_count: int) -> int:
    vendor, customer = make_vendor(), make_customer()
    product = make_product(vendor)
    orders = [
        make_order(customer, vendor, (product, 1, Placed), (product, 2, Placed))
        for _ in range(order_count)
    ]
    # An untracked write leaves the orders stale, so the recompute has work to do.
    QuerySet(OrderItem).filter(order__in=orders).update(status=Shipped)
    with CaptureQueriesContext(connection) as queries:
        changed = recompute_orders([o.pk for o in orders])
    assert changed == order_count
    return len(queries)


def test_recompute_costs_the_same_number_of_queries_for_1_or_30_orders() -> None:
    assert _statements_to_recompute(1) == _statements_to_recompute(30)
