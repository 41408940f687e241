"""The marketplace's writes reach the order's CRM pipeline and carry the acting user."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from rest_framework.test import APIClient

from marketplace.models import Order, OrderItem, Pipeline
from modelsync.tracking import post_update_signal

from .factories import make_customer, make_order, make_product, make_vendor

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(django_capture_on_commit_callbacks: Any) -> Order:
    vendor = make_vendor()
    product = make_product(vendor, "Lamp", "10.00")
    with django_capture_on_commit_callbacks(execute=True):
        order = make_order(make_customer(), vendor, (product, 2, "order_placed"))
    Pipeline.objects.get_or_create(order=order)
    return order


def test_vendor_api_update_syncs_the_pipeline(order: Order) -> None:
    client = APIClient()
    client.force_authenticate(order.vendor.user)  # type: ignore[union-attr]
    response = client.patch(f"/api/orders/{order.pk}/", {"contact": "Ann"}, format="json")
    assert response.status_code == 200, response.content
    pipeline = Pipeline.objects.get(order=order)
    assert (pipeline.total_amount, pipeline.contact) == (Decimal("20.00"), "Ann")


def test_item_change_recomputes_the_total_all_the_way_to_the_pipeline(
    order: Order, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        OrderItem.objects.filter(order=order).update(quantity=5)
    assert Order.objects.get(pk=order.pk).total_amount == Decimal("50.00")
    assert Pipeline.objects.get(order=order).total_amount == Decimal("50.00")


def test_api_item_status_change_is_tracked_as_the_vendor(
    order: Order, django_capture_on_commit_callbacks: Any
) -> None:
    seen: list[Any] = []

    def remember(sender: Any, objects: Any, tracking_info_: Any = None, **kwargs: Any) -> None:
        seen.append(tracking_info_)

    post_update_signal.connect(remember, sender=OrderItem, weak=False)
    try:
        client = APIClient()
        client.force_authenticate(order.vendor.user)  # type: ignore[union-attr]
        item = order.items.get()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.patch(
                f"/api/order-items/{item.pk}/", {"status": "packed"}, format="json"
            )
        assert response.status_code == 200, response.content
    finally:
        post_update_signal.disconnect(remember, sender=OrderItem)
    assert seen and seen[0] is not None
    assert seen[0].user == order.vendor.user  # type: ignore[union-attr]
    assert Order.objects.get(pk=order.pk).status == Order.Status.PACKED
