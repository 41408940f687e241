"""The relay: publishes the outbox to RabbitMQ or Redis through kombu, then marks it published.

Each batch is one transaction: lock up to ``batch_size`` unpublished rows (``FOR UPDATE SKIP
LOCKED`` on PostgreSQL, so several relays share the work without publishing a row twice),
publish them with publisher confirms, mark them published, commit. A relay that dies before
the commit leaves its rows unpublished and unlocked: the next relay publishes that batch again
(at-least-once; consumers drop the duplicates by event id). On SQLite, which has no row locks,
run one relay at a time.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from types import TracebackType
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, close_old_connections, transaction
from django.utils import timezone
from kombu import Connection, Exchange
from kombu.exceptions import OperationalError

from . import config
from .errors import BrokerUnavailableError, EventsConfigurationError
from .publisher import ConfirmingPublisher

__all__ = ["Relay", "broker_connection", "events_exchange", "publish_pending"]

logger = logging.getLogger("modelsync.events")

_COLUMNS = ("id", "aggregatetype", "aggregateid", "type", "payload", "created_at")


def events_exchange(name: str | None = None) -> Exchange:
    """The durable topic exchange the relay publishes to (``MODELSYNC_EVENTS_EXCHANGE``)."""
    return Exchange(name or config.exchange(), type="topic", durable=True)


def broker_connection(broker_url: str | None = None) -> Connection:
    """A kombu connection to ``broker_url`` (default ``MODELSYNC_EVENTS_BROKER_URL``)."""
    url = broker_url or config.broker_url()
    if not url:
        raise EventsConfigurationError(
            "MODELSYNC_EVENTS_BROKER_URL is not set: the relay has no broker to publish to. "
            "Set it (e.g. 'amqp://guest:guest@127.0.0.1:5672//'), or read the outbox with "
            "Debezium instead."
        )
    return Connection(url, connect_timeout=5)


class Relay:
    """Publishes unpublished outbox rows in batches; use as a context manager.

    Example::

        with Relay() as relay:
            relay.publish_pending()          # until the outbox is empty
    """

    def __init__(
        self,
        *,
        broker_url: str | None = None,
        exchange: str | None = None,
        batch_size: int | None = None,
        using: str = DEFAULT_DB_ALIAS,
    ) -> None:
        self.exchange = events_exchange(exchange)
        self.batch_size = batch_size or config.batch_size()
        self.using = using
        self._connection = broker_connection(broker_url)
        self._publisher: ConfirmingPublisher | None = None

    def __enter__(self) -> Relay:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the broker connection."""
        self._publisher = None
        self._connection.release()

    def _broker_errors(self) -> tuple[type[BaseException], ...]:
        return (
            OSError,
            OperationalError,
            *self._connection.connection_errors,
            *self._connection.channel_errors,
        )

    def _ensure_publisher(self) -> ConfirmingPublisher:
        if self._publisher is None:
            self._connection.ensure_connection(max_retries=1)
            self._publisher = ConfirmingPublisher(self._connection, self.exchange)
        return self._publisher

    def _publish(self, rows: list[tuple[Any, ...]]) -> None:
        failures: tuple[type[BaseException], ...] = (
            BrokerUnavailableError,
            *self._broker_errors(),
        )
        try:
            publisher = self._ensure_publisher()
            for row in rows:
                event = dict(zip(_COLUMNS, row, strict=True))
                # Full precision: Django's JSON encoder would cut the time to milliseconds.
                event["created_at"] = event["created_at"].isoformat()
                publisher.publish(
                    json.dumps(event, cls=DjangoJSONEncoder),
                    f"{event['aggregatetype']}.{event['type']}",
                    str(event["id"]),
                )
            publisher.wait_for_confirms()
        except failures as error:
            # Start over with a fresh connection next time: this one may be half-broken.
            self._publisher = None
            self._connection = self._connection.clone()
            raise BrokerUnavailableError(
                f"Relay could not publish to {self._connection.as_uri()}: {error}"
            ) from error

    def publish_batch(self) -> int:
        """Publish one batch and mark it published; return its size (0: nothing to do).

        Raises :class:`BrokerUnavailableError` when the broker is down or refuses a message;
        the batch then stays unpublished.
        """
        from .models import OutboxEvent

        events = OutboxEvent.objects.using(self.using)
        with transaction.atomic(using=self.using):
            rows = list(
                events.unpublished()
                .select_for_update(skip_locked=True)
                .values_list(*_COLUMNS)[: self.batch_size]
            )
            if not rows:
                return 0
            self._publish(rows)
            events.filter(pk__in=[row[0] for row in rows]).update(published_at=timezone.now())
        return len(rows)

    def publish_pending(self) -> int:
        """Publish batches until the outbox is empty; return how many events went out."""
        total = 0
        while count := self.publish_batch():
            total += count
        return total

    def run(self, should_stop: Callable[[], bool] = lambda: False) -> None:
        """Publish forever (until ``should_stop()``), waiting ``MODELSYNC_EVENTS_RELAY_INTERVAL``
        when the outbox is empty or the broker is down."""
        interval = config.relay_interval()
        while not should_stop():
            close_old_connections()
            try:
                count = self.publish_batch()
            except BrokerUnavailableError as error:
                logger.warning("%s; retrying in %s s", error, interval)
                count = 0
            if not count:
                time.sleep(interval)


def publish_pending(*, broker_url: str | None = None, using: str = DEFAULT_DB_ALIAS) -> int:
    """Publish every unpublished event now; return the count (see :class:`Relay`)."""
    with Relay(broker_url=broker_url, using=using) as relay:
        return relay.publish_pending()
