"""The database layer: one dialect per vendor, chosen once, and each operation run for real."""

from __future__ import annotations

import json

import pytest
from django.db import connection, transaction

from modelsync.db import Dialect, UnsupportedStatement, chunked, dialect, max_rows

from .models import Author, Book

pytestmark = pytest.mark.django_db


def test_the_dialect_is_chosen_once_per_vendor():
    chosen = dialect(connection)
    assert chosen is dialect("default")
    assert chosen.vendor == connection.vendor
    assert chosen.returns_rows


def test_the_generic_dialect_refuses_what_it_cant_do_with_a_clear_error():
    generic = Dialect()
    assert not generic.returns_rows and not generic.advisory_locks
    with pytest.raises(UnsupportedStatement, match="generic: UPDATE … RETURNING"):
        generic.update_returning_keys(Book.objects.all(), None)  # type: ignore[arg-type]
    with pytest.raises(NotImplementedError):
        generic.advisory_lock_sql()


@pytest.mark.parametrize("ints", [True, False], ids=["integer keys", "any keys"])
def test_a_key_set_selects_exactly_its_rows_in_one_parameter(ints):
    authors = [Author.objects.create(name=f"a{i}") for i in range(5)]
    wanted = [authors[1].pk, authors[3].pk]
    keys = wanted if ints else [str(k) for k in wanted]  # strings go through the field
    column = (
        f"{connection.ops.quote_name('tests_tracking_author')}.{connection.ops.quote_name('id')}"
    )
    condition, params = dialect(connection).key_set(connection, column, Author, keys)
    assert len(params) == 1
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM tests_tracking_author WHERE {condition}", params)
        assert sorted(row[0] for row in cursor.fetchall()) == wanted


def test_the_generic_key_set_binds_one_parameter_per_key():
    condition, params = Dialect().value_key_set('"t"."id"', [1, 2, 3])
    assert condition == '"t"."id" IN (%s, %s, %s)' and params == [1, 2, 3]


@pytest.mark.parametrize(
    ("left", "right", "distinct"),
    [("NULL", "NULL", False), ("1", "NULL", True), ("1", "1", False), ("1", "2", True)],
)
def test_is_distinct_treats_null_as_a_value(left, right, distinct):
    sql = dialect(connection).is_distinct(left, right)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT CASE WHEN {sql} THEN 1 ELSE 0 END")
        assert cursor.fetchone()[0] == int(distinct)


@pytest.mark.postgres_only
def test_the_advisory_lock_is_held_until_the_transaction_ends():
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(dialect(connection).advisory_lock_sql(), [7, 42])
        cursor.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = 7 "
            "AND objid = 42 AND pid = pg_backend_pid()"
        )
        assert cursor.fetchone()[0] == 1


def test_update_returning_keys_returns_the_rows_the_filter_matched_before_the_write():
    from django.db.models.sql import UpdateQuery

    author = Author.objects.create(name="a")
    books = Book.objects.bulk_create(
        [Book(title="t", status="draft", author=author) for _ in range(3)]
    )
    Book.objects.create(title="other", status="live", author=author)
    query = UpdateQuery(Book)
    query.add_update_values({"status": "live"})
    with transaction.atomic():
        keys = dialect(connection).update_returning_keys(Book.objects.filter(status="draft"), query)
    assert sorted(keys) == sorted(b.pk for b in books)
    assert Book.objects.filter(status="live").count() == 4


def test_chunks_cover_every_item_once_in_order():
    items = list(range(10))
    assert [list(c) for c in chunked(items, 4)] == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
    assert list(chunked([], 4)) == []


def test_max_rows_keeps_statements_within_the_parameter_limit():
    limit = connection.features.max_query_params
    if limit is None:
        assert max_rows(connection, 3) == 100_000
    else:
        assert max_rows(connection, 3) * 3 <= limit
        assert max_rows(connection, 1, shared=True) <= limit // 2


def test_json_rows_unpack_one_parameter_into_rows():
    db = dialect(connection)
    source = db.json_rows_source()
    assert source is not None and Dialect().json_rows_source() is None
    text, data = db.json_row_item(0, "text"), db.json_row_item(1, "json")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {text}, {data} FROM {source}", ['[["a", {"k": 1}], ["b", [2]]]'])
        rows = [
            (name, json.loads(value) if isinstance(value, str) else value)
            for name, value in cursor.fetchall()
        ]
    assert rows == [("a", {"k": 1}), ("b", [2])]
