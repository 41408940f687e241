"""Orders placed by customers with vendors."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models

from modelsync.tracking import TrackedModel

__all__ = ["Order"]


class Order(TrackedModel):
    """An order of one customer with one vendor; every write to it is tracked."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        ORDER_PLACED = "order_placed", "Order Placed"
        SHIPPED = "shipped", "Shipped"
        DELIVERED = "delivered", "Delivered"
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
    contact = models.CharField(max_length=200, blank=True)
    order_date = models.DateField(null=True, blank=True)
    total_amount = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0.00"))
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

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.order_code or f"Order {self.pk}"
