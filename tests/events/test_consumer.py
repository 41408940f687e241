"""The consumer helper acknowledges after the handler succeeds and drops duplicate ids."""

from __future__ import annotations

import pytest
from kombu import Connection

from modelsync.events import Event, consume, event_queue, publish_pending
from modelsync.events.models import OutboxEvent, SeenEvent

from .conftest import Stream
from .models import Courier, Parcel

pytestmark = pytest.mark.django_db


def publish_parcels(count: int) -> None:
    Parcel.objects.bulk_create(Parcel(code=f"P{i}") for i in range(count))
    assert publish_pending() == count


def test_redelivered_event_is_acknowledged_without_calling_the_handler(
    any_stream: Stream,
) -> None:
    stream = any_stream
    publish_parcels(5)
    OutboxEvent.objects.update(published_at=None)  # as if the relay died before marking
    assert publish_pending() == 5
    assert stream.depth() == 10
    seen: list[Event] = []
    assert consume(stream.queue, seen.append, limit=5, idle_timeout=2) == 5
    assert consume(stream.queue, seen.append, idle_timeout=1) == 0
    assert len({event.id for event in seen}) == len(seen) == 5
    assert stream.depth() == 0
    assert SeenEvent.objects.filter(consumer=stream.queue.name).count() == 5


def test_event_carries_the_outbox_row(stream: Stream) -> None:
    parcel = Parcel.objects.create(code="A", weight=7)
    publish_pending()
    seen: list[Event] = []
    consume(stream.queue, seen.append, limit=1, idle_timeout=2)
    (event,) = seen
    row = OutboxEvent.objects.get()
    assert (event.id, event.aggregatetype, event.aggregateid, event.type) == (
        row.id,
        "tests_events.parcel",
        str(parcel.pk),
        "created",
    )
    assert event.payload == row.payload
    assert event.created_at == row.created_at


def test_failing_handler_rolls_back_and_leaves_the_event_on_the_queue(stream: Stream) -> None:
    publish_parcels(1)

    def broken(event: Event) -> None:
        Courier.objects.create(name="half-done")
        raise ValueError(f"cannot handle {event.aggregateid}")

    with pytest.raises(ValueError, match="cannot handle"):
        consume(stream.queue, broken, idle_timeout=2)
    assert not Courier.objects.exists()
    assert not SeenEvent.objects.exists()
    handled: list[Event] = []
    assert consume(stream.queue, handled.append, limit=1, idle_timeout=2) == 1
    assert stream.depth() == 0


def test_consumers_of_different_queues_each_handle_the_event(stream: Stream) -> None:
    other = event_queue(f"{stream.queue.name}.other", exchange=stream.exchange)
    with Connection(stream.url) as connection:
        other(connection.channel()).declare()
    try:
        publish_parcels(3)
        assert consume(stream.queue, lambda event: None, limit=3, idle_timeout=2) == 3
        assert consume(other, lambda event: None, limit=3, idle_timeout=2) == 3
    finally:
        with Connection(stream.url) as connection:
            other(connection.channel()).delete()
