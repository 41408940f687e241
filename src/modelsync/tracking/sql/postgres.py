"""PostgreSQL: one statement per write reads the old values under a row lock and returns them.

``qs.update()`` runs::

    UPDATE t SET ... FROM (SELECT pk, <fields> FROM t WHERE <filter> FOR UPDATE OF t) AS _old
    WHERE t.pk = _old.pk RETURNING _old.<fields>, t.*

and ``bulk_update()`` joins the locked rows to the new values, passed as one array per column
(one statement per batch).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django.db import connections
from django.db.models import Field, Model, QuerySet
from django.db.models.sql import UpdateQuery

from ..objects import ModifiedObject
from ..rows import changed_rows, modified_objects
from .common import locked_rows

__all__ = ["bulk_update", "update"]


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
    table = qn(meta.db_table)
    pk = qn(meta.pk.column)
    inner_sql, inner_params = locked_rows(queryset, fields).query.get_compiler(using).as_sql()
    set_sql, set_params = query.get_compiler(using).as_sql()
    old_columns = ", ".join(f'"_old".{qn(f.column)}' for f in fields)
    new_columns = ", ".join(f"{table}.{qn(f.column)}" for f in meta.concrete_fields)
    sql = (
        f'{set_sql} FROM ({inner_sql}) AS "_old" WHERE {table}.{pk} = "_old".{pk} '
        f"RETURNING {old_columns}, {new_columns}"
    )
    # Joining back by pk, not by ctid: after waiting for a concurrent writer's lock, the
    # subquery's ctid is the dead row version's and the update would miss the row.
    with connection.cursor() as cursor:
        cursor.execute(sql, (*set_params, *inner_params))
        rows = cursor.fetchall()
    return len(rows), modified_objects(queryset.model, rows, fields, using, instance)


def _array_element_type(db_type: str) -> str:
    """``db_type`` without its length/precision: an explicit cast to ``varchar(20)`` would
    silently truncate, while assigning to the column keeps PostgreSQL's checks (an error)."""
    base = re.sub(r"\s*\([^)]*\)", "", db_type).strip()
    # ``character`` alone means character(1); ``bpchar`` is the unlimited blank-padded type.
    return "bpchar" if base in ("char", "character") else base


def bulk_update(
    queryset: QuerySet[Any],
    objs: Sequence[Model],
    fields: Sequence[Field[Any, Any]],
    batch_size: int | None,
) -> tuple[int, list[ModifiedObject[Any]]]:
    """Write ``fields`` of ``objs`` (all with distinct pks, plain values) batch by batch.

    The new values travel as one array per column (``unnest(%s::type[], ...)``): a handful of
    parameters instead of one per value, which the driver would otherwise have to parse.
    """
    using = queryset.db
    connection = connections[using]
    qn = connection.ops.quote_name
    meta = queryset.model._meta
    pk_field = meta.pk
    table = qn(meta.db_table)
    pk = qn(pk_field.column)
    types = [pk_field.rel_db_type(connection), *(f.db_type(connection) for f in fields)]
    types = [_array_element_type(t) for t in types]
    arrays = ", ".join(f"%s::{db_type}[]" for db_type in types)
    names = ", ".join(f'"_new_{i}"' for i in range(len(types)))
    assignments = ", ".join(f'{qn(f.column)} = "_s"."_new_{i + 1}"' for i, f in enumerate(fields))
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
    sql = (
        f'UPDATE {table} SET {assignments} FROM (SELECT {selected} FROM {table} AS "_o" '
        f'JOIN unnest({arrays}) AS "_v"({names}) ON "_o".{pk} = "_v"."_new_0" '
        f'FOR UPDATE OF "_o") AS "_s" WHERE {table}.{pk} = "_s"."_pk" RETURNING {returning}'
    )
    prepare_pk = pk_field.get_db_prep_value
    preparers = [(f.attname, f.get_db_prep_save) for f in fields]
    size = batch_size or len(objs)
    by_pk: dict[Any, Model] = {}
    count = 0
    changes: list[ModifiedObject[Any]] = []
    new_indexes = [len(fields) + 1 + i for i in range(len(fields))]
    pk_index = len(fields)

    def modified(row: Sequence[Any], changed: dict[str, Any]) -> ModifiedObject[Any]:
        return ModifiedObject(by_pk[row[pk_index]], changed)

    with connection.cursor() as cursor:
        for start in range(0, len(objs), size):
            batch = objs[start : start + size]
            keys = [prepare_pk(obj.pk, connection) for obj in batch]
            by_pk.update(zip(keys, batch, strict=True))
            columns = [keys] + [
                [prepare(getattr(obj, attname), connection) for obj in batch]
                for attname, prepare in preparers
            ]
            cursor.execute(sql, columns)
            rows = cursor.fetchall()
            count += len(rows)
            changes.extend(changed_rows(rows, fields, new_indexes, using, modified))
    return count, changes
