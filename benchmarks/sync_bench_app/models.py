"""The computedfields contender: an order and a pipeline whose total is a computed copy."""

from __future__ import annotations

from decimal import Decimal

from computedfields.models import ComputedFieldsModel, computed
from django.db import models


class CfOrder(models.Model):
    """The source, shaped like the marketplace's order (the synced fields)."""

    contact = models.CharField(max_length=200, blank=True)
    order_date = models.DateField(null=True, blank=True)
    total_amount = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0.00"))

    class Meta:
        app_label = "sync_bench_app"


class CfPipeline(ComputedFieldsModel):
    """The target: ``total_amount`` is computed from the order by django-computedfields."""

    order = models.OneToOneField(CfOrder, on_delete=models.CASCADE, related_name="pipeline")

    @computed(
        models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0.00")),
        depends=[("order", ["total_amount"])],
    )
    def total_amount(self) -> Decimal:
        """The order's total."""
        return self.order.total_amount

    class Meta:
        app_label = "sync_bench_app"
