"""Remote mirrors: remote requests, local statements and time, beside a naive per-row client.

Against the real SAP CAP OData server of the tests and PostgreSQL (database ``bench_remote``,
created afresh by the script). Three operations, each timed in one run side by side with a
naive client that does one request or one local statement per row:

- ``filter()`` bringing K = 10 / 100 / 1,000 rows (``Accounts``, pages of 20): all pages and one
  bulk upsert, beside the same pages then one SELECT and one INSERT or UPDATE per row;
- ``bulk_create`` of 1,000 rows: ⌈1000 / batch size⌉ ``$batch`` change sets and one INSERT,
  beside one POST and one local save per row;
- ``modelsync_remote pull`` of 10,000 changed rows (``People``, pages of 200): one request and a
  constant number of statements per page, beside the same pages with per-row statements.

Run: ``.venv/bin/python benchmarks/remote_bench.py`` (needs ``npm install --prefix
tests/remote/odata_server``); ``--quick`` runs tiny sizes once, to check the script works.
Prints markdown tables.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "src")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
DB_NAME = "bench_remote"
os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"

QUICK = "--quick" in sys.argv
SIZES = (10,) if QUICK else (10, 100, 1000)
BULK_ROWS = 50 if QUICK else 1000
BATCH_SIZES = (200,) if QUICK else (200, 1000)
PULL_ROWS = 450 if QUICK else 10_000
REPEATS = 1 if QUICK else 3


def naive_upsert(model: Any, rows: list[dict[str, Any]]) -> None:
    """One SELECT, then one INSERT or UPDATE per row."""
    from modelsync.remote.pull import local_values

    for row in rows:
        values = local_values(model, row, {})
        existing = model._base_manager.filter(remote_pk=values["remote_pk"]).first()
        if existing is None:
            model(**values).save(skip_remote=True)
        else:
            model._base_manager.filter(pk=existing.pk).update(**values)


def measure(prepare: Callable[[], None], run: Callable[[], None]) -> tuple[float, int, int]:
    """Best time of REPEATS runs (``prepare`` before each), with requests and statements."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from modelsync.remote import get_backend

    best = float("inf")
    requests = statements = 0
    for _ in range(REPEATS):
        prepare()
        before = get_backend().request_count
        # The query log keeps 9,000 entries: once full, a capture would count nothing.
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            run()
            elapsed = time.perf_counter() - start
        best = min(best, elapsed)
        requests = get_backend().request_count - before
        statements = len(captured.captured_queries)
    return best, requests, statements


def fresh_database() -> None:
    """(Re)create the benchmark database with the tables the benchmark needs."""
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')
    from django.db import connection

    from modelsync.remote.models import PullWatermark
    from tests.remote.models import Account, BoundContact, Contact, Person

    with connection.schema_editor() as editor:
        for model in (Account, Contact, BoundContact, Person, PullWatermark):
            editor.create_model(model)


def row(label: str, ours: tuple[float, int, int], naive: tuple[float, int, int]) -> str:
    """One markdown table row: requests, statements and times of both, and the ratio."""
    return (
        f"| {label} | {ours[1]:,} | {naive[1]:,} | {ours[2]:,} | {naive[2]:,} | "
        f"{ours[0] * 1000:,.0f} ms | {naive[0] * 1000:,.0f} ms | {naive[0] / ours[0]:.1f}x |"
    )


HEADER = (
    "| {what} | requests: modelsync.remote | requests: naive | statements: modelsync.remote | "
    "statements: naive | time: modelsync.remote | time: naive | naive / ours |\n"
    "|---|---:|---:|---:|---:|---:|---:|---:|"
)


def filter_table() -> None:
    """``filter()`` of K rows from an empty local table."""
    from modelsync.remote import RemoteQuery, get_backend
    from tests.remote.models import Account
    from tests.remote.seed import seed_accounts

    for size in SIZES:
        for start in range(0, size, 200):
            seed_accounts(
                [
                    {"name": f"k{size}-{n:04d}", "city": f"K{size}", "score": n}
                    for n in range(start, min(size, start + 200))
                ]
            )

    def empty() -> None:
        Account.objects.skip_remote().all().delete()

    print("\n### filter() of K rows (pages of 20)\n")
    print(HEADER.format(what="K rows"))
    for size in SIZES:
        city = f"K{size}"

        def ours(city: str = city) -> None:
            assert len(list(Account.objects.filter(city=city))) > 0

        def naive(city: str = city) -> None:
            query = RemoteQuery(
                "Accounts", filter=f"city eq '{city}'", select=Account.remote.select()
            )
            naive_upsert(Account, [r for page in get_backend().fetch(query) for r in page])
            assert len(list(Account.objects.skip_remote().filter(city=city))) > 0

        print(row(f"{size:,}", measure(empty, ours), measure(empty, naive)))


def bulk_create_table() -> None:
    """``bulk_create`` of BULK_ROWS new rows, per batch size."""
    from django.conf import settings

    from tests.remote.models import Account

    def empty() -> None:
        # Only the local table is emptied: the remote keeps the rows (every name is new).
        Account.objects.skip_remote().all().delete()

    print(f"\n### bulk_create of {BULK_ROWS:,} rows\n")
    print(HEADER.format(what="batch size"))
    runs = iter(range(10_000))
    for batch_size in BATCH_SIZES:
        settings.MODELSYNC_REMOTE_BATCH_SIZE = batch_size

        def ours() -> None:
            run = next(runs)
            Account.objects.bulk_create(
                [Account(name=f"bulk{run}-{n}", score=n) for n in range(BULK_ROWS)]
            )

        def naive() -> None:
            run = next(runs)
            for n in range(BULK_ROWS):
                Account.objects.create(name=f"naive{run}-{n}", score=n)

        print(row(f"{batch_size:,}", measure(empty, ours), measure(empty, naive)))


def pull_table() -> None:
    """``modelsync_remote pull`` of PULL_ROWS changed rows into an empty local table."""
    from modelsync.remote import Operation, RemoteQuery, get_backend, pull_changes
    from modelsync.remote.models import PullWatermark
    from tests.remote.models import Person

    for start in range(0, PULL_ROWS, 200):
        get_backend().batch(
            [
                Operation(
                    "POST",
                    "People",
                    None,
                    {"seq": n, "firstName": f"p{n}", "score": n, "active": True},
                )
                for n in range(start, min(PULL_ROWS, start + 200))
            ]
        )

    def empty() -> None:
        Person.objects.skip_remote().all().delete()
        PullWatermark.objects.all().delete()

    def ours() -> None:
        assert pull_changes(Person, deletes=False).pulled == PULL_ROWS

    def naive() -> None:
        query = RemoteQuery("People", orderby="modifiedAt,ID", select=Person.remote.select())
        for page in get_backend().fetch(query):
            naive_upsert(Person, page)
        assert Person.objects.skip_remote().count() == PULL_ROWS

    print(f"\n### pull of {PULL_ROWS:,} changed rows (pages of 200)\n")
    print(HEADER.format(what="rows"))
    print(row(f"{PULL_ROWS:,}", measure(empty, ours), measure(empty, naive)))


def main() -> None:
    """Start the server, create the database, print the three tables."""
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    from tests.remote.server import CapServer

    server = CapServer()
    server.start()
    fresh_database()
    try:
        settings.MODELSYNC_REMOTE_URL = server.url
        settings.MODELSYNC_REMOTE_THROTTLE_RETRIES = 0
        print(f"SAP CAP; PostgreSQL {connection.pg_version // 10000}; best of {REPEATS}")
        filter_table()
        bulk_create_table()
        pull_table()
    finally:
        server.stop()


if __name__ == "__main__":
    main()
