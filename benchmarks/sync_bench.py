"""Bulk Order → Pipeline sync, side by side on PostgreSQL.

For N orders each with a pipeline, change ``total_amount`` of every order and have the
pipelines follow, four ways:

- ours: ``Order.objects.bulk_update_with_pipeline(Order.objects.all(), total_amount=...)``;
  and the same while another receiver listens to the order's tracking signals (the update
  then goes through the tracking part, which returns old and new rows to Python);
- loop: the naive manager -- ``queryset.update()`` then, per order, its pipeline saved
  when a value differs;
- computedfields: django-computedfields 0.3.6, ``qs.update()`` then ``update_dependent(qs)``;
- floor: two hand-written SQL UPDATEs (orders, then pipelines joined to them).

Plus the single ``update_with_pipeline``: statements per call. Run (peers live in their own
venv, never in .venv)::

    python3 -m venv .venv-bench
    .venv-bench/bin/pip install -e '.[postgres,celery,remote,drf,dev]'
    .venv-bench/bin/pip install -r benchmarks/requirements-sync.txt
    .venv-bench/bin/python benchmarks/sync_bench.py            # N = 1k, 10k, 100k
    SYNC_BENCH_SIZES=1000 .venv-bench/bin/python benchmarks/sync_bench.py

Database: ``SYNC_BENCH_DATABASE_URL`` (default ``postgres://postgres@127.0.0.1:5432/bench_sync``,
created when missing). ``SYNC_BENCH_SLOW_MAX`` (default 100000) caps N for the loop and
computedfields, which take minutes at 100k.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "src"), str(ROOT / "benchmarks")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sync_bench_settings")


def ensure_database() -> None:
    """Create the benchmark database when it does not exist."""
    import psycopg
    from django.conf import settings

    db = settings.DATABASES["default"]
    with psycopg.connect(
        host=db.get("HOST") or "127.0.0.1",
        port=db.get("PORT") or 5432,
        user=db.get("USER") or "postgres",
        dbname="postgres",
        autocommit=True,
    ) as conn:
        if not conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]]
        ).fetchone():
            conn.execute(f'CREATE DATABASE "{db["NAME"]}"')


class Counter:
    """Counts the statements sent to the database (an execute wrapper: no query log kept)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        self.count += 1
        return execute(sql, params, many, context)


@contextmanager
def measured() -> Iterator[dict[str, float]]:
    """Time the block and count its statements into the yielded dict."""
    from django.db import connection

    counter = Counter()
    result: dict[str, float] = {}
    with connection.execute_wrapper(counter):
        start = time.perf_counter()
        yield result
        result["seconds"] = time.perf_counter() - start
    result["statements"] = counter.count


def insert_rows(model: Any, source: str, columns: dict[str, str], params: list[Any]) -> None:
    """``INSERT INTO <model> … SELECT`` from ``source``: ``columns`` maps column names to SQL
    expressions, every other column takes its field's default (so new model fields need no
    change here)."""
    from django.db import connection

    names, values, all_params = [], [], []
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        names.append(connection.ops.quote_name(field.column))
        if field.column in columns:
            values.append(columns[field.column])
        else:
            values.append("%s")
            all_params.append(field.get_db_prep_save(field.get_default(), connection))
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(names)}) SELECT {', '.join(values)} FROM {source}",
            [*all_params, *params],
        )


def reset(n: int) -> None:
    """Fill the four tables with ``n`` orders, each with its pipeline (set-based SQL)."""
    from django.db import connection
    from sync_bench_app.models import CfOrder, CfPipeline

    from marketplace.models import Order, Pipeline

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE marketplace_pipeline, marketplace_order, sync_bench_app_cfpipeline, "
            "sync_bench_app_cforder RESTART IDENTITY CASCADE"
        )
    series = "generate_series(1, %s) g"
    stamps = {"created_at": "now()", "updated_at": "now()"}
    orders = {"order_code": "'B' || g", "contact": "'c' || g", "total_amount": "1", **stamps}
    insert_rows(Order, series, orders, [n])
    pipelines = {
        "order_id": "o.id",
        "contact": "o.contact",
        "total_amount": "o.total_amount",
        **stamps,
    }
    insert_rows(Pipeline, "marketplace_order o", pipelines, [])
    insert_rows(CfOrder, series, {"contact": "'c' || g", "total_amount": "1"}, [n])
    insert_rows(
        CfPipeline,
        "sync_bench_app_cforder o",
        {"order_id": "o.id", "total_amount": "o.total_amount"},
        [],
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def vacuum() -> None:
    """Remove the dead rows left by the previous run, so runs don't slow each other down."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "VACUUM ANALYZE marketplace_order, marketplace_pipeline, sync_bench_app_cforder, "
            "sync_bench_app_cfpipeline"
        )


def ours(value: Decimal) -> None:
    from marketplace.models import Order

    Order.objects.bulk_update_with_pipeline(Order.objects.all(), total_amount=value)


def ours_tracked(value: Decimal) -> None:
    # Same call while another receiver listens to the order's tracking signals (as the audit
    # app does in the marketplace): the UPDATE then goes through the tracking part, which
    # returns the old and new rows so receivers get their ModifiedObjects.
    from marketplace.models import Order
    from modelsync.tracking import post_update_signal

    def listener(**kwargs: Any) -> None:
        """A receiver that does nothing: only its presence matters."""

    post_update_signal.connect(listener, sender=Order, dispatch_uid="sync_bench")
    try:
        Order.objects.bulk_update_with_pipeline(Order.objects.all(), total_amount=value)
    finally:
        post_update_signal.disconnect(sender=Order, dispatch_uid="sync_bench")


def loop(value: Decimal) -> None:
    # A naive bulk_update_with_pipeline: one update, then a read and a write per order.
    from django.db import transaction

    from marketplace.models import Order, Pipeline

    with transaction.atomic():
        queryset = Order._base_manager.all()
        pks = list(queryset.values_list("pk", flat=True))
        queryset.update(total_amount=value)
        for order in Order._base_manager.filter(pk__in=pks).iterator(chunk_size=2000):
            try:
                pipeline = Pipeline._base_manager.get(order_id=order.pk)
            except Pipeline.DoesNotExist:
                continue
            if pipeline.total_amount != order.total_amount:
                pipeline.total_amount = order.total_amount
                Pipeline._base_manager.filter(pk=pipeline.pk).update(
                    total_amount=pipeline.total_amount
                )


def computedfields(value: Decimal) -> None:
    from computedfields.models import update_dependent
    from django.db import transaction
    from sync_bench_app.models import CfOrder

    with transaction.atomic():
        queryset = CfOrder.objects.all()
        queryset.update(total_amount=value)
        update_dependent(queryset, update_fields=["total_amount"])


def floor(value: Decimal) -> None:
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE marketplace_order SET total_amount = %s", [value])
        cursor.execute(
            "UPDATE marketplace_pipeline AS p SET total_amount = o.total_amount "
            "FROM marketplace_order AS o WHERE p.order_id = o.id"
        )


def only_sync_listens() -> None:
    """Unregister the hooks of other parts on orders and pipelines (the marketplace publishes
    its orders to the change stream): like the audit app left out of the settings, they have
    costs of their own, measured in their parts' sections, not sync's."""
    from marketplace.models import Order, Pipeline
    from modelsync import tracking
    from modelsync.sync.engine import SOURCE_HOOK, TARGET_HOOK

    for model in (Order, Pipeline):
        for hook in tracking.registered(model):
            if hook.name not in (SOURCE_HOOK, TARGET_HOOK):
                tracking.unregister(model, hook.name)


def check_synced(n: int, value: Decimal, computed: bool) -> None:
    """Every pipeline holds ``value``: a contender that cheats fails the run."""
    from sync_bench_app.models import CfPipeline

    from marketplace.models import Pipeline

    model = CfPipeline if computed else Pipeline
    synced = model._base_manager.filter(total_amount=value).count()
    if synced != n:
        raise SystemExit(f"{model.__name__}: {synced}/{n} synced to {value}")


def single_statements(calls: int = 50) -> tuple[float, float]:
    """Mean statements and milliseconds of one ``update_with_pipeline`` call."""
    from marketplace.models import Order

    keys = list(Order._base_manager.order_by("pk").values_list("pk", flat=True)[:calls])
    with measured() as m:
        for i, key in enumerate(keys):
            Order.objects.update_with_pipeline(order_id=key, total_amount=Decimal(1000 + i))
    return m["statements"] / len(keys), 1000 * m["seconds"] / len(keys)


def main() -> None:
    import django

    django.setup()
    ensure_database()
    from django.core.management import call_command

    # auth first: the marketplace (no migrations yet) is created by syncdb and points at users
    call_command("migrate", "auth", verbosity=0)
    call_command("migrate", run_syncdb=True, verbosity=0)
    only_sync_listens()
    sizes = [int(s) for s in os.environ.get("SYNC_BENCH_SIZES", "1000,10000,100000").split(",")]
    slow_max = int(os.environ.get("SYNC_BENCH_SLOW_MAX", "100000"))
    repeats = int(os.environ.get("SYNC_BENCH_REPEATS", "5"))
    contenders: list[tuple[str, Callable[[Decimal], None], bool, bool]] = [
        ("floor (2 SQL UPDATEs)", floor, False, False),
        ("modelsync bulk_update_with_pipeline", ours, False, False),
        ("modelsync, another tracking receiver listening", ours_tracked, False, False),
        ("naive loop (update + per-order save)", loop, False, True),
        ("django-computedfields 0.3.6", computedfields, True, True),
    ]
    rows = []
    for n in sizes:
        reset(n)
        results: dict[str, list[dict[str, float]]] = {}
        step = 0
        for name, run, computed, slow in contenders:
            if slow and n > slow_max:
                continue
            runs: list[dict[str, float]] = []
            for _ in range(1 if slow else repeats):
                vacuum()  # every run starts from the same table state (no dead rows)
                step += 1
                value = Decimal(step) + Decimal("0.25")
                with measured() as m:
                    run(value)
                check_synced(n, value, computed)
                runs.append(m)
            results[name] = runs
        base = statistics.median(r["seconds"] for r in results["floor (2 SQL UPDATEs)"])
        for name, _run, _computed, _slow in contenders:
            if name in results:
                seconds = sorted(r["seconds"] for r in results[name])
                timing = (seconds[0], statistics.median(seconds), seconds[-1])
                statements = int(results[name][0]["statements"])
                rows.append((n, name, timing, timing[1] / base, statements))
            else:
                rows.append((n, name, None, float("nan"), -1))
        print(f"N={n} done", file=sys.stderr)
    per_call, ms = single_statements()
    print(f"min / median / max of {repeats} runs (1 for the slow peers); ratio of medians")
    print()
    print("| N | contender | time (s) min / median / max | x floor | statements |")
    print("|---:|---|---:|---:|---:|")
    for n, name, timing, ratio, statements in rows:
        if timing is None:
            print(f"| {n:,} | {name} | skipped | | |")
        else:
            low, mid, high = timing
            print(
                f"| {n:,} | {name} | {low:.3f} / {mid:.3f} / {high:.3f} | {ratio:.2f} "
                f"| {statements:,} |"
            )
    print()
    print(
        f"single `update_with_pipeline`: {per_call:.1f} statements per call, {ms:.2f} ms per call"
    )


if __name__ == "__main__":
    main()
