"""PostgreSQL: rows locked and written in one statement, key sets and new values as arrays.

``update_returning_old`` runs::

    UPDATE t SET ... FROM (SELECT pk, <fields> FROM t WHERE <filter> ORDER BY pk
                           FOR UPDATE OF t) AS _old
    WHERE t.pk = _old.pk RETURNING _old.<fields>, t.*

Rows are joined back by key, not by ``ctid``: after waiting for a concurrent writer's lock,
the subquery's ``ctid`` is the dead row version's and the update would miss the row.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, ClassVar

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorWrapper
from django.db.models import Field, QuerySet
from django.db.models.sql import UpdateQuery

from .base import Batch, Dialect, JsonItem, Row

__all__ = ["PostgreSQLDialect"]


def array_element_type(db_type: str) -> str:
    """``db_type`` without its length/precision: an explicit cast to ``varchar(20)`` would
    silently truncate, while assigning to the column keeps PostgreSQL's checks (an error)."""
    base = re.sub(r"\s*\([^)]*\)", "", db_type).strip()
    # ``character`` alone means character(1); ``bpchar`` is the unlimited blank-padded type.
    return "bpchar" if base in ("char", "character") else base


class PostgreSQLDialect(Dialect):
    """PostgreSQL 12+ (psycopg 2 or 3)."""

    vendor: ClassVar[str] = "postgresql"
    returns_rows: ClassVar[bool] = True
    advisory_locks: ClassVar[bool] = True

    def _set_and_locked(
        self, queryset: QuerySet[Any], query: UpdateQuery, fields: Sequence[Field[Any, Any]]
    ) -> tuple[str, str, list[Any]]:
        """The ``UPDATE t SET ...`` part, the locked ``SELECT pk, fields`` and their params."""
        using = queryset.db
        inner_sql, inner_params = (
            self.locked_read(queryset, fields).query.get_compiler(using).as_sql()
        )
        set_sql, set_params = query.get_compiler(using).as_sql()
        return set_sql, inner_sql, [*set_params, *inner_params]

    def update_returning_old(
        self, queryset: QuerySet[Any], query: UpdateQuery, fields: Sequence[Field[Any, Any]]
    ) -> list[Row]:
        """One statement: lock the rows, write them, return the old values and the new rows."""
        connection = connections[queryset.db]
        qn = connection.ops.quote_name
        meta = queryset.model._meta
        table, pk = qn(meta.db_table), qn(meta.pk.column)
        set_sql, inner_sql, params = self._set_and_locked(queryset, query, fields)
        old_columns = ", ".join(f'"_old".{qn(f.column)}' for f in fields)
        new_columns = ", ".join(f"{table}.{qn(f.column)}" for f in meta.concrete_fields)
        sql = (
            f'{set_sql} FROM ({inner_sql}) AS "_old" WHERE {table}.{pk} = "_old".{pk} '
            f"RETURNING {old_columns}, {new_columns}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def update_returning_keys(self, queryset: QuerySet[Any], query: UpdateQuery) -> list[Any]:
        """One statement: lock the rows in key order, write them, return their keys."""
        connection = connections[queryset.db]
        qn = connection.ops.quote_name
        meta = queryset.model._meta
        table, pk = qn(meta.db_table), qn(meta.pk.column)
        set_sql, inner_sql, params = self._set_and_locked(queryset, query, ())
        sql = f"{set_sql} WHERE {table}.{pk} IN ({inner_sql}) RETURNING {table}.{pk}"
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [row[0] for row in cursor.fetchall()]

    def max_batch(self, connection: BaseDatabaseWrapper, width: int) -> int:
        """Any size: the values travel as one array parameter per column."""
        return 1_000_000_000

    def write_batch(self, cursor: CursorWrapper, batch: Batch) -> list[Row]:
        """One statement; the new values travel as one array per column.

        ``unnest(%s::type[], ...)`` takes a handful of parameters instead of one per value,
        which the driver would otherwise have to parse. The keys are also given as a filter
        of the table: joined to ``unnest`` alone, PostgreSQL estimates the batch's true size
        and hash-joins it to a scan of the whole table -- once per batch.
        """
        model, fields = batch.model, batch.fields
        connection = cursor.db
        qn = connection.ops.quote_name
        meta = model._meta
        pk_field = meta.pk
        table, pk = qn(meta.db_table), qn(pk_field.column)
        # The key column as a foreign key to it would be: "bigint", never "bigserial".
        key_type = pk_field.rel_db_type(connection)  # type: ignore[attr-defined]  # not in stubs
        types = [key_type, *(f.db_type(connection) for f in fields)]
        arrays = ", ".join(f"%s::{array_element_type(t)}[]" for t in types)
        names = ", ".join(f'"_new_{i}"' for i in range(len(types)))
        assignments = ", ".join(
            f'{qn(f.column)} = "_s"."_new_{i + 1}"' for i, f in enumerate(fields)
        )
        selected = ", ".join(
            [f'"_o".{pk} AS "_pk"']
            + [f'"_o".{qn(f.column)} AS "_old_{i}"' for i, f in enumerate(fields)]
            + [f'"_v"."_new_{i + 1}"' for i in range(len(fields))]
        )
        returning = ", ".join(
            [f'"_s"."_old_{i}"' for i in range(len(fields))]
            + [f"{table}.{pk}"]
            + [f"{table}.{qn(f.column)}" for f in fields]
        )
        cursor.execute(
            f'UPDATE {table} SET {assignments} FROM (SELECT {selected} FROM {table} AS "_o" '
            f'JOIN unnest({arrays}) AS "_v"({names}) ON "_o".{pk} = "_v"."_new_0" '
            f'WHERE "_o".{pk} = ANY(%s::{array_element_type(key_type)}[]) '
            f'ORDER BY "_o".{pk} FOR UPDATE OF "_o") AS "_s" '
            f'WHERE {table}.{pk} = "_s"."_pk" RETURNING {returning}',
            [*batch.columns, batch.columns[0]],
        )
        return cursor.fetchall()

    def int_key_set(self, column_sql: str, joined: str) -> tuple[str, list[Any]] | None:
        """``column = ANY('{1,2,3}'::bigint[])``."""
        return f"{column_sql} = ANY(%s::bigint[])", ["{" + joined + "}"]

    def value_key_set(self, column_sql: str, values: Sequence[Any]) -> tuple[str, list[Any]]:
        """``column = ANY(%s)`` with the values as one array parameter."""
        return f"{column_sql} = ANY(%s)", [list(values)]

    def json_rows_source(self) -> str | None:
        """``jsonb_array_elements(%s::jsonb) AS e``."""
        return "jsonb_array_elements(%s::jsonb) AS e"

    def json_row_item(self, index: int, kind: JsonItem) -> str:
        """``e->>i`` (text), ``e->i`` (JSON) or ``(e->>i)::uuid``."""
        if kind == "json":
            return f"e->{index:d}"
        if kind == "uuid":
            return f"(e->>{index:d})::uuid"
        return f"e->>{index:d}"

    def advisory_lock_sql(self) -> str:
        """A transaction-level advisory lock on two 32-bit keys."""
        return "SELECT pg_advisory_xact_lock(%s, %s)"
