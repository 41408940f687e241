"""SQLite: read the old values, then ``UPDATE … RETURNING`` the new rows, in one transaction.

SQLite locks the whole database for a writer, and a reader that later writes fails with
``SQLITE_BUSY`` if someone wrote in between, so no change can slip between the two
statements. Key sets travel as one JSON list (``json_each``).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import Any, ClassVar

from django.db import connections
from django.db.backends.utils import CursorWrapper
from django.db.models import Field, QuerySet
from django.db.models.sql import UpdateQuery

from .base import Batch, Dialect, JsonItem, Row

__all__ = ["SQLiteDialect"]


class SQLiteDialect(Dialect):
    """SQLite; ``UPDATE … RETURNING`` needs SQLite 3.35 or later. Batches of a bulk write
    respect SQLite's limit of bound parameters."""

    vendor: ClassVar[str] = "sqlite"
    returns_rows: ClassVar[bool] = sqlite3.sqlite_version_info >= (3, 35)

    @staticmethod
    def _update_sql(queryset: QuerySet[Any], query: UpdateQuery) -> tuple[str, Any]:
        """``UPDATE t SET ... WHERE <filter of queryset>``."""
        update_query: Any = queryset.query.chain(UpdateQuery)
        update_query.add_update_fields(query.values)
        update_query.annotations = {}
        return update_query.get_compiler(queryset.db).as_sql()

    def update_returning_old(
        self, queryset: QuerySet[Any], query: UpdateQuery, fields: Sequence[Field[Any, Any]]
    ) -> list[Row]:
        """Two statements: ``SELECT`` the old values, ``UPDATE … RETURNING`` the new rows."""
        using = queryset.db
        connection = connections[using]
        qn = connection.ops.quote_name
        meta = queryset.model._meta
        old_sql, old_params = self.locked_read(queryset, fields).query.get_compiler(using).as_sql()
        update_sql, update_params = self._update_sql(queryset, query)
        new_columns = ", ".join(qn(f.column) for f in meta.concrete_fields)
        with connection.cursor() as cursor:
            cursor.execute(old_sql, old_params)
            old = {row[0]: row[1:] for row in cursor.fetchall()}
            cursor.execute(f"{update_sql} RETURNING {new_columns}", update_params)
            new_rows = cursor.fetchall()
        pk_index = [f.attname for f in meta.concrete_fields].index(meta.pk.attname)
        return [(*old[row[pk_index]], *row) for row in new_rows]

    def update_returning_keys(self, queryset: QuerySet[Any], query: UpdateQuery) -> list[Any]:
        """One statement: ``UPDATE … RETURNING pk``."""
        connection = connections[queryset.db]
        pk = connection.ops.quote_name(queryset.model._meta.pk.column)
        update_sql, update_params = self._update_sql(queryset, query)
        with connection.cursor() as cursor:
            cursor.execute(f"{update_sql} RETURNING {pk}", update_params)
            return [row[0] for row in cursor.fetchall()]

    def write_batch(self, cursor: CursorWrapper, batch: Batch) -> list[Row]:
        """``SELECT`` the old values, then ``UPDATE … FROM (VALUES …) RETURNING``."""
        qn = cursor.db.ops.quote_name
        model, fields, columns = batch.model, batch.fields, batch.columns
        meta = model._meta
        table, pk = qn(meta.db_table), qn(meta.pk.column)
        keys = columns[0]
        names = ", ".join(qn(f.column) for f in fields)
        placeholders = ", ".join(["%s"] * len(keys))
        cursor.execute(f"SELECT {pk}, {names} FROM {table} WHERE {pk} IN ({placeholders})", keys)
        old = {row[0]: row[1:] for row in cursor.fetchall()}
        assignments = ", ".join(
            f'{qn(f.column)} = "_v"."column{i + 2}"' for i, f in enumerate(fields)
        )
        row_sql = "(" + ", ".join(["%s"] * len(columns)) + ")"
        cursor.execute(
            f"UPDATE {table} SET {assignments} FROM "
            f'(VALUES {", ".join([row_sql] * len(keys))}) AS "_v" '
            f'WHERE {table}.{pk} = "_v"."column1" RETURNING {pk}, {names}',
            [value for row in zip(*columns, strict=True) for value in row],
        )
        return [(*old[new[0]], *new) for new in cursor.fetchall()]

    def int_key_set(self, column_sql: str, joined: str) -> tuple[str, list[Any]] | None:
        """``column IN (SELECT value FROM json_each('[1,2,3]'))``."""
        return f"{column_sql} IN (SELECT value FROM json_each(%s))", ["[" + joined + "]"]

    def value_key_set(self, column_sql: str, values: Sequence[Any]) -> tuple[str, list[Any]]:
        """``column IN`` the values as one JSON list."""
        return (
            f"{column_sql} IN (SELECT value FROM json_each(%s))",
            [json.dumps(list(values), default=str)],
        )

    def json_rows_source(self) -> str | None:
        """``json_each(%s) AS e``."""
        return "json_each(%s) AS e"

    def json_row_item(self, index: int, kind: JsonItem) -> str:
        """``json_extract(e.value, '$[i]')``: text as text, JSON as JSON text, and a UUID
        as the hex text SQLite stores."""
        return f"json_extract(e.value, '$[{index:d}]')"

    def is_distinct(self, left: str, right: str) -> str:
        """SQLite spells ``IS DISTINCT FROM`` as ``IS NOT``."""
        return f"{left} IS NOT {right}"
