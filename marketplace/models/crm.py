"""CRM: the pipeline (deal) of each order, kept equal to its order by ``modelsync.sync``."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models

from modelsync.sync import SyncManager, SyncQuerySet
from modelsync.tracking.models import TrackedModel

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    from .orders import Order

__all__ = ["OrderManager", "OrderQuerySet", "Pipeline", "PipelineManager"]


class OrderQuerySet(SyncQuerySet["Order"]):
    """Orders, with ``update_with_pipeline`` / ``bulk_update_with_pipeline`` (Order → Pipeline).

    Both are the sync part's explicit methods under the names the CRM code uses: the same
    one-line pattern gives any synced model of a project its own names (see docs/sync.md).
    """

    def update_with_pipeline(
        self,
        order_id: int | None = None,
        instance: Order | None = None,
        user: AbstractBaseUser | None = None,
        **fields: Any,
    ) -> Order:
        """Update one order (by ``order_id`` or ``instance``) and sync its pipeline.

        Example::

            Order.objects.update_with_pipeline(order_id=5, user=request.user,
                                               total_amount=Decimal("1500.00"))
        """
        return self.update_synced(
            pk=order_id, instance=instance, user=user, id_argument="order_id", **fields
        )

    def bulk_update_with_pipeline(
        self,
        queryset: models.QuerySet[Order],
        user: AbstractBaseUser | None = None,
        **fields: Any,
    ) -> int:
        """Update every order of ``queryset`` and sync their pipelines; returns the count."""
        return self.bulk_update_synced(queryset, user=user, **fields)


class OrderManager(SyncManager.from_queryset(OrderQuerySet)):  # type: ignore[misc]
    """``Order.objects``: tracked writes that keep each order's pipeline equal."""


class PipelineManager(SyncManager):
    """``Pipeline.objects``: tracked writes; the contact flows back to the order."""


class Pipeline(TrackedModel):
    """A CRM deal following one order; ``contact``, ``order_date`` and ``total_amount`` are
    copies of the order's, kept equal by the order's ``sync_pipeline`` declaration."""

    class Stage(models.TextChoices):
        LEAD = "lead", "Lead"
        QUALIFIED = "qualified", "Qualified"
        PROPOSAL = "proposal", "Proposal"
        NEGOTIATION = "negotiation", "Negotiation"
        WON = "won", "Won"
        LOST = "lost", "Lost"

    order = models.OneToOneField(
        "marketplace.Order", on_delete=models.CASCADE, related_name="pipeline"
    )
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.LEAD)
    contact = models.CharField(max_length=200, blank=True)
    order_date = models.DateField(null=True, blank=True)
    total_amount = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0.00"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )

    objects = PipelineManager()  # type: ignore[misc]  # (stubs: TrackedModel.objects)

    class Meta:
        ordering = ["-updated_at", "-id"]

    def __str__(self) -> str:
        return f"Pipeline of order {self.order_id} ({self.stage})"
