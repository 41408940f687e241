"""The generic write path, for any database and any model (multi-table inheritance, writes
Django splits across tables, databases without ``UPDATE … RETURNING``): lock and read the old
values, let Django write, read the new values. Three statements per chunk of keys."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connections
from django.db.models import Field, Model, QuerySet
from django.db.models.sql import UpdateQuery
from django.db.models.sql.constants import ROW_COUNT

from modelsync.db import chunked, dialect, max_rows, plain_queryset

from .objects import ModifiedObject

__all__ = ["bulk_update", "diff", "read_old", "update", "update_keys"]


def diff(
    old: dict[Any, tuple[Any, ...]], new: dict[Any, Model], fields: Sequence[Field[Any, Any]]
) -> dict[Any, dict[str, Any]]:
    """``{pk: changed_values}`` of the rows whose fields differ between ``old`` and ``new``."""
    result: dict[Any, dict[str, Any]] = {}
    for pk, values in old.items():
        instance = new.get(pk)
        if instance is None:
            continue
        changed = {
            f.name: value
            for f, value in zip(fields, values, strict=True)
            if value != getattr(instance, f.attname)
        }
        if changed:
            result[pk] = changed
    return result


def read_old(
    queryset: QuerySet[Any], fields: Sequence[Field[Any, Any]]
) -> dict[Any, tuple[Any, ...]]:
    """``{pk: values of fields}`` of the rows of ``queryset``, locked where the database can."""
    return {row[0]: row[1:] for row in dialect(queryset.db).locked_read(queryset, fields)}


def _read_new(model: type[Model], using: str, pks: Sequence[Any]) -> dict[Any, Model]:
    new: dict[Any, Model] = {}
    for chunk in chunked(pks, max_rows(connections[using], shared=True)):
        for obj in plain_queryset(model, using).filter(pk__in=chunk):
            new[obj.pk] = obj
    return new


def _write(queryset: QuerySet[Any], query: UpdateQuery, pks: Sequence[Any]) -> int:
    """Apply ``query``'s SET (and its parent-table updates) to the rows ``pks``."""
    model, using = queryset.model, queryset.db
    count = 0
    for chunk in chunked(pks, max_rows(connections[using], shared=True)):
        chunk_query = plain_queryset(model, using).filter(pk__in=chunk).query.chain(UpdateQuery)
        chunk_query.values = list(query.values)
        chunk_query.related_updates = dict(query.related_updates)
        count += chunk_query.get_compiler(using).execute_sql(ROW_COUNT) or 0
    return count


def update_keys(queryset: QuerySet[Any], query: UpdateQuery) -> tuple[int, list[Any]]:
    """Apply ``query`` to the rows of ``queryset``, locked first; the count and their keys."""
    pks = list(read_old(queryset, ()))
    return _write(queryset, query, pks), pks


def update(
    queryset: QuerySet[Any],
    query: UpdateQuery,
    fields: Sequence[Field[Any, Any]],
    instance: Model | None,
) -> tuple[int, list[ModifiedObject[Any]]]:
    """Apply ``query`` to the rows of ``queryset``; return the row count and changes."""
    old = read_old(queryset, fields)
    pks = list(old)
    count = _write(queryset, query, pks)
    new = _read_new(queryset.model, queryset.db, pks)
    changes = diff(old, new, fields)
    return count, [ModifiedObject(instance or new[pk], changed) for pk, changed in changes.items()]


def bulk_update(
    queryset: QuerySet[Any],
    objs: Sequence[Model],
    fields: Sequence[Field[Any, Any]],
    batch_size: int | None,
) -> tuple[int, list[ModifiedObject[Any]]]:
    """Django's ``bulk_update`` between a locked read of the old and a read of the new values."""
    model, using = queryset.model, queryset.db
    by_pk: dict[Any, Model] = {}
    for obj in objs:
        by_pk.setdefault(obj.pk, obj)  # Django writes the first object of a repeated pk
    pks = list(by_pk)
    old: dict[Any, tuple[Any, ...]] = {}
    base = plain_queryset(model, using)
    for chunk in chunked(pks, max_rows(connections[using], shared=True)):
        old.update(read_old(base.filter(pk__in=chunk), fields))
    count = base.bulk_update(objs, [f.name for f in fields], batch_size=batch_size)
    changes = diff(old, _read_new(model, using, pks), fields)
    return count, [ModifiedObject(by_pk[pk], changed) for pk, changed in changes.items()]
