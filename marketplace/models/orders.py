"""Orders placed by customers with vendors."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from modelsync.sync import SyncTo
from modelsync.tracking import TrackingInfo
from modelsync.tracking.models import TrackedModel

from .crm import OrderManager
from .validators import reject_bidi_controls

__all__ = [
    "ITEM_TRANSITIONS",
    "CartItem",
    "Order",
    "OrderCodeCounter",
    "OrderItem",
    "derive_order_status",
    "recompute_orders",
]

CENTS = Decimal("0.01")

ORDER_CODE_PREFIX = "SO"


class OrderCodeCounter(models.Model):
    """The last order number handed out in a year; its row is locked while numbers are taken."""

    year = models.PositiveIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"

    @classmethod
    def take(cls, count: int = 1, year: int | None = None) -> list[str]:
        """Reserve ``count`` consecutive order codes like ``SO2026-000001`` for ``year``.

        The counter row is locked (``SELECT ... FOR UPDATE``) until the surrounding transaction
        ends, so concurrent callers wait instead of taking the same number.
        """
        if count < 1:
            raise ValueError(f"OrderCodeCounter.take() needs count >= 1, got {count!r}.")
        year = year or timezone.now().year
        with transaction.atomic():
            # get_or_create retries the read when a concurrent insert of the same year wins.
            cls.objects.get_or_create(year=year)
            counter = cls.objects.select_for_update().get(year=year)
            first = counter.last_number + 1
            counter.last_number += count
            counter.save(update_fields=["last_number"])
        return [f"{ORDER_CODE_PREFIX}{year}-{number:06d}" for number in range(first, first + count)]


class Order(TrackedModel):
    """An order of one customer with one vendor; every write to it is tracked."""

    class Status(models.TextChoices):
        """Derived from the items' statuses (:func:`derive_order_status`)."""

        PENDING = "pending", "Pending"
        ORDER_PLACED = "order_placed", "Order Placed"
        PARTIALLY_PACKED = "partially_packed", "Partially Packed"
        PACKED = "packed", "Packed"
        PARTIALLY_SHIPPED = "partially_shipped", "Partially Shipped"
        SHIPPED = "shipped", "Shipped"
        PARTIALLY_DELIVERED = "partially_delivered", "Partially Delivered"
        DELIVERED = "delivered", "Delivered"
        PARTIALLY_RETURNED = "partially_returned", "Partially Returned"
        RETURNED = "returned", "Returned"
        CANCELLED = "cancelled", "Cancelled"

    order_code = models.CharField(max_length=20, unique=True, blank=True)
    customer = models.ForeignKey(
        "marketplace.CustomerProfile",
        on_delete=models.PROTECT,
        related_name="orders",
        null=True,
        blank=True,
    )
    vendor = models.ForeignKey(
        "marketplace.VendorProfile",
        on_delete=models.PROTECT,
        related_name="orders",
        null=True,
        blank=True,
    )
    contact = models.CharField(max_length=200, blank=True, validators=[reject_bidi_controls])
    order_date = models.DateField(null=True, blank=True)
    # Derived from the items: the sum of the lines not cancelled, and of the lines returned.
    total_amount = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0.00"))
    refund_amount = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0.00"))
    status = models.CharField(max_length=30, choices=Status.choices, default=Status.PENDING)
    is_paid = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )

    # Sync (modelsync.sync): the pipeline copies these fields; its contact flows back here.
    objects = OrderManager()  # type: ignore[misc]  # (stubs: TrackedModel.objects)
    sync_pipeline = SyncTo(
        "pipeline", fields=["contact", "order_date", "total_amount"], bidirectional=["contact"]
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        # The dashboards list a vendor's / a customer's newest orders.
        indexes = [
            models.Index(fields=["vendor", "-created_at", "-id"], name="order_vendor_newest"),
            models.Index(fields=["customer", "-created_at", "-id"], name="order_customer_newest"),
        ]

    def __str__(self) -> str:
        return self.order_code or f"Order {self.pk}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Save; a new order without ``order_code`` gets the next one of the year."""
        if not self.order_code and self._state.adding:
            self.order_code = OrderCodeCounter.take(1)[0]
        super().save(*args, **kwargs)

    @property
    def amount_due(self) -> Decimal:
        """What the customer pays in the end: the total less the refund of returned lines."""
        return self.total_amount - self.refund_amount

    def update_status(self) -> None:
        """Set ``status``, ``total_amount`` and ``refund_amount`` from the items.

        It runs automatically after every item write (the ``marketplace.order_rollup`` hook in
        ``marketplace.receivers``); call it only to repair an order by hand.
        """
        recompute_orders([self.pk])
        self.refresh_from_db(fields=["status", "total_amount", "refund_amount"])


class OrderItem(TrackedModel):
    """One product line of an order, with the unit price paid and its own shipping status."""

    class Status(models.TextChoices):
        """Moves only as :data:`ITEM_TRANSITIONS` allows."""

        ORDER_PLACED = "order_placed", "Order Placed"
        PACKED = "packed", "Packed"
        SHIPPED = "shipped", "Shipped"
        DELIVERED = "delivered", "Delivered"
        RETURNED = "returned", "Returned"
        CANCELLED = "cancelled", "Cancelled"

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="items")
    product = models.ForeignKey(
        "marketplace.Product", on_delete=models.PROTECT, related_name="order_items"
    )
    quantity = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    unit_price = models.DecimalField(
        max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0.00"))]
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ORDER_PLACED)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gte=1), name="order_item_qty_1"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} x product {self.product_id} ({self.status})"

    @property
    def line_total(self) -> Decimal:
        """Quantity times the unit price paid."""
        return self.unit_price * self.quantity


class CartItem(models.Model):
    """A product a customer intends to buy; placing the order empties the cart."""

    customer = models.ForeignKey(
        "marketplace.CustomerProfile", on_delete=models.CASCADE, related_name="cart_items"
    )
    product = models.ForeignKey(
        "marketplace.Product", on_delete=models.CASCADE, related_name="cart_items"
    )
    quantity = models.PositiveIntegerField(default=1, validators=[MinValueValidator(1)])
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-added_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "product"],
                name="one_cart_line_per_product",
                violation_error_message="This product is already in the cart.",
            ),
            models.CheckConstraint(condition=models.Q(quantity__gte=1), name="cart_item_qty_1"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} x product {self.product_id}"


# The roll-up: an order's status and amounts follow from its items. It lives beside the models
# because ``Order.update_status()`` needs it and the services build on it, not the reverse.

#: The statuses an item may move to from each status; an item never moves backwards, and only
#: items not yet shipped can be cancelled (a parcel on its way is returned, not cancelled).
ITEM_TRANSITIONS: Mapping[str, frozenset[str]] = {
    OrderItem.Status.ORDER_PLACED: frozenset({OrderItem.Status.PACKED, OrderItem.Status.CANCELLED}),
    OrderItem.Status.PACKED: frozenset({OrderItem.Status.SHIPPED, OrderItem.Status.CANCELLED}),
    OrderItem.Status.SHIPPED: frozenset({OrderItem.Status.DELIVERED}),
    OrderItem.Status.DELIVERED: frozenset({OrderItem.Status.RETURNED}),
    OrderItem.Status.RETURNED: frozenset(),
    OrderItem.Status.CANCELLED: frozenset(),
}


def derive_order_status(item_statuses: Iterable[str]) -> str:
    """The status of an order whose items have ``item_statuses``.

    Cancelled items don't count unless every item is cancelled. Of the rest: all at one stage
    → that stage (``packed``, ``shipped``, ``delivered``, ``returned``); some returned and the
    others delivered → ``partially_returned``; some delivered or returned → ``partially_delivered``;
    some shipped → ``partially_shipped``; some packed → ``partially_packed``; else
    ``order_placed``. An order without items is ``pending``.

    >>> derive_order_status(["delivered", "order_placed"])
    'partially_delivered'
    """
    present = set(item_statuses)
    if not present:
        return Order.Status.PENDING
    active = present - {OrderItem.Status.CANCELLED}
    if not active:
        return Order.Status.CANCELLED
    if len(active) == 1:
        return _SAME_STAGE[next(iter(active))]
    if active <= {OrderItem.Status.DELIVERED, OrderItem.Status.RETURNED}:
        return Order.Status.PARTIALLY_RETURNED
    if active & {OrderItem.Status.DELIVERED, OrderItem.Status.RETURNED}:
        return Order.Status.PARTIALLY_DELIVERED
    if OrderItem.Status.SHIPPED in active:
        return Order.Status.PARTIALLY_SHIPPED
    return Order.Status.PARTIALLY_PACKED


# The order's status when all its (not cancelled) items share one status.
_SAME_STAGE: Mapping[str, str] = {
    OrderItem.Status.ORDER_PLACED: Order.Status.ORDER_PLACED,
    OrderItem.Status.PACKED: Order.Status.PACKED,
    OrderItem.Status.SHIPPED: Order.Status.SHIPPED,
    OrderItem.Status.DELIVERED: Order.Status.DELIVERED,
    OrderItem.Status.RETURNED: Order.Status.RETURNED,
}


def recompute_orders(
    order_ids: Iterable[int | None], tracking_info: TrackingInfo | None = None
) -> int:
    """Recompute ``status``, ``total_amount`` and ``refund_amount`` of the given orders.

    The status follows :func:`derive_order_status` (a
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
    per_status = {
        status: Count("id", filter=Q(status=status)) for status in OrderItem.Status.values
    }
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
                total=Sum(line_total, filter=~Q(status=OrderItem.Status.CANCELLED)),
                refund=Sum(line_total, filter=Q(status=OrderItem.Status.RETURNED)),
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
                present = [s for s in OrderItem.Status.values if row[s]]
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
