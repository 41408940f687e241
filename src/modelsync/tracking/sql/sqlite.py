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
from ..rows import modified_objects
from .common import locked_rows

__all__ = ["HAS_RETURNING", "update"]

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
