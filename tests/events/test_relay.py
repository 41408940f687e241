"""The relay publishes the outbox to a real broker, each event once per successful batch."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from kombu import Connection

from modelsync.events import BrokerUnavailableError, Relay, event_queue, publish_pending
from modelsync.events.models import OutboxEvent

from .conftest import AMQP_URL, CLOSED_URL, Stream, open_stream
from .models import Parcel

pytestmark = pytest.mark.django_db


def make_parcels(count: int) -> None:
    Parcel.objects.bulk_create(Parcel(code=f"P{i:04}") for i in range(count))
    OutboxEvent.objects.all().delete()


def test_update_of_1000_rows_puts_exactly_1000_events_on_the_queue(any_stream: Stream) -> None:
    make_parcels(1000)
    Parcel.objects.update(status="sent")
    assert publish_pending() == 1000
    messages = any_stream.messages()
    assert len(messages) == 1000
    assert len({m["id"] for m in messages}) == 1000
    assert {m["type"] for m in messages} == {"updated"}
    assert {m["payload"]["new"]["status"] for m in messages} == {"sent"}
    assert not OutboxEvent.objects.filter(published_at__isnull=True).exists()


def test_events_of_one_aggregate_arrive_in_commit_order(stream: Stream) -> None:
    make_parcels(200)
    for status in ("packed", "sent", "delivered"):
        Parcel.objects.update(status=status)
    Parcel.objects.filter(code__lt="P0050").update(status="returned")
    returned = {
        str(pk) for pk in Parcel.objects.filter(status="returned").values_list("pk", flat=True)
    }
    with Relay(batch_size=64) as relay:
        assert relay.publish_pending() == 650
    history: dict[str, list[str]] = defaultdict(list)
    for message in stream.messages():
        history[message["aggregateid"]].append(message["payload"]["new"]["status"])
    assert len(history) == 200
    for key, statuses in history.items():
        tail = ["returned"] if key in returned else []
        assert statuses == ["packed", "sent", "delivered", *tail], key


def test_routing_key_is_aggregatetype_dot_type(settings: Any) -> None:
    with open_stream(AMQP_URL, settings, routing_key="tests_events.parcel.created") as stream:
        make_parcels(0)
        Parcel.objects.create(code="A")
        Parcel.objects.update(status="sent")
        assert publish_pending() == 2
        assert [m["type"] for m in stream.messages()] == ["created"]


def test_relay_batch_costs_one_select_and_one_update(stream: Stream) -> None:
    make_parcels(30)
    Parcel.objects.update(status="sent")
    with Relay(batch_size=10) as relay, CaptureQueriesContext(connection) as queries:
        assert relay.publish_batch() == 10
    statements = [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"].upper()]
    assert len(statements) == 2
    assert statements[0].startswith("SELECT")
    assert statements[1].startswith('UPDATE "modelsync_events_outbox"')
    assert OutboxEvent.objects.filter(published_at__isnull=True).count() == 20


def test_broker_down_keeps_writes_and_events_until_it_is_back(stream: Stream) -> None:
    make_parcels(100)
    assert Parcel.objects.update(status="sent") == 100
    with pytest.raises(BrokerUnavailableError, match="could not publish"):
        publish_pending(broker_url=CLOSED_URL)
    assert OutboxEvent.objects.filter(published_at__isnull=True).count() == 100
    assert stream.depth() == 0
    assert publish_pending() == 100
    assert len({m["id"] for m in stream.messages()}) == 100


def test_batch_the_broker_refuses_in_part_stays_unpublished(stream: Stream) -> None:
    # A queue that rejects publishes beyond 5 messages: RabbitMQ nacks the rest.
    full = event_queue(
        f"{stream.queue.name}.full",
        exchange=stream.exchange,
        queue_arguments={"x-max-length": 5, "x-overflow": "reject-publish"},
    )
    with Connection(stream.url) as connection:
        full(connection.channel()).declare()
    try:
        make_parcels(10)
        Parcel.objects.update(status="sent")
        with pytest.raises(BrokerUnavailableError, match=r"refused 5 message"):
            publish_pending()
        assert OutboxEvent.objects.filter(published_at__isnull=True).count() == 10
    finally:
        with Connection(stream.url) as connection:
            full(connection.channel()).delete()


def test_relay_command_once_publishes_everything(stream: Stream, capsys: Any) -> None:
    make_parcels(5)
    Parcel.objects.update(status="sent")
    call_command("modelsync_events", "relay", "--once")
    assert "published 5 events" in capsys.readouterr().out
    assert stream.depth() == 5


def test_relay_command_reports_a_broker_that_is_down(stream: Stream) -> None:
    make_parcels(2)
    Parcel.objects.update(status="sent")
    with pytest.raises(CommandError, match=r"2 unpublished"):
        call_command("modelsync_events", "relay", "--once", "--broker-url", CLOSED_URL)


def test_relay_without_broker_setting_is_a_clear_error(settings: Any) -> None:
    settings.MODELSYNC_EVENTS_BROKER_URL = None
    with pytest.raises(CommandError, match="MODELSYNC_EVENTS_BROKER_URL is not set"):
        call_command("modelsync_events", "relay", "--once")
