"""The relay as a Celery task, run by a real worker on Redis."""

from __future__ import annotations

import time
from typing import Any

import pytest

from modelsync.events.models import OutboxEvent
from modelsync.events.tasks import relay

from .conftest import CLOSED_URL, Stream
from .models import Parcel

pytestmark = pytest.mark.celery


def test_task_publishes_the_outbox(celery_worker: Any, stream: Stream) -> None:
    Parcel.objects.bulk_create(Parcel(code=f"P{i}") for i in range(20))
    assert relay.delay().get(timeout=60) == 20
    assert stream.depth() == 20


def test_task_retries_while_the_broker_is_down_then_publishes(
    celery_worker: Any, stream: Stream, settings: Any
) -> None:
    Parcel.objects.bulk_create(Parcel(code=f"P{i}") for i in range(5))
    settings.MODELSYNC_EVENTS_BROKER_URL = CLOSED_URL
    result = relay.delay()
    deadline = time.monotonic() + 60
    while result.state != "RETRY":  # the first attempt failed; the next one comes in 2 s
        assert time.monotonic() < deadline, result.state
        time.sleep(0.05)
    assert OutboxEvent.objects.filter(published_at__isnull=True).count() == 5
    settings.MODELSYNC_EVENTS_BROKER_URL = stream.url
    assert result.get(timeout=60) == 5
    assert stream.depth() == 5
