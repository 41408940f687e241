"""Ordering benchmark: one move in lists of 1k, 10k and 100k rows, side by side.

Compares ``modelsync.ordering`` (``move_to_position`` given the list, and ``move_to`` where the
model's scope implies it), django-ordered-model 3.7.4 (``to()``),
django-spire (``move_to_position``) and the floor: one range UPDATE plus one row UPDATE in a
transaction, with the old position already known. Every implementation works on its own table
of the same shape (``grp``, ``order`` indexed, ``name``) in a list of ``n`` rows.

Run on PostgreSQL, in the benchmark venv (peers are never installed into ``.venv``)::

    .venv-bench/bin/pip install -e '.[postgres,celery,remote,drf,dev]' \\
        -r benchmarks/requirements-ordering.txt
    .venv-bench/bin/python benchmarks/ordering_bench.py [--sizes 1000,10000,100000]

``BENCH_ORDERING_DATABASE_URL`` overrides the database
(default ``postgres://postgres@127.0.0.1:5432/bench_ordering``, created if missing).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

import dj_database_url  # noqa: E402
import django  # noqa: E402
from django.conf import settings  # noqa: E402

DATABASE = dj_database_url.parse(
    os.environ.get(
        "BENCH_ORDERING_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_ordering"
    )
)


def ensure_database(database: dict[str, Any]) -> None:
    """Create the benchmark's PostgreSQL database if it does not exist yet."""
    import psycopg

    server = {
        "host": database.get("HOST") or None,
        "port": database.get("PORT") or None,
        "user": database.get("USER") or None,
        "password": database.get("PASSWORD") or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        exists = admin.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [database["NAME"]]
        ).fetchone()
        if not exists:
            admin.execute(f'CREATE DATABASE "{database["NAME"]}"')


if DATABASE["ENGINE"].endswith("postgresql"):
    ensure_database(DATABASE)

settings.configure(
    DEBUG=False,
    SECRET_KEY="benchmark",
    USE_TZ=True,
    DEFAULT_AUTO_FIELD="django.db.models.BigAutoField",
    INSTALLED_APPS=[
        "django.contrib.contenttypes",
        "django.contrib.auth",
        "modelsync.ordering",
        "ordered_model",
    ],
    DATABASES={"default": DATABASE},
)
django.setup()

# Commits wait for the WAL flush by default; on a shared machine the disk's noise would then
# drown the difference between the implementations. Every implementation gets the same setting.
SYNCHRONOUS_COMMIT = os.environ.get("BENCH_ORDERING_SYNCHRONOUS_COMMIT", "off")

from django.db import connection, models, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from ordered_model.models import OrderedModel  # noqa: E402

from modelsync.ordering.models import OrderingModelMixin  # noqa: E402

try:
    from django_spire.contrib.ordering.mixins import (
        OrderingModelMixin as SpireOrderingModelMixin,
    )

    SPIRE_ERROR = ""
except Exception as error:  # reported in the table instead of crashing the whole run
    SpireOrderingModelMixin = None
    SPIRE_ERROR = f"{type(error).__name__}: {error}"

APP = "contenttypes"  # an installed app to host the benchmark's tables; never migrated


class BenchList(models.Model):
    """The list every row belongs to (django-ordered-model scopes by a foreign key)."""

    class Meta:
        app_label = APP
        db_table = "bench_ordering_list"


class OursItem(OrderingModelMixin):
    grp = models.ForeignKey(BenchList, models.CASCADE, db_constraint=False)
    name = models.CharField(max_length=40)

    class Meta:
        app_label = APP
        db_table = "bench_ordering_ours"


class OursScopedItem(OrderingModelMixin):
    """The same table shape with the list declared on the model, for ``move_to()``."""

    grp = models.ForeignKey(BenchList, models.CASCADE, db_constraint=False)
    name = models.CharField(max_length=40)

    ordering_scope = ("grp",)

    class Meta:
        app_label = APP
        db_table = "bench_ordering_ours_scoped"


class OrderedItem(OrderedModel):
    grp = models.ForeignKey(BenchList, models.CASCADE, db_constraint=False)
    name = models.CharField(max_length=40)
    order_with_respect_to = "grp"

    class Meta(OrderedModel.Meta):
        app_label = APP
        db_table = "bench_ordering_ordered_model"


if SpireOrderingModelMixin is not None:

    class SpireItem(SpireOrderingModelMixin):  # type: ignore[misc,valid-type]
        grp = models.ForeignKey(BenchList, models.CASCADE, db_constraint=False)
        name = models.CharField(max_length=40)

        class Meta:
            app_label = APP
            db_table = "bench_ordering_spire"
            indexes = [models.Index(fields=["order"], name="bench_spire_order")]


class FloorItem(models.Model):
    grp = models.ForeignKey(BenchList, models.CASCADE, db_constraint=False)
    name = models.CharField(max_length=40)
    order = models.PositiveIntegerField(default=0, db_index=True)

    class Meta:
        app_label = APP
        db_table = "bench_ordering_floor"


def setup_table(model: type[models.Model], size: int) -> None:
    with connection.schema_editor() as editor:
        editor.execute(f"DROP TABLE IF EXISTS {model._meta.db_table} CASCADE")
        editor.create_model(model)
    model.objects.bulk_create(
        (model(grp_id=1, name=f"item {i}", order=i) for i in range(size)), batch_size=5000
    )
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")


def at(model: type[models.Model], position: int) -> Any:
    return model.objects.get(grp_id=1, order=position)


def move_ours(old: int, new: int) -> float:
    obj = at(OursItem, old)
    start = time.perf_counter()
    obj.ordering_services.processor.move_to_position(
        destination_objects=OursItem.objects.filter(grp_id=1), position=new
    )
    return time.perf_counter() - start


def move_ours_to(old: int, new: int) -> float:
    obj = at(OursScopedItem, old)
    start = time.perf_counter()
    obj.move_to(new)
    return time.perf_counter() - start


def move_ordered_model(old: int, new: int) -> float:
    obj = at(OrderedItem, old)
    start = time.perf_counter()
    obj.to(new)
    return time.perf_counter() - start


def move_spire(old: int, new: int) -> float:
    obj = at(SpireItem, old)
    start = time.perf_counter()
    obj.ordering_services.processor.move_to_position(
        destination_objects=SpireItem.objects.filter(grp_id=1), position=new
    )
    return time.perf_counter() - start


def move_floor(old: int, new: int) -> float:
    obj = at(FloorItem, old)
    table = FloorItem._meta.db_table
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        if new < old:
            cursor.execute(
                f'UPDATE {table} SET "order" = "order" + 1 '
                f'WHERE grp_id = 1 AND "order" >= %s AND "order" < %s',
                [new, old],
            )
        else:
            cursor.execute(
                f'UPDATE {table} SET "order" = "order" - 1 '
                f'WHERE grp_id = 1 AND "order" > %s AND "order" <= %s',
                [old, new],
            )
        cursor.execute(f'UPDATE {table} SET "order" = %s WHERE id = %s', [new, obj.pk])
    return time.perf_counter() - start


TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")


def scenarios(size: int) -> list[tuple[str, int, int]]:
    """Each pair of moves restores the list, so repetitions start from the same state."""
    third, two_thirds = size // 3, 2 * size // 3
    return [
        ("last → first", size - 1, 0),
        ("first → last", 0, size - 1),
        ("middle → middle", third, two_thirds),
        ("middle → middle", two_thirds, third),
    ]


Sample = tuple[float, int, int, bool]


def measure_once(move: Callable[[int, int], float], old: int, new: int) -> Sample:
    """Seconds, SQL statements and round trips of one move, and whether it ran in one
    transaction."""
    connection.force_debug_cursor = True
    with CaptureQueriesContext(connection) as ctx:
        elapsed = move(old, new)
    sqls = [q["sql"] for q in ctx.captured_queries]
    # The SELECT that fetched the instance happened before the clock started.
    trips = [q for q in sqls if not q.startswith(TRANSACTION_CONTROL)][1:]
    # modelsync.ordering sends its lock and its first read in one round trip.
    statements = sum(1 + q.count("; SELECT") for q in trips)
    return elapsed, statements, len(trips), "BEGIN" in sqls


def measure(
    implementations: dict[str, Callable[[int, int], float]],
    size: int,
    repeat: int,
    once: set[str],
) -> dict[str, dict[str, Sample]]:
    """Median seconds, statements and transaction use per implementation and scenario.

    Implementations take turns on every scenario of every round, so that noise from other
    processes on the machine falls on all of them alike. Those in ``once`` run one round.
    """
    samples: dict[str, dict[str, list[Sample]]] = {label: {} for label in implementations}
    for round_ in range(repeat):
        for name, old, new in scenarios(size):
            for label, move in implementations.items():
                if round_ and label in once:
                    continue
                samples[label].setdefault(name, []).append(measure_once(move, old, new))
    return {
        label: {
            name: (
                statistics.median(s[0] for s in runs),
                max(s[1] for s in runs),
                max(s[2] for s in runs),
                all(s[3] for s in runs),
            )
            for name, runs in by_scenario.items()
        }
        for label, by_scenario in samples.items()
    }


def check_dense(model: type[models.Model], size: int) -> None:
    orders = sorted(model.objects.filter(grp_id=1).values_list("order", flat=True))
    if orders != list(range(size)):
        raise SystemExit(f"{model.__name__}: positions are not 0..{size - 1} after the run")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--spire-max-size",
        type=int,
        default=10_000,
        help="django-spire rewrites the whole list with one CASE per row (quadratic): "
        "larger lists are skipped",
    )
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    if connection.vendor != "postgresql":
        raise SystemExit("Run the ordering benchmark on PostgreSQL.")
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('synchronous_commit', %s, false)", [SYNCHRONOUS_COMMIT])

    peers: list[tuple[str, type[models.Model] | None, Callable[[int, int], float], str]] = [
        ("floor (range UPDATE + row UPDATE)", FloorItem, move_floor, ""),
        ("modelsync.ordering move_to_position", OursItem, move_ours, ""),  # type: ignore[list-item]
        ("modelsync.ordering move_to", OursScopedItem, move_ours_to, ""),
        ("django-ordered-model 3.7.4 to()", OrderedItem, move_ordered_model, ""),
        (
            "django-spire move_to_position",
            SpireItem if SpireOrderingModelMixin is not None else None,
            move_spire,
            SPIRE_ERROR,
        ),
    ]
    print(
        f"PostgreSQL {connection.pg_version}, synchronous_commit={SYNCHRONOUS_COMMIT}, "
        f"median of {args.repeat} rounds (django-spire: 1 round)\n"
    )
    header = f"| {'size':>7} | {'move':<15} | {'implementation':<36} | {'ms':>9} "
    header += f"| {'x floor':>8} | {'statements':>10} | {'round trips':>11} "
    header += f"| {'one transaction':<15} |"
    print(header)
    print("|" + "|".join("-" * (len(c)) for c in header.split("|")[1:-1]) + "|")
    for size in sizes:
        results: dict[str, dict[str, Sample] | str] = {}
        running: dict[str, Callable[[int, int], float]] = {}
        for label, model, move, error in peers:
            if model is None:
                results[label] = f"not run: {error}"
            elif "spire" in label and size > args.spire_max_size:
                results[label] = f"not run: > --spire-max-size={args.spire_max_size}"
            else:
                setup_table(model, size)
                running[label] = move
        once = {label for label in running if "spire" in label}
        results.update(measure(running, size, args.repeat, once))
        for label, model, _, _ in peers:
            if label in running and model is not None:
                check_dense(model, size)
        floor = results[peers[0][0]]
        assert isinstance(floor, dict)
        for scenario in dict.fromkeys(name for name, _, _ in scenarios(size)):
            for label, *_ in peers:
                result = results[label]
                if isinstance(result, str):
                    row = f"| {size:>7} | {scenario:<15} | {label:<36} | {result} |"
                else:
                    seconds, count, trips, atomic = result[scenario]
                    ratio = seconds / floor[scenario][0]
                    row = (
                        f"| {size:>7} | {scenario:<15} | {label:<36} | {seconds * 1000:>9.2f} "
                        f"| {ratio:>7.2f}x | {count:>10} | {trips:>11} "
                        f"| {'yes' if atomic else 'no':<15} |"
                    )
                print(row)
        sys.stdout.flush()
    for _, model, _, _ in peers:
        if model is not None:
            with connection.schema_editor() as editor:
                editor.execute(f"DROP TABLE IF EXISTS {model._meta.db_table} CASCADE")


if __name__ == "__main__":
    main()
