"""The CRM API (``/api/crm/``): order updates go through the sync manager."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from marketplace.models import Order, Pipeline

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return get_user_model().objects.create_user("staff", password="pw-staff-123", is_staff=True)


@pytest.fixture
def client(staff):
    api = APIClient()
    api.force_authenticate(staff)
    return api


def make(code, **fields):
    order = Order.objects.create(order_code=code, **fields)
    Pipeline.objects.create(order=order)
    return order


def test_patch_order_syncs_its_pipeline_and_stamps_the_user(client, staff):
    order = make("SO2026-000001")
    response = client.patch(
        f"/api/crm/orders/{order.pk}/", {"total_amount": "150.00", "contact": "Eve"}, format="json"
    )
    assert response.status_code == 200, response.data
    assert response.data["total_amount"] == "150.00"
    pipeline = Pipeline.objects.get(order=order)
    assert (pipeline.total_amount, pipeline.contact, pipeline.updated_by) == (
        Decimal("150.00"),
        "Eve",
        staff,
    )


def test_bulk_update_endpoint_updates_the_given_orders(client):
    a, b, c = (make(f"SO2026-00000{i}") for i in range(1, 4))
    response = client.post(
        "/api/crm/orders/bulk-update/",
        {"ids": [a.pk, b.pk], "values": {"total_amount": "9.00"}},
        format="json",
    )
    assert response.status_code == 200, response.data
    assert response.data == {"updated": 2}
    amounts = dict(Pipeline.objects.values_list("order_id", "total_amount"))
    assert amounts == {a.pk: Decimal("9.00"), b.pk: Decimal("9.00"), c.pk: Decimal("0.00")}


def test_bulk_update_without_values_is_a_400(client):
    order = make("SO2026-000001")
    response = client.post(
        "/api/crm/orders/bulk-update/", {"ids": [order.pk], "values": {}}, format="json"
    )
    assert response.status_code == 400
    assert "values" in response.data


def test_negative_total_is_a_400_and_writes_nothing(client):
    order = make("SO2026-000001")
    response = client.patch(f"/api/crm/orders/{order.pk}/", {"total_amount": "-1"}, format="json")
    assert response.status_code == 400
    order.refresh_from_db()
    assert order.total_amount == Decimal("0.00")


def test_pipeline_contact_edit_flows_back_but_amount_is_read_only(client):
    order = make("SO2026-000001")
    response = client.patch(
        f"/api/crm/pipelines/{order.pipeline.pk}/",
        {"contact": "via CRM", "stage": "won", "total_amount": "999.00"},
        format="json",
    )
    assert response.status_code == 200, response.data
    order.refresh_from_db()
    assert order.contact == "via CRM"
    pipeline = Pipeline.objects.get(order=order)
    assert (pipeline.stage, pipeline.total_amount) == ("won", Decimal("0.00"))


def test_crm_is_staff_only(db):
    user = get_user_model().objects.create_user("buyer", password="pw-buyer-123")
    api = APIClient()
    api.force_authenticate(user)
    assert api.get("/api/crm/pipelines/").status_code == 403


def test_pipeline_list(client):
    make("SO2026-000001", contact="x")
    response = client.get("/api/crm/pipelines/")
    assert response.status_code == 200
    assert [p["order_code"] for p in response.data["results"]] == ["SO2026-000001"]
