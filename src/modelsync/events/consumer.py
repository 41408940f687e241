"""The consumer helper: handle each event of a queue once, acknowledging after success.

The relay delivers at least once, so a consumer may see an event twice (after a relay or a
consumer was killed). :func:`consume` remembers the ids it handled in a :class:`SeenStore`
and acknowledges redeliveries without calling the handler again.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from django.db import DEFAULT_DB_ALIAS, IntegrityError, transaction
from django.utils.dateparse import parse_datetime
from kombu import Consumer, Message, Queue

from .relay import broker_connection, events_exchange

__all__ = ["DatabaseSeenStore", "Event", "SeenStore", "consume", "event_queue"]


@dataclass(frozen=True, slots=True)
class Event:
    """One event as published by the relay (the outbox row's columns)."""

    id: uuid.UUID
    aggregatetype: str
    aggregateid: str
    type: str
    payload: dict[str, Any]
    created_at: datetime | None

    @classmethod
    def from_message(cls, data: Mapping[str, Any]) -> Event:
        """Read a message body written by the relay (decoded from JSON)."""
        return cls(
            id=uuid.UUID(data["id"]),
            aggregatetype=data["aggregatetype"],
            aggregateid=data["aggregateid"],
            type=data["type"],
            payload=data["payload"],
            created_at=parse_datetime(data["created_at"]) if data.get("created_at") else None,
        )


class SeenStore(Protocol):
    """Where a consumer remembers the event ids it handled."""

    def seen(self, event_id: uuid.UUID) -> bool:
        """Whether ``event_id`` was handled before."""

    def remember(self, event_id: uuid.UUID) -> None:
        """Record that ``event_id`` was handled."""


class DatabaseSeenStore:
    """Remembers handled ids in the ``SeenEvent`` table, per consumer name.

    :func:`consume` runs the handler and :meth:`remember` in one transaction of ``using``, so
    a handler writing to that database commits its work and the id together.
    """

    def __init__(self, consumer: str, using: str = DEFAULT_DB_ALIAS) -> None:
        self.consumer = consumer
        self.using = using

    def seen(self, event_id: uuid.UUID) -> bool:
        """Whether this consumer handled ``event_id``."""
        from .models import SeenEvent

        return (
            SeenEvent.objects.using(self.using)
            .filter(consumer=self.consumer, event_id=event_id)
            .exists()
        )

    def remember(self, event_id: uuid.UUID) -> None:
        """Record ``event_id`` for this consumer."""
        from .models import SeenEvent

        SeenEvent.objects.using(self.using).create(consumer=self.consumer, event_id=event_id)


class _HandledElsewhere(Exception):
    """The id was remembered by a concurrent consumer while the handler ran."""


def event_queue(
    name: str,
    routing_key: str = "#",
    *,
    exchange: str | None = None,
    durable: bool = True,
    queue_arguments: dict[str, Any] | None = None,
) -> Queue:
    """A queue bound to the events exchange; ``routing_key`` picks the events
    (``"shop.order.*"``, ``"*.*.deleted"``, ``"#"`` for all); ``queue_arguments`` are the
    broker's queue options (``{"x-max-length": 10000}``)."""
    return Queue(
        name,
        events_exchange(exchange),
        routing_key=routing_key,
        durable=durable,
        queue_arguments=queue_arguments,
    )


def consume(
    queue: Queue | str,
    handler: Callable[[Event], None],
    *,
    broker_url: str | None = None,
    store: SeenStore | None = None,
    limit: int | None = None,
    idle_timeout: float | None = None,
    using: str = DEFAULT_DB_ALIAS,
) -> int:
    """Call ``handler(event)`` for each new event of ``queue``; return how many it handled.

    A message is acknowledged once the handler returned (and its id was remembered);
    redeliveries of a handled id are acknowledged without calling the handler. If the handler
    raises, its transaction rolls back, the message goes back to the queue and the error
    propagates. ``store`` defaults to a :class:`DatabaseSeenStore` named after the queue.
    Stops after ``limit`` handled events, or after ``idle_timeout`` seconds without a message
    (default: runs until interrupted).

    Example::

        def index(event: Event) -> None:
            search.update(event.aggregatetype, event.aggregateid, event.payload["new"])

        consume(event_queue("search", "shop.product.*"), index)
    """
    if isinstance(queue, str):
        queue = event_queue(queue)
    seen_store: SeenStore = store or DatabaseSeenStore(queue.name, using=using)
    handled = 0
    failure: list[BaseException] = []

    def on_message(body: Any, message: Message) -> None:
        nonlocal handled
        event = Event.from_message(body)
        try:
            with transaction.atomic(using=using):
                if seen_store.seen(event.id):
                    fresh = False
                else:
                    handler(event)
                    try:
                        seen_store.remember(event.id)
                    except IntegrityError as error:
                        raise _HandledElsewhere from error
                    fresh = True
        except _HandledElsewhere:
            # Another consumer of the same name handled it meanwhile: this one's work is
            # rolled back and the message is a duplicate.
            fresh = False
        except BaseException as error:
            message.requeue()
            failure.append(error)
            return
        message.ack()
        if fresh:
            handled += 1

    with (
        broker_connection(broker_url) as connection,
        Consumer(connection, queues=[queue], callbacks=[on_message], prefetch_count=100),
    ):
        while limit is None or handled < limit:
            try:
                connection.drain_events(timeout=idle_timeout)
            except TimeoutError:
                break
            if failure:
                raise failure[0]
    return handled
