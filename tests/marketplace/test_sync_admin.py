"""The pipeline admin: listed, and a contact edited there flows back to the order."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from marketplace.models import Order, Pipeline

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("root", "root@example.com", "pw-root-123")
    client.force_login(user)
    client.user = user
    return client


def test_changelist_shows_pipelines(admin_client):
    order = Order.objects.create(order_code="SO2026-000001", contact="Zoe")
    Pipeline.objects.create(order=order)
    response = admin_client.get("/admin/marketplace/pipeline/")
    assert response.status_code == 200
    assert "Zoe" in response.content.decode()


def test_editing_the_contact_in_the_admin_updates_the_order(admin_client):
    order = Order.objects.create(order_code="SO2026-000002", contact="old")
    pipeline = Pipeline.objects.create(order=order)
    response = admin_client.post(
        f"/admin/marketplace/pipeline/{pipeline.pk}/change/",
        {"order": order.pk, "stage": "won", "contact": "new via admin"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    order.refresh_from_db()
    pipeline.refresh_from_db()
    assert order.contact == "new via admin"
    assert (pipeline.stage, pipeline.updated_by) == ("won", admin_client.user)
    assert order.updated_by == admin_client.user
