"""Fixtures of the change stream tests: a private exchange and queue on a real broker."""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
from kombu import Connection, Queue

from modelsync.events import event_queue
from modelsync.events.relay import events_exchange

AMQP_URL = "amqp://guest:guest@127.0.0.1:5672//"
REDIS_URL = os.environ.get("MODELSYNC_TEST_BROKER_URL", "redis://127.0.0.1:6379/7")
#: A port nothing listens on: a broker that is down.
CLOSED_URL = "amqp://guest:guest@127.0.0.1:1//"


@dataclass
class Stream:
    """A test's own exchange and queue (bound to every routing key) on one broker."""

    url: str
    exchange: str
    queue: Queue

    def depth(self) -> int:
        """Messages waiting in the queue."""
        with Connection(self.url) as connection:
            try:
                return int(self.queue(connection.channel()).queue_declare(passive=True)[1])
            except connection.channel_errors:
                # Redis keeps no empty queue: a queue it doesn't know holds nothing.
                return 0

    def messages(self) -> list[dict[str, Any]]:
        """Take every waiting message off the queue, oldest first (decoded bodies)."""
        taken = []
        with Connection(self.url) as connection:
            bound = self.queue(connection.channel())
            while (message := bound.get(no_ack=True)) is not None:
                taken.append(json.loads(message.body))
        return taken


@contextmanager
def open_stream(url: str, settings: Any, routing_key: str = "#") -> Iterator[Stream]:
    """Declare a fresh exchange and queue on ``url``, point the settings at them, and delete
    both afterwards."""
    name = f"test_e.{uuid.uuid4().hex[:12]}"
    settings.MODELSYNC_EVENTS_BROKER_URL = url
    settings.MODELSYNC_EVENTS_EXCHANGE = name
    queue = event_queue(name, routing_key, exchange=name)
    with Connection(url) as connection:
        queue(connection.channel()).declare()
    try:
        yield Stream(url, name, queue)
    finally:
        with Connection(url) as connection:
            channel = connection.channel()
            queue(channel).delete()
            events_exchange(name)(channel).delete()


@pytest.fixture
def stream(settings: Any) -> Iterator[Stream]:
    """A private exchange and queue on RabbitMQ."""
    with open_stream(AMQP_URL, settings) as opened:
        yield opened


@pytest.fixture(params=["rabbitmq", "redis"])
def any_stream(request: pytest.FixtureRequest, settings: Any) -> Iterator[Stream]:
    """A private exchange and queue on RabbitMQ, then on Redis."""
    url = AMQP_URL if request.param == "rabbitmq" else REDIS_URL
    with open_stream(url, settings) as opened:
        yield opened
