"""The Order manager's documented usage examples 1-5, run as written (import paths aside)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from rest_framework.serializers import ModelSerializer
from rest_framework.test import APIRequestFactory, force_authenticate
from rest_framework.viewsets import ModelViewSet

from marketplace.models import Order, Pipeline

pytestmark = pytest.mark.django_db


@pytest.fixture
def request_(db):
    """Stands for the view's ``request``: only ``.user`` is used by the examples."""
    user = get_user_model().objects.create_user("crm", password="pw-crm-12345", is_staff=True)
    return SimpleNamespace(user=user)


def with_pipeline(**fields):
    order = Order.objects.create(**fields)
    Pipeline.objects.create(order=order)
    return order


def test_example_1_update_single_order_by_id(request_):
    with_pipeline(id=5, order_code="SO2026-000005")
    new_contact = "Ada Lovelace <ada@example.com>"
    request = request_

    updated_order = Order.objects.update_with_pipeline(
        order_id=5,
        user=request.user,
        contact=new_contact,
        order_date=date(2026, 2, 1),
        total_amount=Decimal("1500.00"),
    )

    assert isinstance(updated_order, Order)
    assert (updated_order.contact, updated_order.total_amount) == (new_contact, Decimal("1500.00"))
    assert updated_order.updated_by == request.user
    pipeline = Pipeline.objects.get(order_id=5)
    assert (pipeline.contact, pipeline.order_date, pipeline.total_amount) == (
        new_contact,
        date(2026, 2, 1),
        Decimal("1500.00"),
    )
    assert pipeline.updated_by == request.user


def test_example_2_update_single_order_by_instance(request_):
    with_pipeline(order_code="SO2026-000001")
    request = request_

    order = Order.objects.get(order_code="SO2026-000001")
    updated_order = Order.objects.update_with_pipeline(
        instance=order, user=request.user, status="confirmed", total_amount=Decimal("2000.00")
    )

    assert updated_order.status == "confirmed"
    order.refresh_from_db()
    assert (order.status, order.total_amount) == ("confirmed", Decimal("2000.00"))
    assert Pipeline.objects.get(order=order).total_amount == Decimal("2000.00")


def test_example_3_bulk_update_syncs_the_orders_the_filter_matched(request_, capsys):
    drafts = [with_pipeline(order_code=f"SO2026-00010{i}", status="draft") for i in range(3)]
    other = with_pipeline(order_code="SO2026-000200", status="shipped")
    request = request_

    orders = Order.objects.filter(status="draft")
    count = Order.objects.bulk_update_with_pipeline(
        queryset=orders, user=request.user, status="pending", order_date=date(2026, 1, 20)
    )
    print(f"Updated {count} orders and synced their pipelines")

    assert capsys.readouterr().out == "Updated 3 orders and synced their pipelines\n"
    synced = Pipeline.objects.filter(order__in=drafts)
    assert set(synced.values_list("order_date", flat=True)) == {date(2026, 1, 20)}
    assert set(synced.values_list("updated_by", flat=True)) == {request.user.pk}
    assert Pipeline.objects.get(order=other).order_date is None


class OrderSerializer(ModelSerializer):
    class Meta:
        model = Order
        fields = ["id", "contact", "order_date", "total_amount", "status"]


class OrderViewSet(ModelViewSet):
    queryset = Order.objects.all()
    serializer_class = OrderSerializer

    def perform_update(self, serializer):
        # Use update_with_pipeline instead of default save
        Order.objects.update_with_pipeline(
            instance=serializer.instance, user=self.request.user, **serializer.validated_data
        )


def test_example_4_drf_viewset_perform_update(request_):
    order = with_pipeline(order_code="SO2026-000004")
    http = APIRequestFactory().patch(
        f"/orders/{order.pk}/", {"total_amount": "321.00", "contact": "Bob"}, format="json"
    )
    force_authenticate(http, user=request_.user)

    response = OrderViewSet.as_view({"patch": "partial_update"})(http, pk=order.pk)

    assert response.status_code == 200, response.data
    assert response.data["total_amount"] == "321.00"
    pipeline = Pipeline.objects.get(order=order)
    assert (pipeline.total_amount, pipeline.contact) == (Decimal("321.00"), "Bob")
    assert pipeline.updated_by == request_.user


def test_example_5_update_without_user_syncs_but_does_not_stamp(request_):
    with_pipeline(id=5, order_code="SO2026-000005")

    updated_order = Order.objects.update_with_pipeline(order_id=5, total_amount=Decimal("1500.00"))

    assert updated_order.updated_by is None
    pipeline = Pipeline.objects.get(order_id=5)
    assert (pipeline.total_amount, pipeline.updated_by) == (Decimal("1500.00"), None)


def test_neither_order_id_nor_instance_raises_value_error(request_):
    request = request_
    with pytest.raises(ValueError, match=r"^Either order_id or instance must be provided$"):
        Order.objects.update_with_pipeline(user=request.user, total_amount=Decimal("1000.00"))


def test_order_without_pipeline_updates_without_error(db):
    order_no_pipeline = Order.objects.create(order_code="SO2026-999")
    Order.objects.update_with_pipeline(instance=order_no_pipeline, total_amount=Decimal("500.00"))
    order_no_pipeline.refresh_from_db()
    assert order_no_pipeline.total_amount == Decimal("500.00")


def test_create_methods_still_work(request_):
    order = Order.objects.create(order_code="SO2026-001")
    order2 = Order.objects.create_with_user(user=request_.user, order_code="SO2026-002")
    assert order2.updated_by == request_.user
    Order.objects.update_with_pipeline(instance=order, user=request_.user, status="confirmed")
    order.refresh_from_db()
    assert (order.status, order.updated_by) == ("confirmed", request_.user)


def test_unknown_field_is_refused_and_nothing_written(request_):
    order = with_pipeline(order_code="SO2026-000007")
    with pytest.raises(Exception, match=r"marketplace.Order has no field named 'totl_amount'"):
        Order.objects.update_with_pipeline(instance=order, contact="x", totl_amount=1)
    order.refresh_from_db()
    assert order.contact == ""


def test_plain_order_save_keeps_the_pipeline_equal(db):
    order = with_pipeline(order_code="SO2026-000008")
    order.total_amount = Decimal("77.70")
    order.save()
    assert Pipeline.objects.get(order=order).total_amount == Decimal("77.70")


def test_pipeline_contact_flows_back_to_the_order(db):
    order = with_pipeline(order_code="SO2026-000009", contact="old")
    pipeline = order.pipeline
    pipeline.contact = "new from CRM"
    pipeline.save()
    order.refresh_from_db()
    assert order.contact == "new from CRM"


def test_new_pipeline_starts_equal_to_its_order(db):
    order = Order.objects.create(
        order_code="SO2026-000010",
        contact="c",
        total_amount=Decimal("5"),
        order_date=date(2026, 3, 1),
    )
    pipeline = Pipeline.objects.create(order=order)
    pipeline.refresh_from_db()
    assert (pipeline.contact, pipeline.total_amount, pipeline.order_date) == (
        "c",
        Decimal("5"),
        date(2026, 3, 1),
    )
