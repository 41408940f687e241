"""What each write costs in statements: plain Django's without receivers, one statement per
write on PostgreSQL with receivers, never a query per row."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Model, QuerySet
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from modelsync.tracking import Need

from .helpers import is_write, no_receivers, statements
from .models import Author, Book

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_audit():
    """Count tracking's own statements: the audit trail is tested in tests/audit."""
    with override_settings(MODELSYNC_AUDIT_MODELS=[]):
        yield


def _scenario(qs, save, delete, author):
    """Every write kind on books, through ``qs()`` and the ``save``/``delete`` functions."""
    book = qs().create(title="a", author=author)
    book.title = "b"
    save(book)
    qs().bulk_create([Book(title=f"x{i}", author=author) for i in range(3)])
    qs().filter(title__startswith="x").update(status="s", price=Decimal(2))
    objs = list(qs().filter(title__startswith="x"))
    for obj in objs:
        obj.status = "t"
    qs().bulk_update(objs, ["status"])
    qs().get_or_create(title="g", defaults={"author": author})
    qs().update_or_create(title="g", defaults={"author": author, "status": "u"})
    qs().filter(title="x0").delete()
    delete(book)
    qs().all().delete()


def _normalized(sqls):
    # Ids and savepoint names differ from one run to the next.
    return [re.sub(r"\d+", "N", sql) for sql in sqls]


def test_without_receivers_every_write_runs_djangos_statements():
    author = Author.objects.create(name="a")
    with no_receivers():
        with statements() as plain:
            _scenario(lambda: QuerySet(Book), Model.save, Model.delete, author)
        with statements() as tracked:
            _scenario(lambda: Book.objects, Book.save, Book.delete, author)
    assert _normalized(tracked) == _normalized(plain)
    assert sum(map(is_write, tracked)) >= 9


def test_queryset_update_is_one_statement_on_postgresql(recorder, is_postgres):
    author = Author.objects.create(name="a")
    Book.objects.bulk_create([Book(title=f"b{i}", author=author) for i in range(50)])
    with CaptureQueriesContext(connection) as ctx:
        Book.objects.filter(title__startswith="b").update(status="new")
    sqls = [q["sql"] for q in ctx.captured_queries]
    if is_postgres:
        (sql,) = sqls
        assert "FOR UPDATE" in sql and "RETURNING" in sql
    else:  # SQLite: read the old values, then UPDATE ... RETURNING
        assert len(sqls) == 2 and "RETURNING" in sqls[1]


def test_bulk_update_is_one_statement_per_batch_on_postgresql(recorder, is_postgres):
    author = Author.objects.create(name="a")
    books = Book.objects.bulk_create([Book(title=f"b{i}", author=author) for i in range(50)])
    for book in books:
        book.status = "new"
    with CaptureQueriesContext(connection) as ctx:
        assert Book.objects.bulk_update(books, ["status"], batch_size=20) == 50
    if is_postgres:
        assert len(ctx.captured_queries) == 3
        assert all("unnest" in q["sql"] and "FOR UPDATE" in q["sql"] for q in ctx.captured_queries)
    else:  # SQLite: per batch, read the old values then UPDATE ... FROM (VALUES ...) RETURNING
        assert len(ctx.captured_queries) == 2 * 3


def test_save_is_one_statement_on_postgresql(recorder, is_postgres):
    book = Book.objects.create(title="a", author=Author.objects.create(name="a"))
    book.title = "b"
    with CaptureQueriesContext(connection) as ctx:
        book.save()
    assert len(ctx.captured_queries) == (1 if is_postgres else 2)


def test_foreign_key_changes_cost_no_query_per_row(recorder, django_capture_on_commit_callbacks):
    old, new = Author.objects.create(name="old"), Author.objects.create(name="new")
    Book.objects.bulk_create([Book(title=f"b{i}", author=old) for i in range(30)])
    with (
        django_capture_on_commit_callbacks(execute=True),
        CaptureQueriesContext(connection) as writing,
    ):
        Book.objects.update(author=new)
    with CaptureQueriesContext(connection) as reading:
        seen = [
            (modified.changed_values["author"], modified.instance.author_id)
            for modified in recorder.of("update", Book)[0]
        ]
    assert seen == [(old.pk, new.pk)] * 30
    assert len(writing.captured_queries) == (1 if connection.vendor == "postgresql" else 2)
    assert reading.captured_queries == []


@pytest.mark.postgres_only
def test_multi_table_inheritance_locks_the_rows_of_both_tables(recorder):
    from .models import Magazine

    magazine = Magazine.objects.create(name="m", issue=1)
    with CaptureQueriesContext(connection) as ctx:
        Magazine.objects.filter(pk=magazine.pk).update(name="n", issue=2)
    (locking,) = [q["sql"] for q in ctx.captured_queries if "FOR UPDATE" in q["sql"]]
    lock_clause = locking.split("FOR UPDATE OF", 1)[1]
    assert "tests_tracking_magazine" in lock_clause
    assert "tests_tracking_publication" in lock_clause


def _statements_of_each_write(author: Author) -> dict[str, int]:
    """How many statements each kind of update of one or more books costs."""
    books = Book.objects.bulk_create([Book(title=f"n{i}", author=author) for i in range(30)])
    counts: dict[str, int] = {}
    with CaptureQueriesContext(connection) as ctx:
        Book.objects.filter(title__startswith="n").update(status="u")
    counts["update"] = len(ctx.captured_queries)
    for book in books:
        book.status = "b"
    with CaptureQueriesContext(connection) as ctx:
        Book.objects.bulk_update(books, ["status"], batch_size=10)
    counts["bulk_update"] = len(ctx.captured_queries)
    books[0].title = "saved"
    with CaptureQueriesContext(connection) as ctx:
        books[0].save()
    counts["save"] = len(ctx.captured_queries)
    return counts


@pytest.mark.parametrize(
    ("needs", "postgresql", "sqlite"),
    [
        # Nobody listens: Django's own statements (bulk_update: one per batch of 10).
        (
            None,
            {"update": 1, "bulk_update": 3, "save": 1},
            {"update": 1, "bulk_update": 3, "save": 1},
        ),
        # Keys only: UPDATE … RETURNING pk; save and bulk_update already know their keys.
        (
            Need.KEYS,
            {"update": 1, "bulk_update": 3, "save": 1},
            {"update": 1, "bulk_update": 3, "save": 1},
        ),
        # Old values: read in the write's statement (PostgreSQL) or just before it (SQLite).
        (
            Need.OLD_VALUES,
            {"update": 1, "bulk_update": 3, "save": 1},
            {"update": 2, "bulk_update": 6, "save": 2},
        ),
        (
            Need.KEYS | Need.NEW_ROWS,
            {"update": 1, "bulk_update": 3, "save": 1},
            {"update": 2, "bulk_update": 6, "save": 2},
        ),
    ],
    ids=["nobody", "keys", "old-values", "new-rows"],
)
def test_each_need_level_costs_a_pinned_number_of_statements(
    needs, postgresql, sqlite, is_postgres
):
    from modelsync.tracking import register, unregister

    author = Author.objects.create(name="a")
    with no_receivers():
        if needs is not None:
            register(Book, lambda write: None, name="test.needs", needs=needs)
        try:
            counts = _statements_of_each_write(author)
        finally:
            unregister(Book, "test.needs")
    assert counts == (postgresql if is_postgres else sqlite)


def test_save_of_an_expression_reports_the_old_value_and_writes_the_new_one(
    recorder, is_postgres, django_capture_on_commit_callbacks
):
    from django.db.models import F

    book = Book.objects.create(title="a", author=Author.objects.create(name="a"), price=2)
    book.price = F("price") + 1
    with django_capture_on_commit_callbacks(execute=True):
        book.save()
    ((modified,),) = recorder.of("update", Book)
    assert modified.changed_values == {"price": Decimal(2)}
    book.refresh_from_db()
    assert book.price == Decimal(3)


@pytest.mark.postgres_only
def test_each_bulk_update_batch_reads_only_its_own_rows(recorder):
    """A batch is found by key lookups, never by scanning the whole table once per batch."""
    author = Author.objects.create(name="a")
    books = Book.objects.bulk_create(
        [Book(title=f"b{i}", author=author) for i in range(20_000)], batch_size=5_000
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE tests_tracking_book")
    chosen = books[:200]
    for book in chosen:
        book.status = "new"
    with CaptureQueriesContext(connection) as ctx:
        assert Book.objects.bulk_update(chosen, ["status"], batch_size=100) == 200
    assert len(ctx.captured_queries) == 2
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + ctx.captured_queries[0]["sql"])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Seq Scan" not in plan, plan
