"""Tracked writes: pick the fastest correct path for the database and report the changes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Field, Model, QuerySet
from django.db.models.sql import UpdateQuery

from .objects import ModifiedObject
from .sql import generic, postgres, sqlite
from .sql.common import update_fields_of

__all__ = ["bulk_update", "update"]


def _single_table(model: type[Model], fields: Sequence[Field[Any, Any]]) -> bool:
    """Whether all ``fields`` live in ``model``'s own table and none is its primary key."""
    meta = model._meta
    local = set(meta.local_concrete_fields)
    return not meta.parents and all(f in local and not f.primary_key for f in fields)


def update(
    queryset: QuerySet[Any], query: UpdateQuery, instance: Model | None = None
) -> tuple[int, list[ModifiedObject[Any]]]:
    """Apply ``query`` (a fresh ``UpdateQuery`` holding only the SET part) to ``queryset``.

    Returns the number of rows matched, like Django, and the objects that really changed.
    Must run inside a transaction.
    """
    fields = update_fields_of(query)
    vendor = connections[queryset.db].vendor
    try:
        if not query.related_updates and _single_table(queryset.model, fields):
            if vendor == "postgresql":
                return postgres.update(queryset, query, fields, instance)
            if vendor == "sqlite" and sqlite.HAS_RETURNING:
                return sqlite.update(queryset, query, fields, instance)
        return generic.update(queryset, query, fields, instance)
    except EmptyResultSet:
        return 0, []


def bulk_update(
    queryset: QuerySet[Any],
    objs: Sequence[Model],
    fields: Sequence[Field[Any, Any]],
    batch_size: int | None,
) -> tuple[int, list[ModifiedObject[Any]]]:
    """Write ``fields`` of ``objs`` (validated as Django does); return row count and changes."""
    connection = connections[queryset.db]
    plain_values = not any(
        hasattr(getattr(obj, f.attname), "resolve_expression") for obj in objs for f in fields
    )
    if (
        plain_values
        and _single_table(queryset.model, fields)
        and len({obj.pk for obj in objs}) == len(objs)
        and all(f.db_type(connection) for f in fields)
    ):
        if connection.vendor == "postgresql":
            return postgres.bulk_update(queryset, objs, fields, batch_size)
        if connection.vendor == "sqlite" and sqlite.HAS_RETURNING:
            return sqlite.bulk_update(queryset, objs, fields, batch_size)
    return generic.bulk_update(queryset, objs, fields, batch_size)
