"""The life cycle of an order: which item status may follow which, and the order's derived status.

An item moves forward only -- placed → packed → shipped → delivered → returned -- and may be
cancelled until it ships. The order's status is derived from the statuses of its items (see
:func:`derive_order_status`); a cancelled order is terminal, none of its items moves again.
Every change is one set-based, tracked write, so the audit trail records who made it, and the
``marketplace.order_rollup`` hook moves the orders inside the same transaction.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.db.models import Case, F, QuerySet, Value, When

from marketplace.models import ITEM_TRANSITIONS, Order, OrderItem, Product, derive_order_status
from modelsync.errors import ModelsyncError
from modelsync.tracking import TrackingInfo

__all__ = [
    "ITEM_TRANSITIONS",
    "IllegalTransition",
    "cancel_order",
    "change_item_status",
    "derive_order_status",
    "pay_order",
]

ItemStatus = OrderItem.Status
OrderStatus = Order.Status

User = AbstractBaseUser | AnonymousUser


class IllegalTransition(ModelsyncError, ValueError):
    """A status change the life cycle does not allow; the message names the item (or order),
    the current status and the one asked for."""


def _info(by: User | None) -> TrackingInfo:
    """The audit trail's "who did it" of a change made by ``by``."""
    return TrackingInfo(user=by if by is not None and by.is_authenticated else None)


def _check(item: OrderItem, status: str) -> None:
    if item.order.status == OrderStatus.CANCELLED:
        raise IllegalTransition(
            f"Order item {item.pk} can't move to {status!r}: its order {item.order} is cancelled."
        )
    if status not in ITEM_TRANSITIONS[item.status]:
        allowed = sorted(ITEM_TRANSITIONS[item.status]) or ["nothing (final)"]
        raise IllegalTransition(
            f"Order item {item.pk} can't move from {item.status!r} to {status!r}; "
            f"from {item.status!r} it may move to {', '.join(allowed)}."
        )


def change_item_status(
    items: Iterable[OrderItem] | QuerySet[OrderItem], status: str, *, by: User | None
) -> int:
    """Move ``items`` to ``status``, all or nothing; returns how many items changed.

    Every item is checked against :data:`ITEM_TRANSITIONS` (items already at ``status`` are
    left alone, so a retried request changes nothing twice) before one tracked UPDATE writes
    them all, attributed to ``by``. Items of a cancelled order are refused. Cancelled items
    give their quantity back to the product's stock. Raises :class:`IllegalTransition`.
    """
    status = str(status)  # a Status member or its value; messages show the plain value
    if status not in ITEM_TRANSITIONS:
        raise IllegalTransition(
            f"Unknown order item status {status!r}; choose from {sorted(ITEM_TRANSITIONS)}."
        )
    if isinstance(items, QuerySet):
        keys = list(items.values_list("pk", flat=True))
    else:
        keys = [item.pk for item in items]
    with transaction.atomic():
        # The rows are locked (PostgreSQL) or the database is (SQLite, IMMEDIATE transactions),
        # so the statuses checked are the ones the UPDATE overwrites.
        locked = list(
            OrderItem.objects.select_for_update(of=("self",))
            .filter(pk__in=keys)
            .select_related("order")
            .order_by("pk")
        )
        moving = [item for item in locked if item.status != status]
        for item in moving:
            _check(item, status)
        if not moving:
            return 0
        OrderItem.objects.filter(pk__in=[item.pk for item in moving]).update(
            status=status, tracking_info_=_info(by)
        )
        if status == ItemStatus.CANCELLED:
            _restock(moving)
    return len(moving)


def _restock(items: list[OrderItem]) -> None:
    """Give the quantities of ``items`` back to their products, in one UPDATE."""
    returned: Counter[int] = Counter()
    for item in items:
        returned[item.product_id] += item.quantity
    Product.objects.filter(pk__in=returned).update(
        stock=F("stock")
        + Case(*(When(pk=pk, then=Value(qty)) for pk, qty in returned.items()), default=Value(0))
    )


def cancel_order(order: Order, *, by: User | None) -> Order:
    """Cancel ``order`` and every item of it; refused once any item has shipped.

    The order's status becomes ``cancelled`` for good; its items' stock returns to the
    products. Returns the order, refreshed. Raises :class:`IllegalTransition`.
    """
    order.refresh_from_db(fields=["status"])
    if order.status == OrderStatus.CANCELLED:
        raise IllegalTransition(f"Order {order} is already cancelled.")
    with transaction.atomic():
        # Items first, then the order (the roll-up locks it), like every item write: two
        # writers never wait for each other's locks in opposite orders.
        change_item_status(order.items.all(), ItemStatus.CANCELLED, by=by)
        # An order without items has nothing to derive its status from: set it here.
        Order.objects.filter(pk=order.pk).exclude(status=OrderStatus.CANCELLED).update(
            status=OrderStatus.CANCELLED, tracking_info_=_info(by)
        )
    order.refresh_from_db()
    return order


def pay_order(order: Order, *, by: User | None) -> Order:
    """Mark ``order`` paid (the customer's own action); refused for a cancelled order.

    Paying twice changes nothing (a retried request is harmless). Returns the order, refreshed.
    """
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        if locked.status == OrderStatus.CANCELLED:
            raise IllegalTransition(f"Order {locked} is cancelled; it can't be paid.")
        if not locked.is_paid:
            Order.objects.filter(pk=locked.pk).update(is_paid=True, tracking_info_=_info(by))
    order.refresh_from_db()
    return order
