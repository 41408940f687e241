"""Relays as real processes: killed mid-batch, and two at once, on the tests' database."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connection, transaction

from modelsync.events import Event, consume
from modelsync.events.models import OutboxEvent

from .conftest import Stream
from .models import Parcel
from .proxy import StallingProxy

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).absolute().parents[2]
BATCH = 100


class Processes:
    """Starts ``manage.py`` commands on the tests' database and exchange."""

    def __init__(self, stream: Stream) -> None:
        self.env = {
            **os.environ,
            "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'src'}",
            "DJANGO_SETTINGS_MODULE": "tests.events.process_settings",
            "MODELSYNC_EVENTS_PROCESS_DB": str(connection.settings_dict["NAME"]),
            "MODELSYNC_EVENTS_BROKER_URL": stream.url,
            "MODELSYNC_EVENTS_EXCHANGE": stream.exchange,
        }

    def start(self, *args: str) -> subprocess.Popen[str]:
        """``manage.py *args`` in the background (the tests check the project themselves)."""
        return subprocess.Popen(
            [sys.executable, str(ROOT / "manage.py"), args[0], "--skip-checks", *args[1:]],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

    def run(self, *args: str) -> str:
        """``manage.py *args``; its output (fails the test when it fails)."""
        process = self.start(*args)
        output, _ = process.communicate(timeout=300)
        assert process.returncode == 0, output
        return output


@pytest.fixture
def processes(stream: Stream) -> Processes:
    """Commands running against the tests' database, committed data (transactional tests)."""
    return Processes(stream)


def seed(count: int) -> None:
    """``count`` parcels, then one ``qs.update()`` of them all: ``count`` events."""
    Parcel.objects.bulk_create(Parcel(code=f"P{i}") for i in range(count))
    OutboxEvent.objects.all().delete()
    assert Parcel.objects.update(status="sent") == count


def unpublished() -> int:
    return OutboxEvent.objects.filter(published_at__isnull=True).count()


@contextmanager
def marking_blocked() -> Iterator[None]:
    """Hold a SHARE lock on the outbox: relays can lock rows and publish them, but their
    UPDATE marking them published waits until the lock is released."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute('LOCK TABLE "modelsync_events_outbox" IN SHARE MODE')
        yield


def wait_for(condition: Callable[[], bool], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_relay_killed_between_publish_and_mark_delivers_every_event_after_restart(
    stream: Stream, processes: Processes
) -> None:
    seed(1000)
    # The broker's confirms stop coming once the relay has sent part of the batch: the relay
    # sends the rest, waits for the confirms with nothing marked -- and is killed.
    with StallingProxy(("127.0.0.1", 5672), stall_after=150_000) as proxy:
        url = f"amqp://guest:guest@127.0.0.1:{proxy.port}//"
        relay = processes.start(
            "modelsync_events", "relay", "--once", "--batch-size", "1000", "--broker-url", url
        )
        wait_for(lambda: proxy.stalled.is_set() or relay.poll() is not None)
        assert relay.poll() is None, relay.communicate()[0]
        wait_for(lambda: stream.depth() > 0)
        time.sleep(0.5)
        relay.send_signal(signal.SIGKILL)
        relay.wait(timeout=30)
    delivered_before_kill = stream.depth()
    assert 0 < delivered_before_kill <= 1000
    assert unpublished() == 1000

    output = processes.run("modelsync_events", "relay", "--once", "--batch-size", str(BATCH))
    assert "published 1000 events" in output
    assert unpublished() == 0
    assert stream.depth() == 1000 + delivered_before_kill

    handled: list[str] = []

    def handler(event: Event) -> None:
        handled.append(event.aggregateid)

    assert consume(stream.queue, handler, limit=1000, idle_timeout=5) == 1000
    assert len(set(handled)) == len(handled) == 1000
    assert consume(stream.queue, handler, idle_timeout=2) == 0  # the rest were duplicates
    assert stream.depth() == 0


def test_running_relay_publishes_new_writes_and_stops_on_sigterm(
    stream: Stream, processes: Processes
) -> None:
    relay = processes.start("modelsync_events", "relay")
    try:
        seed(50)
        wait_for(lambda: stream.depth() == 50 or relay.poll() is not None)
        Parcel.objects.update(status="delivered")
        wait_for(lambda: stream.depth() == 100 or relay.poll() is not None)
    finally:
        relay.send_signal(signal.SIGTERM)
        output, _ = relay.communicate(timeout=60)
    assert relay.returncode == 0, output
    assert unpublished() == 0
    assert stream.depth() == 100


@pytest.mark.postgres_only
def test_two_relays_at_once_publish_each_event_once(stream: Stream, processes: Processes) -> None:
    seed(2000)
    relay_args = ("modelsync_events", "relay", "--once", "--batch-size", str(BATCH))
    with marking_blocked():
        relays = [processes.start(*relay_args) for _ in range(2)]
        # Each relay locked a different batch and published it: SKIP LOCKED shares the work.
        wait_for(lambda: stream.depth() >= 2 * BATCH)
    outputs = [relay.communicate(timeout=300)[0] for relay in relays]
    assert [relay.returncode for relay in relays] == [0, 0], outputs
    counts = [int(out.split("published ")[1].split()[0]) for out in outputs]
    assert sum(counts) == 2000
    assert min(counts) >= BATCH
    messages = stream.messages()
    assert len(messages) == 2000
    assert len({m["id"] for m in messages}) == 2000
