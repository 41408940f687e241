"""Non-regression of the marketplace's Order → Pipeline sync, run the way a new user tried it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db.models import F

from marketplace.models import Order, Pipeline

pytestmark = pytest.mark.django_db


def with_pipeline(code: str, **fields: object) -> Order:
    order = Order.objects.create(order_code=code, **fields)
    Pipeline.objects.create(order=order)
    return order


def test_bulk_update_with_pipeline_of_no_orders_returns_zero():
    with_pipeline("SO2026-000001")
    assert Order.objects.bulk_update_with_pipeline(Order.objects.none(), status="pending") == 0
    assert Order.objects.filter(pk__in=[]).update(total_amount=1) == 0
    assert Order.objects.none().update(total_amount=1) == 0


def test_update_with_pipeline_of_an_expression_returns_the_new_total():
    order = with_pipeline("SO2026-000002", total_amount=Decimal("10.00"))
    updated = Order.objects.update_with_pipeline(
        order_id=order.pk, total_amount=F("total_amount") + 1
    )
    assert updated.total_amount == Decimal("11.00")
    assert Pipeline.objects.get(order=order).total_amount == Decimal("11.00")


def test_doubling_the_totals_through_an_annotation_syncs_the_pipelines():
    order = with_pipeline("SO2026-000003", total_amount=Decimal("4.00"))
    assert Order.objects.annotate(x=F("total_amount") * 2).update(total_amount=F("x")) == 1
    assert Pipeline.objects.get(order=order).total_amount == Decimal("8.00")


def test_pipeline_moved_to_another_order_takes_its_values():
    first = with_pipeline("SO2026-000004", contact="first")
    second = Order.objects.create(order_code="SO2026-000005", contact="second")
    pipeline = Pipeline.objects.get(order=first)
    pipeline.order = second
    pipeline.save()
    pipeline.refresh_from_db()
    second.refresh_from_db()
    assert pipeline.contact == second.contact == "second"
