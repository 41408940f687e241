"""Derive each order's status, total and refund from its items, for many orders at once."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.db import models, transaction
from django.db.models import Count, F, Q, Sum

from marketplace.models import Order, OrderItem
from modelsync.tracking import TrackingInfo

from .lifecycle import derive_order_status

__all__ = ["recompute_orders"]

CENTS = Decimal("0.01")

ItemStatus = OrderItem.Status


def recompute_orders(
    order_ids: Iterable[int | None], tracking_info: TrackingInfo | None = None
) -> int:
    """Recompute ``status``, ``total_amount`` and ``refund_amount`` of the given orders.

    The status follows :func:`~marketplace.services.lifecycle.derive_order_status` (a
    cancelled order stays cancelled); the total sums the lines not cancelled, the refund the
    lines returned. Costs three statements whatever the number of orders: one locked read of
    the orders, one aggregate over their items, one tracked ``bulk_update`` of those whose
    values differ (so the Pipeline sync and the audit trail see the change). Returns the
    number of orders changed.
    """
    ids = sorted({pk for pk in order_ids if pk is not None})
    if not ids:
        return 0
    line_total = models.ExpressionWrapper(
        F("quantity") * F("unit_price"),
        output_field=models.DecimalField(max_digits=14, decimal_places=2),
    )
    per_status = {status: Count("id", filter=Q(status=status)) for status in ItemStatus.values}
    with transaction.atomic():
        # Lock the orders before reading their items: two recomputes of one order run one
        # after the other, so the later one (which sees every committed item) writes last.
        orders = list(Order.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
        figures = {
            row["order_id"]: row
            for row in OrderItem.objects.filter(order_id__in=ids)
            .order_by()
            .values("order_id")
            .annotate(
                total=Sum(line_total, filter=~Q(status=ItemStatus.CANCELLED)),
                refund=Sum(line_total, filter=Q(status=ItemStatus.RETURNED)),
                **per_status,
            )
        }
        changed: list[Order] = []
        for order in orders:
            row = figures.get(order.pk)
            if row is None:
                # No items: nothing to derive a status from, and nothing owed.
                status, total, refund = order.status, Decimal("0.00"), Decimal("0.00")
            else:
                present = [s for s in ItemStatus.values if row[s]]
                status = derive_order_status(present)
                total = Decimal(row["total"] or 0).quantize(CENTS)
                refund = Decimal(row["refund"] or 0).quantize(CENTS)
            if order.status == Order.Status.CANCELLED:
                status = order.status  # cancelled is final
            if (status, total, refund) != (order.status, order.total_amount, order.refund_amount):
                order.status, order.total_amount, order.refund_amount = status, total, refund
                changed.append(order)
        if changed:
            extra = {"tracking_info_": tracking_info} if tracking_info is not None else {}
            Order.objects.bulk_update(changed, ["status", "total_amount", "refund_amount"], **extra)
    return len(changed)
