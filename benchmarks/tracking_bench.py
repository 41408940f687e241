"""Tracked bulk writes side by side with plain Django and the peers, in one run.

One receiver is connected to each tracked model's update signal and reads ``changed_values``
of every object. Compared, at N = 1k, 10k, 100k rows:

- ``qs.update()``: plain Django (no tracking), the limit (the least work any tracker can do:
  one raw statement that locks, updates and returns the old and new values of the changed
  column on PostgreSQL; a SELECT of the old values plus ``UPDATE … RETURNING`` on SQLite; all
  rows fetched, no Python diff), modelsync, django-bulk-tracker 0.2.1;
- ``bulk_update()``: plain Django (untracked, ``batch_size=100``), modelsync (default batch and
  ``batch_size=1000``), django-bulk-tracker (``batch_size=100``), django-fast-update's
  ``fast_update`` (untracked).

Each figure is min/median/max of ``--repeat`` runs (default 5), the transaction's commit (and
so the receiver) included; ratios compare medians.

Run (peers live in their own venv, never in .venv)::

    .venv-bench/bin/pip install -e '.[postgres]' -r benchmarks/requirements-tracking.txt
    .venv-bench/bin/python benchmarks/tracking_bench.py              # PostgreSQL, db bench_tracking
    .venv-bench/bin/python benchmarks/tracking_bench.py --sqlite     # SQLite file in /tmp
    .venv-bench/bin/python benchmarks/tracking_bench.py --sizes 1000 # quicker
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [HERE, os.path.join(HERE, "..", "src")]


def configure(sqlite: bool) -> None:
    """Minimal Django settings: our tracking, the peers and the benchmark tables."""
    import django
    from django.conf import settings

    if sqlite:
        database = {"ENGINE": "django.db.backends.sqlite3", "NAME": "/tmp/bench_tracking.sqlite3"}
    else:
        database = {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": os.environ.get("BENCH_DB", "bench_tracking"),
            "USER": "postgres",
            "HOST": "127.0.0.1",
            "PORT": "5432",
        }
    settings.configure(
        DATABASES={"default": database},
        INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth", "tracking_bench_app"],
        DEFAULT_AUTO_FIELD="django.db.models.BigAutoField",
        USE_TZ=True,
    )
    django.setup()


def create_database(sqlite: bool) -> None:
    """A fresh benchmark database."""
    if sqlite:
        if os.path.exists("/tmp/bench_tracking.sqlite3"):
            os.remove("/tmp/bench_tracking.sqlite3")
        return
    import psycopg

    name = os.environ.get("BENCH_DB", "bench_tracking")
    with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def define_models() -> dict[str, Any]:
    """One table per contender, same columns."""
    from bulk_tracker.managers import BulkTrackerManager
    from bulk_tracker.models import BulkTrackerModel
    from django.db import models
    from fast_update.query import FastUpdateManager
    from model_utils import FieldTracker

    from modelsync.tracking.models import TrackedModel

    def columns() -> dict[str, Any]:
        return {
            "status": models.CharField(max_length=20),
            "value": models.IntegerField(),
            "note": models.CharField(max_length=50),
            "__module__": "tracking_bench_app",
        }

    class Meta:
        app_label = "tracking_bench_app"

    plain = type("PlainRow", (models.Model,), {**columns(), "Meta": Meta})
    ours = type("OurRow", (TrackedModel,), {**columns(), "Meta": Meta})
    peer = type(
        "PeerRow",
        (BulkTrackerModel,),
        {**columns(), "Meta": Meta, "objects": BulkTrackerManager(), "tracker": FieldTracker()},
    )
    fast = type(
        "FastRow", (models.Model,), {**columns(), "Meta": Meta, "objects": FastUpdateManager()}
    )
    return {"plain": plain, "ours": ours, "peer": peer, "fast": fast}


def connect_receivers(tables: dict[str, Any]) -> list[int]:
    """One receiver per tracked table that reads every changed_values; returns a tally."""
    from bulk_tracker.signals import post_update_signal as peer_signal

    from modelsync.tracking import post_update_signal

    seen = [0]

    def read(sender: Any, objects: Any, tracking_info_: Any = None, **kwargs: Any) -> None:
        for modified in objects:
            if modified.changed_values:
                seen[0] += 1

    post_update_signal.connect(read, sender=tables["ours"], weak=False)
    peer_signal.connect(read, sender=tables["peer"], weak=False)
    return seen


class StatementCounter:
    """Counts statements with an execute wrapper (cheaper than capturing their SQL)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        self.count += 1
        return execute(sql, params, many, context)


Timing = tuple[float, float, float]


def measure(work: Callable[[int], Any], repeat: int) -> tuple[Timing, int]:
    """(min, median, max) wall time of ``work(round)`` in a transaction, and its statements."""
    from django.db import connection, transaction

    times = []
    statements = 0
    for round_ in range(repeat):
        counter = StatementCounter()
        with connection.execute_wrapper(counter):
            start = time.perf_counter()
            with transaction.atomic():
                work(round_)
            times.append(time.perf_counter() - start)
        statements = counter.count
    return (min(times), statistics.median(times), max(times)), statements


def limit(model: Any) -> Callable[[int], Any]:
    """The least work a tracker of ``status`` changes can do, as one raw round per call."""
    from django.db import connection

    qn = connection.ops.quote_name
    table, pk, status = qn(model._meta.db_table), qn("id"), qn("status")
    if connection.vendor == "postgresql":
        sql = (
            f"UPDATE {table} SET {status} = %s FROM (SELECT {pk}, {status} FROM {table} "
            f'WHERE {status} = %s FOR UPDATE) AS "_old" WHERE {table}.{pk} = "_old".{pk} '
            f'RETURNING "_old".{status}, {table}.{status}'
        )

        def work(r: int) -> Any:
            with connection.cursor() as cursor:
                cursor.execute(sql, [f"s{r + 1}", f"s{r}"])
                return cursor.fetchall()

        return work

    def two_statements(r: int) -> Any:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {pk}, {status} FROM {table} WHERE {status} = %s", [f"s{r}"])
            old = cursor.fetchall()
            cursor.execute(
                f"UPDATE {table} SET {status} = %s WHERE {status} = %s RETURNING {pk}, {status}",
                [f"s{r + 1}", f"s{r}"],
            )
            return old, cursor.fetchall()

    return two_statements


def fill(model: Any, n: int) -> None:
    """``n`` rows with status "s0"."""
    model.objects.all().delete()
    model.objects.bulk_create(
        [model(status="s0", value=i, note=f"row {i}") for i in range(n)], batch_size=5000
    )
    from django.db import connection

    with connection.cursor() as cursor:  # fresh planner statistics, as autovacuum would give
        cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def run(n: int, tables: dict[str, Any], repeat: int) -> list[tuple[str, Timing, float, int]]:
    """The contenders at ``n`` rows: (name, seconds, ratio of medians to the baseline,
    statements).

    The slow contenders (CASE WHEN batches) run once at 100k rows: they take minutes.
    """
    slow = 1 if n >= 100_000 else repeat
    for model in tables.values():
        fill(model, n)
    for model in tables.values():
        model.objects.update(status="s0")

    def toggle(model: Any) -> Callable[[int], Any]:
        # Every row changes each round: filter on the field the update changes.
        return lambda r: model.objects.filter(status=f"s{r}").update(status=f"s{r + 1}")

    def bulk(model: Any, method: str, **kwargs: Any) -> Callable[[int], Any]:
        objs = list(model.objects.order_by("pk"))

        def work(r: int) -> Any:
            for obj in objs:
                obj.value += 1
                obj.note = f"round {r}"
            return getattr(model.objects, method)(objs, ["value", "note"], **kwargs)

        return work

    results = []
    plain_update = measure(toggle(tables["plain"]), repeat)
    results.append(("qs.update  Django (untracked)", *plain_update))
    tables["plain"].objects.update(status="s0")
    limit_update = measure(limit(tables["plain"]), repeat)
    results.append(("qs.update  limit (raw, see docstring)", *limit_update))
    results.append(("qs.update  modelsync", *measure(toggle(tables["ours"]), repeat)))
    results.append(("qs.update  django-bulk-tracker", *measure(toggle(tables["peer"]), slow)))
    table = [(name, t, t[1] / limit_update[0][1], s) for name, t, s in results]

    fast = measure(bulk(tables["fast"], "fast_update"), repeat)
    django_bulk = measure(bulk(tables["plain"], "bulk_update", batch_size=100), slow)
    ours = measure(bulk(tables["ours"], "bulk_update"), repeat)
    ours_batched = measure(bulk(tables["ours"], "bulk_update", batch_size=1000), repeat)
    peer = measure(bulk(tables["peer"], "bulk_update", batch_size=100), slow)
    rows = [
        ("bulk_update Django (untracked, batch 100)", *django_bulk),
        ("bulk_update modelsync", *ours),
        ("bulk_update modelsync (batch 1000)", *ours_batched),
        ("bulk_update django-bulk-tracker (batch 100)", *peer),
        ("fast_update django-fast-update (untracked)", *fast),
    ]
    table += [(name, t, t[1] / fast[0][1], s) for name, t, s in rows]
    return table


def main() -> None:
    """Parse the options, build the tables, print the side-by-side table per size."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sqlite", action="store_true", help="run on SQLite instead")
    parser.add_argument("--sizes", type=int, nargs="*", default=[1_000, 10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    create_database(args.sqlite)
    configure(args.sqlite)
    from django.db import connection

    tables = define_models()
    with connection.schema_editor() as editor:
        for model in tables.values():
            editor.create_model(model)
    connect_receivers(tables)
    version = (
        connection.Database.sqlite_version
        if args.sqlite
        else connection.cursor().connection.info.server_version
    )
    print(f"# tracking benchmark on {connection.vendor} {version}")
    for n in args.sizes:
        repeat = args.repeat
        print(
            f"\nN = {n:,} ({repeat} runs; ratio of medians: qs.update vs the limit, "
            "bulk vs fast_update)"
        )
        header = f"| {'operation':<46} | {'time (s) min/median/max':>25} | {'ratio':>6} |"
        print(f"{header} {'statements':>10} |")
        print(f"|{'-' * 48}|{'-' * 27}:|{'-' * 8}:|{'-' * 12}:|")
        for name, (low, median, high), ratio, statements in run(n, tables, repeat):
            spread = f"{low:.4f}/{median:.4f}/{high:.4f}"
            print(f"| {name:<46} | {spread:>25} | {ratio:>5.2f}x | {statements:>10} |")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
