"""The marketplace publishes order and item life cycles; its consumer tells the customer."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.template import Context, Template
from kombu import Connection

from marketplace.notifications.models import Notification
from marketplace.notifications.stream import queue
from marketplace.services.lifecycle import change_item_status
from marketplace.settings import MARKETPLACE_EVENT_MODELS
from modelsync.events import publish_pending
from modelsync.events.models import OutboxEvent
from tests.marketplace.factories import make_customer, make_order, make_product, make_vendor

from .conftest import Stream

pytestmark = pytest.mark.django_db


@pytest.fixture
def notifications_queue(stream: Stream, settings: Any) -> Iterator[None]:
    """The marketplace's stream on, its consumer's queue bound to the test's exchange."""
    settings.MODELSYNC_EVENTS_MODELS = MARKETPLACE_EVENT_MODELS
    with Connection(stream.url) as connection:
        queue()(connection.channel()).declare()
    yield
    with Connection(stream.url) as connection:
        queue()(connection.channel()).delete()


def texts(customer: Any) -> list[str]:
    return sorted(Notification.objects.filter(customer=customer).values_list("text", flat=True))


def test_order_and_item_changes_become_the_customers_notifications(
    notifications_queue: None, capsys: Any
) -> None:
    vendor, customer = make_vendor(), make_customer()
    order = make_order(customer, vendor, (make_product(vendor, name="Lamp"), 1, "order_placed"))
    change_item_status(order.items.all(), "packed", by=None)
    publish_pending()
    call_command("notifications", "--idle-timeout", "2")
    code = order.order_code
    assert texts(customer) == [
        f"Lamp of order {code} is now packed.",
        f"Order {code} is now order placed.",
        f"Order {code} is now packed.",
        f"Order {code} placed.",
    ]
    assert "handled" in capsys.readouterr().out


def test_redelivered_events_notify_once(notifications_queue: None) -> None:
    vendor, customer = make_vendor(), make_customer()
    make_order(customer, vendor, (make_product(vendor), 2, "order_placed"))
    publish_pending()
    call_command("notifications", "--idle-timeout", "2")
    before = texts(customer)
    OutboxEvent.objects.update(published_at=None)  # the relay died before marking: again
    publish_pending()
    call_command("notifications", "--idle-timeout", "2")
    assert texts(customer) == before != []


def test_dashboard_list_shows_only_the_customers_own_notifications(
    notifications_queue: None,
) -> None:
    vendor, alice, bob = make_vendor(), make_customer(), make_customer()
    order = make_order(alice, vendor, (make_product(vendor), 1, "order_placed"))
    publish_pending()
    call_command("notifications", "--idle-timeout", "2")
    template = Template("{% load marketplace_notifications %}{% customer_notifications user %}")
    assert f"Order {order.order_code} placed." in template.render(Context({"user": alice.user}))
    assert "No news about your orders yet." in template.render(Context({"user": bob.user}))
