"""filter() syncing K remote rows: remote requests, local statements and time per call.

Against the real SAP CAP OData server of the tests (server paging at 20 rows) and PostgreSQL
(database ``bench_remote``, created afresh by the script). Two ways of bringing
the same K rows local are timed in one run:

- **modelsync.remote**: ``Account.objects.filter(city=…)`` — all pages, one bulk upsert;
- **per-row sync** (the original library's approach): the same pages, then one SELECT and
  one INSERT or UPDATE per row.

Run: ``.venv/bin/python benchmarks/remote_bench.py`` (needs ``npm install --prefix
tests/remote/odata_server``; no peer library is involved). Prints a markdown table.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "src")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
DB_NAME = "bench_remote"
os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"

SIZES = (10, 100, 1000)
REPEATS = 3


def naive_sync(rows: list[dict[str, Any]]) -> None:
    """One SELECT, then one INSERT or UPDATE per row (the N+1 the spec's original did)."""
    from modelsync.remote.pull import local_values
    from tests.remote.models import Account

    for row in rows:
        values = local_values(Account, row, {})
        existing = Account._base_manager.filter(remote_pk=values["remote_pk"]).first()
        if existing is None:
            Account(**values).save(skip_remote=True)
        else:
            Account._base_manager.filter(pk=existing.pk).update(**values)


def measure(label: str, city: str, run: Any) -> tuple[float, int, int]:
    """Best time of REPEATS runs from an empty local table, with requests and statements."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from modelsync.remote import get_backend
    from tests.remote.models import Account

    best = float("inf")
    requests = statements = 0
    for _ in range(REPEATS):
        Account.objects.skip_remote().all().delete()
        before = get_backend().request_count
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            run(city)
            elapsed = time.perf_counter() - start
        best = min(best, elapsed)
        requests = get_backend().request_count - before
        statements = len(captured.captured_queries)
    return best, requests, statements


def fresh_database() -> None:
    """(Re)create the benchmark database with the two tables of the test models."""
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')
    from django.db import connection

    from tests.remote.models import Account, Contact

    with connection.schema_editor() as editor:
        editor.create_model(Account)
        editor.create_model(Contact)


def main() -> None:
    """Seed K rows per size on the remote, then compare the two ways side by side."""
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    from modelsync.remote import RemoteQuery, get_backend
    from tests.remote.models import Account
    from tests.remote.seed import seed_accounts
    from tests.remote.server import CapServer

    server = CapServer()
    server.start()
    fresh_database()
    try:
        settings.MODELSYNC_REMOTE_URL = server.url
        for size in SIZES:
            for start in range(0, size, 200):
                seed_accounts(
                    [
                        {"name": f"k{size}-{n:04d}", "city": f"K{size}", "score": n}
                        for n in range(start, min(size, start + 200))
                    ]
                )

        def ours(city: str) -> None:
            assert len(list(Account.objects.filter(city=city))) > 0

        def per_row(city: str) -> None:
            query = RemoteQuery(
                "Accounts", filter=f"city eq '{city}'", select=Account.remote.select()
            )
            rows = [row for page in get_backend().fetch(query) for row in page]
            naive_sync(rows)
            assert len(list(Account.objects.skip_remote().filter(city=city))) > 0

        print(f"CAP page size 20; PostgreSQL {connection.pg_version // 10000}; best of {REPEATS}\n")
        print(
            "| K rows | remote requests (pages) | local statements: modelsync.remote | "
            "local statements: per-row sync | time: modelsync.remote | time: per-row sync | ratio |"
        )
        print("|---:|---:|---:|---:|---:|---:|---:|")
        for size in SIZES:
            city = f"K{size}"
            our_time, our_requests, our_statements = measure("ours", city, ours)
            naive_time, naive_requests, naive_statements = measure("per-row", city, per_row)
            assert our_requests == naive_requests, (our_requests, naive_requests)
            print(
                f"| {size:,} | {our_requests} | {our_statements} | {naive_statements} | "
                f"{our_time * 1000:.0f} ms | {naive_time * 1000:.0f} ms | "
                f"{naive_time / our_time:.1f}x |"
            )
    finally:
        server.stop()


if __name__ == "__main__":
    main()
