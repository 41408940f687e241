"""The change stream's cost, side by side with its limits, in one run (PostgreSQL + RabbitMQ).

1. A tracked ``qs.update()`` of ``--rows`` rows (default 100k), every row changing:
   plain Django (nobody listens), tracked with one hook that needs what the outbox needs (old
   values and new rows) and does nothing, and tracked with the outbox. Target: events ≤ 1.3x
   the tracked update without them (one ``INSERT … SELECT`` per statement).
2. Relay throughput to RabbitMQ in events/s, ``--events`` rows (default 20k): one relay, two
   relays at once (two threads, each its own database and broker connection, ``SKIP
   LOCKED``), and the limit: a bare kombu loop publishing the same message bodies in the same
   batches with the same publisher confirms (each batch's confirms awaited together) and no
   database. Target: one relay ≥ 0.7 of the limit.

Each figure is min / median / max of ``--repeat`` runs (default 5); ratios compare medians.

Run::

    .venv/bin/python benchmarks/events_bench.py                         # db bench_events
    .venv/bin/python benchmarks/events_bench.py --rows 1000 --events 1000 --repeat 1   # smoke
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
import uuid
from collections.abc import Callable
from typing import Any

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [os.path.join(HERE, "..", "src")]

DB_NAME = os.environ.get("BENCH_DB", "bench_events")
BROKER_URL = os.environ.get("BENCH_BROKER_URL", "amqp://guest:guest@127.0.0.1:5672//")
EXCHANGE = "bench.events"
QUEUE = "bench.events.all"


def configure() -> None:
    """Minimal settings: tracking, the change stream and the benchmark's table."""
    import django
    from django.conf import settings

    settings.configure(
        DATABASES={
            "default": {
                "ENGINE": "django.db.backends.postgresql",
                "NAME": DB_NAME,
                "USER": "postgres",
                "HOST": "127.0.0.1",
                "PORT": "5432",
            }
        },
        INSTALLED_APPS=[
            "django.contrib.contenttypes",
            "django.contrib.auth",
            "modelsync.events",
        ],
        DEFAULT_AUTO_FIELD="django.db.models.BigAutoField",
        USE_TZ=True,
        MODELSYNC_EVENTS_BROKER_URL=BROKER_URL,
        MODELSYNC_EVENTS_EXCHANGE=EXCHANGE,
    )
    django.setup()


def create_database() -> None:
    """A fresh benchmark database."""
    import psycopg

    with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}"')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')


def define_models() -> dict[str, Any]:
    """Three tables with the same columns: plain, tracked with a no-op hook, published."""
    from django.db import models

    from modelsync.tracking.models import TrackedModel

    def columns() -> dict[str, Any]:
        return {
            "status": models.CharField(max_length=20),
            "value": models.IntegerField(),
            "note": models.CharField(max_length=50),
            "__module__": "events_bench",
        }

    def meta() -> type:
        return type("Meta", (), {"app_label": "modelsync_events"})

    return {
        "plain": type("BenchPlainRow", (models.Model,), {**columns(), "Meta": meta()}),
        "tracked": type("BenchTrackedRow", (TrackedModel,), {**columns(), "Meta": meta()}),
        "events": type("BenchEventRow", (TrackedModel,), {**columns(), "Meta": meta()}),
    }


def timed(run: Callable[[], Any], prepare: Callable[[], Any], repeat: int) -> list[float]:
    """Seconds of ``run()`` over ``repeat`` runs, ``prepare()`` (untimed) before each."""
    times = []
    for _ in range(repeat):
        prepare()
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return times


def spread(times: list[float], per: float = 1.0, invert: bool = False) -> str:
    """``min / median / max``, in seconds or in ``per``/s."""
    values = sorted(per / t for t in times) if invert else sorted(times)
    fmt = "{:,.0f}" if invert else "{:.3f}"
    return " / ".join(fmt.format(v) for v in (values[0], statistics.median(values), values[-1]))


def bench_updates(tables: dict[str, Any], rows: int, repeat: int) -> None:
    """Part 1: the tracked update without and with events."""
    from django.db import connection, transaction
    from django.test.utils import override_settings

    from modelsync.events.models import OutboxEvent
    from modelsync.tracking import Need, register

    with connection.schema_editor() as editor:
        for model in tables.values():
            editor.create_model(model)
    for model in tables.values():
        model.objects.bulk_create(
            (model(status="a", value=i, note="n") for i in range(rows)), batch_size=5000
        )
    register(
        tables["tracked"],
        lambda write: None,
        name="bench.noop",
        needs=Need.OLD_VALUES | Need.NEW_ROWS,
    )
    flip = {"value": "a"}

    def update(model: Any) -> Callable[[], None]:
        def run() -> None:
            flip["value"] = "b" if flip["value"] == "a" else "a"
            with transaction.atomic():
                model.objects.update(status=flip["value"])

        return run

    def clear_outbox() -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {OutboxEvent._meta.db_table}")

    results = {}
    results["plain Django qs.update()"] = timed(update(tables["plain"]), clear_outbox, repeat)
    results["tracked, no-op hook (old values + rows)"] = timed(
        update(tables["tracked"]), clear_outbox, repeat
    )
    with override_settings(MODELSYNC_EVENTS_MODELS=["modelsync_events.BenchEventRow"]):
        results["tracked + events (outbox)"] = timed(update(tables["events"]), clear_outbox, repeat)
        assert OutboxEvent.objects.count() == rows, "every row must have its event"
    clear_outbox()
    base = statistics.median(results["tracked, no-op hook (old values + rows)"])
    print(f"\n## Tracked qs.update() of {rows:,} rows (seconds, min / median / max)\n")
    print("| contender | time | vs tracked |")
    print("|---|---|---|")
    for name, times in results.items():
        print(f"| {name} | {spread(times)} | {statistics.median(times) / base:.2f}x |")
    print("\nTarget: tracked + events ≤ 1.30x tracked.")


def seed_outbox(count: int) -> None:
    """``count`` unpublished events with realistic payloads."""
    from django.db import connection
    from django.utils import timezone

    from modelsync.events.models import OutboxEvent
    from modelsync.events.sql import insert_events

    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {OutboxEvent._meta.db_table}")
    rows = [
        (
            uuid.uuid4(),
            str(i),
            {
                "old": {"status": "a"},
                "new": {"status": "b"},
                "user": None,
                "comment": "",
                "statement_id": str(uuid.uuid4()),
            },
        )
        for i in range(count)
    ]
    insert_events("default", "bench.row", "updated", timezone.now(), rows)


def purge_queue() -> None:
    """Empty the benchmark's queue (declared and bound to the exchange)."""
    from kombu import Connection

    from modelsync.events import event_queue

    with Connection(BROKER_URL) as connection:
        bound = event_queue(QUEUE, exchange=EXCHANGE)(connection.channel())
        bound.declare()
        bound.purge()


def bench_relay(count: int, repeat: int) -> None:
    """Part 2: relay throughput beside a bare kombu loop with the same confirms."""
    import json

    from django.core.serializers.json import DjangoJSONEncoder
    from django.db import connection

    from modelsync.events import Relay, config
    from modelsync.events.models import OutboxEvent
    from modelsync.events.publisher import ConfirmingPublisher
    from modelsync.events.relay import broker_connection, events_exchange

    def prepare() -> None:
        purge_queue()
        seed_outbox(count)

    def one_relay() -> None:
        with Relay() as relay:
            assert relay.publish_pending() == count

    def two_relays() -> None:
        published = [0, 0]

        def work(slot: int) -> None:
            with Relay() as relay:
                published[slot] = relay.publish_pending()
            connection.close()

        threads = [threading.Thread(target=work, args=(slot,)) for slot in (0, 1)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sum(published) == count, published

    bodies: list[tuple[str, str, str]] = []

    def prepare_bare() -> None:
        prepare()
        bodies.clear()
        columns = ("id", "aggregatetype", "aggregateid", "type", "payload", "created_at")
        for row in OutboxEvent.objects.values_list(*columns):
            event = dict(zip(columns, row, strict=True))
            event["created_at"] = event["created_at"].isoformat()
            key = f"{event['aggregatetype']}.{event['type']}"
            bodies.append((json.dumps(event, cls=DjangoJSONEncoder), key, str(event["id"])))

    def bare_kombu() -> None:
        # The relay's publishing without its database work: same bodies, same batches, the
        # same confirms of each batch awaited together.
        batch = config.batch_size()
        with broker_connection() as broker:
            publisher = ConfirmingPublisher(broker, events_exchange(EXCHANGE))
            for start in range(0, len(bodies), batch):
                for body, key, message_id in bodies[start : start + batch]:
                    publisher.publish(body, key, message_id)
                publisher.wait_for_confirms()

    results = {
        "bare kombu loop, confirms (the limit)": timed(bare_kombu, prepare_bare, repeat),
        "relay, one": timed(one_relay, prepare, repeat),
        "relay, two at once": timed(two_relays, prepare, repeat),
    }
    purge_queue()
    limit = count / statistics.median(results["bare kombu loop, confirms (the limit)"])
    print(f"\n## Relay throughput to RabbitMQ, {count:,} events (events/s, min / median / max)\n")
    print("| contender | events/s | vs limit |")
    print("|---|---|---|")
    for name, times in results.items():
        rate = count / statistics.median(times)
        print(f"| {name} | {spread(times, count, invert=True)} | {rate / limit:.2f} |")
    print("\nTarget: one relay ≥ 0.70 of the limit.")


def main() -> None:
    """Parse the options and run both parts."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()
    create_database()
    configure()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    tables = define_models()
    bench_updates(tables, options.rows, options.repeat)
    bench_relay(options.events, options.repeat)


if __name__ == "__main__":
    main()
