"""The order life cycle: item transitions, the order's derived status, cancelling and refunds."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from marketplace.models import Order, OrderItem, Product
from marketplace.services.lifecycle import (
    ITEM_TRANSITIONS,
    IllegalTransition,
    cancel_order,
    change_item_status,
    derive_order_status,
    pay_order,
)
from modelsync.audit.models import ChangeEvent
from modelsync.errors import ModelsyncError

from .factories import make_customer, make_order, make_product, make_vendor

pytestmark = pytest.mark.django_db

S = OrderItem.Status
O = Order.Status  # noqa: E741


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ([], O.PENDING),
        ([S.ORDER_PLACED, S.ORDER_PLACED], O.ORDER_PLACED),
        ([S.PACKED, S.ORDER_PLACED], O.PARTIALLY_PACKED),
        ([S.PACKED, S.PACKED], O.PACKED),
        ([S.SHIPPED, S.PACKED], O.PARTIALLY_SHIPPED),
        ([S.SHIPPED, S.SHIPPED], O.SHIPPED),
        ([S.DELIVERED, S.ORDER_PLACED, S.ORDER_PLACED], O.PARTIALLY_DELIVERED),
        ([S.DELIVERED, S.DELIVERED], O.DELIVERED),
        ([S.DELIVERED, S.DELIVERED, S.DELIVERED, S.RETURNED], O.PARTIALLY_RETURNED),
        ([S.RETURNED, S.SHIPPED], O.PARTIALLY_DELIVERED),
        ([S.RETURNED, S.RETURNED], O.RETURNED),
        ([S.CANCELLED, S.DELIVERED], O.DELIVERED),
        ([S.CANCELLED, S.CANCELLED], O.CANCELLED),
    ],
)
def test_order_status_is_derived_from_the_item_statuses(statuses: list[str], expected: str) -> None:
    assert derive_order_status(statuses) == expected


def test_every_item_status_has_its_transitions_and_none_goes_backwards() -> None:
    assert set(ITEM_TRANSITIONS) == set(S.values)
    assert ITEM_TRANSITIONS[S.DELIVERED] == {S.RETURNED}
    assert S.ORDER_PLACED not in set().union(*ITEM_TRANSITIONS.values())
    assert S.CANCELLED not in ITEM_TRANSITIONS[S.SHIPPED]


@pytest.fixture
def shop() -> dict:
    vendor = make_vendor()
    lamp = make_product(vendor, "Lamp", "10.00", stock=5)
    desk = make_product(vendor, "Desk", "100.00", stock=5)
    order = make_order(
        make_customer(), vendor, (lamp, 2, S.ORDER_PLACED), (desk, 1, S.ORDER_PLACED)
    )
    return {"vendor": vendor, "lamp": lamp, "desk": desk, "order": order}


def test_items_move_forward_and_the_order_follows(shop: dict) -> None:
    order, items = shop["order"], list(shop["order"].items.all())
    by = shop["vendor"].user
    assert change_item_status(items, S.PACKED, by=by) == 2
    assert change_item_status(items[:1], S.SHIPPED, by=by) == 1
    order.refresh_from_db()
    assert order.status == O.PARTIALLY_SHIPPED
    change_item_status(OrderItem.objects.filter(order=order), S.SHIPPED, by=by)
    change_item_status(items, S.DELIVERED, by=by)
    order.refresh_from_db()
    assert order.status == O.DELIVERED


def test_illegal_transition_names_the_item_and_both_statuses_and_changes_nothing(
    shop: dict,
) -> None:
    items = list(shop["order"].items.order_by("pk"))
    change_item_status(items[:1], S.PACKED, by=None)
    with pytest.raises(IllegalTransition) as caught:
        change_item_status(items, S.DELIVERED, by=None)
    message = str(caught.value)
    assert f"Order item {items[0].pk}" in message
    assert "'packed' to 'delivered'" in message
    assert isinstance(caught.value, ValueError) and isinstance(caught.value, ModelsyncError)
    assert sorted(OrderItem.objects.values_list("status", flat=True)) == [S.ORDER_PLACED, S.PACKED]


def test_delivered_item_cannot_go_back_to_placed(shop: dict) -> None:
    item = shop["order"].items.first()
    for status in (S.PACKED, S.SHIPPED, S.DELIVERED):
        change_item_status([item], status, by=None)
    with pytest.raises(IllegalTransition, match="'delivered' to 'order_placed'"):
        change_item_status([item], S.ORDER_PLACED, by=None)


def test_unknown_status_is_refused_by_name(shop: dict) -> None:
    with pytest.raises(IllegalTransition, match="'teleported'"):
        change_item_status(shop["order"].items.all(), "teleported", by=None)


def test_setting_the_current_status_again_changes_nothing(shop: dict) -> None:
    items = list(shop["order"].items.all())
    change_item_status(items, S.PACKED, by=None)
    assert change_item_status(items, S.PACKED, by=None) == 0


def test_status_change_is_one_update_of_all_items(shop: dict) -> None:
    order = shop["order"]
    for _ in range(8):
        OrderItem.objects.create(
            order=order, product=shop["lamp"], quantity=1, unit_price=Decimal("10.00")
        )
    with CaptureQueriesContext(connection) as queries:
        change_item_status(order.items.all(), S.PACKED, by=None)
    updates = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("UPDATE")]
    item_updates = [sql for sql in updates if "marketplace_orderitem" in sql.split("SET")[0]]
    assert len(item_updates) == 1


def test_status_change_is_in_the_audit_trail_with_who_did_it(shop: dict) -> None:
    vendor_user = shop["vendor"].user
    item = shop["order"].items.first()
    change_item_status([item], S.PACKED, by=vendor_user)
    record = ChangeEvent.objects.filter(
        model="marketplace.orderitem", object_id=str(item.pk), action="update"
    ).latest("id")
    assert record.user_id == vendor_user.pk
    assert record.new_values.get("status") == S.PACKED
    order_record = ChangeEvent.objects.filter(
        model="marketplace.order", object_id=str(item.order_id), action="update"
    ).latest("id")
    assert order_record.user_id == vendor_user.pk
    assert order_record.new_values.get("status") == O.PARTIALLY_PACKED


def test_cancelling_an_order_cancels_its_items_restocks_and_is_final(shop: dict) -> None:
    order = shop["order"]
    cancel_order(order, by=None)
    assert order.status == O.CANCELLED
    assert order.total_amount == Decimal("0.00")
    assert set(order.items.values_list("status", flat=True)) == {S.CANCELLED}
    assert Product.objects.get(pk=shop["lamp"].pk).stock == 7
    assert Product.objects.get(pk=shop["desk"].pk).stock == 6
    with pytest.raises(IllegalTransition, match="already cancelled"):
        cancel_order(order, by=None)


def test_no_item_of_a_cancelled_order_moves(shop: dict) -> None:
    order = shop["order"]
    Order.objects.filter(pk=order.pk).update(status=O.CANCELLED)
    with pytest.raises(IllegalTransition, match="is cancelled"):
        change_item_status(order.items.all(), S.PACKED, by=None)
    order.refresh_from_db()
    assert order.status == O.CANCELLED


def test_a_cancelled_order_stays_cancelled_when_an_item_is_written(shop: dict) -> None:
    order = shop["order"]
    cancel_order(order, by=None)
    # A direct (staff) write of an item does not revive the order.
    OrderItem.objects.filter(order=order).update(status=S.SHIPPED)
    order.refresh_from_db()
    assert order.status == O.CANCELLED


def test_an_order_with_a_shipped_item_cannot_be_cancelled(shop: dict) -> None:
    order = shop["order"]
    items = list(order.items.all())
    change_item_status(items, S.PACKED, by=None)
    change_item_status(items[:1], S.SHIPPED, by=None)
    with pytest.raises(IllegalTransition, match="'shipped' to 'cancelled'"):
        cancel_order(order, by=None)
    order.refresh_from_db()
    assert order.status == O.PARTIALLY_SHIPPED


def test_returned_items_show_as_refund_on_the_order(shop: dict) -> None:
    order = shop["order"]
    lamp_line = order.items.get(product=shop["lamp"])
    for status in (S.PACKED, S.SHIPPED, S.DELIVERED):
        change_item_status(order.items.all(), status, by=None)
    change_item_status([lamp_line], S.RETURNED, by=None)
    order.refresh_from_db()
    assert order.status == O.PARTIALLY_RETURNED
    assert (order.total_amount, order.refund_amount) == (Decimal("120.00"), Decimal("20.00"))
    assert order.amount_due == Decimal("100.00")


def test_cancelled_line_leaves_the_total(shop: dict) -> None:
    order = shop["order"]
    change_item_status(order.items.filter(product=shop["lamp"]), S.CANCELLED, by=None)
    order.refresh_from_db()
    assert (order.status, order.total_amount) == (O.ORDER_PLACED, Decimal("100.00"))


def test_paying_marks_the_order_paid_once_and_a_cancelled_order_cannot_be_paid(
    shop: dict,
) -> None:
    order = shop["order"]
    assert pay_order(order, by=None).is_paid
    assert pay_order(order, by=None).is_paid
    other = make_order(make_customer(), shop["vendor"], (shop["lamp"], 1, S.ORDER_PLACED))
    cancel_order(other, by=None)
    with pytest.raises(IllegalTransition, match="can't be paid"):
        pay_order(other, by=None)


def _statements_to_pack(item_count: int) -> int:
    vendor = make_vendor()
    product = make_product(vendor, stock=100)
    order = make_order(
        make_customer(), vendor, *[(product, 1, S.ORDER_PLACED) for _ in range(item_count)]
    )
    with CaptureQueriesContext(connection) as queries:
        change_item_status(order.items.all(), S.PACKED, by=None)
    assert set(order.items.values_list("status", flat=True)) == {S.PACKED}
    return len(queries)


def test_status_change_costs_the_same_statements_for_1_or_12_items() -> None:
    assert _statements_to_pack(1) == _statements_to_pack(12)
