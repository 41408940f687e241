"""SQLite: read the old values, then ``UPDATE ... RETURNING`` the new rows, in one transaction.

SQLite locks the whole database for a writer, and a reader that later writes fails with
``SQLITE_BUSY`` if someone wrote in between, so no change can slip between the two statements.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from django.db import connections
from django.db.models import Field, Model, QuerySet
from django.db.models.sql import UpdateQuery

from ..objects import ModifiedObject
from ..rows import changed_rows, modified_objects
from .common import locked_rows

__all__ = ["HAS_RETURNING", "bulk_update", "update"]

#: ``UPDATE ... RETURNING`` exists since SQLite 3.35.
HAS_RETURNING = sqlite3.sqlite_version_info >= (3, 35)


def update(
    queryset: QuerySet[Any],
    query: UpdateQuery,
    fields: Sequence[Field[Any, Any]],
    instance: Model | None,
) -> tuple[int, list[ModifiedObject[Any]]]:
    """Apply ``query``'s SET to the rows of ``queryset``; return the row count and changes."""
    using = queryset.db
    connection = connections[using]
    qn = connection.ops.quote_name
    meta = queryset.model._meta
    old_sql, old_params = locked_rows(queryset, fields).query.get_compiler(using).as_sql()
    update_query: Any = queryset.query.chain(UpdateQuery)
    update_query.add_update_fields(query.values)
    update_query.annotations = {}
    update_sql, update_params = update_query.get_compiler(using).as_sql()
    new_columns = ", ".join(qn(f.column) for f in meta.concrete_fields)
    with connection.cursor() as cursor:
        cursor.execute(old_sql, old_params)
        old = {row[0]: row[1:] for row in cursor.fetchall()}
        cursor.execute(f"{update_sql} RETURNING {new_columns}", update_params)
        new_rows = cursor.fetchall()
    pk_index = [f.attname for f in meta.concrete_fields].index(meta.pk.attname)
    rows = [(*old[row[pk_index]], *row) for row in new_rows]
    return len(rows), modified_objects(queryset.model, rows, fields, using, instance)


def bulk_update(
    queryset: QuerySet[Any],
    objs: Sequence[Model],
    fields: Sequence[Field[Any, Any]],
    batch_size: int | None,
) -> tuple[int, list[ModifiedObject[Any]]]:
    """Per batch: read the old values, then ``UPDATE ... FROM (VALUES ...) RETURNING``.

    Batches respect SQLite's limit of bound parameters.
    """
    using = queryset.db
    connection = connections[using]
    qn = connection.ops.quote_name
    meta = queryset.model._meta
    pk_field = meta.pk
    table = qn(meta.db_table)
    pk = qn(pk_field.column)
    width = len(fields) + 1
    limit = (connection.features.max_query_params or 999) // width
    size = min(batch_size or limit, limit)
    columns = ", ".join(qn(f.column) for f in fields)
    assignments = ", ".join(f'{qn(f.column)} = "_v"."column{i + 2}"' for i, f in enumerate(fields))
    row_sql = "(" + ", ".join(["%s"] * width) + ")"
    prepare_pk = pk_field.get_db_prep_value
    preparers = [(f.attname, f.get_db_prep_save) for f in fields]
    by_pk: dict[Any, Model] = {}
    count = 0
    rows: list[tuple[Any, ...]] = []
    with connection.cursor() as cursor:
        for start in range(0, len(objs), size):
            batch = objs[start : start + size]
            keys = [prepare_pk(obj.pk, connection) for obj in batch]
            by_pk.update(zip(keys, batch, strict=True))
            placeholders = ", ".join(["%s"] * len(keys))
            cursor.execute(
                f"SELECT {pk}, {columns} FROM {table} WHERE {pk} IN ({placeholders})", keys
            )
            old = {row[0]: row[1:] for row in cursor.fetchall()}
            params: list[Any] = []
            for key, obj in zip(keys, batch, strict=True):
                params.append(key)
                params.extend(
                    prepare(getattr(obj, attname), connection) for attname, prepare in preparers
                )
            values = ", ".join([row_sql] * len(batch))
            cursor.execute(
                f'UPDATE {table} SET {assignments} FROM (VALUES {values}) AS "_v" '
                f'WHERE {table}.{pk} = "_v"."column1" RETURNING {pk}, {columns}',
                params,
            )
            for new in cursor.fetchall():
                rows.append((*old[new[0]], *new))
                count += 1
    pk_index = len(fields)
    new_indexes = [pk_index + 1 + i for i in range(len(fields))]

    def modified(row: Sequence[Any], changed: dict[str, Any]) -> ModifiedObject[Any]:
        return ModifiedObject(by_pk[row[pk_index]], changed)

    return count, changed_rows(rows, fields, new_indexes, using, modified)
