"""Pieces shared by the database-specific write paths."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.db import connections
from django.db.models import Field, Model, QuerySet
from django.db.models.sql import UpdateQuery

__all__ = ["chunked", "in_clause_size", "locked_rows", "plain_queryset", "update_fields_of"]


def plain_queryset(model: type[Model], using: str) -> QuerySet[Any]:
    """An untracked queryset of ``model``: internal writes must not report twice."""
    return QuerySet(model=model, using=using)


def update_fields_of(query: UpdateQuery) -> list[Field[Any, Any]]:
    """The fields an update query sets, in order (parent-table fields of multi-table
    inheritance included)."""
    fields = [field for field, _model, _value in query.values]
    for updates in query.related_updates.values():
        fields.extend(field for field, _model, _value in updates)
    return fields


def locked_rows(queryset: QuerySet[Any], fields: Sequence[Field[Any, Any]]) -> QuerySet[Any]:
    """``(pk, *fields)`` of the rows of ``queryset``, locked ``FOR UPDATE`` where supported.

    Querysets whose SQL can't carry ``FOR UPDATE`` (``DISTINCT``, ``GROUP BY``, unions) are
    wrapped as ``pk IN (...)``.
    """
    model = queryset.model
    query = queryset.query
    features = connections[queryset.db].features
    if query.distinct or query.group_by is not None or query.combinator:
        rows = plain_queryset(model, queryset.db).filter(pk__in=queryset.order_by().values("pk"))
    else:
        rows = queryset.order_by()
    if features.has_select_for_update:
        if features.has_select_for_update_of:
            # The parents' rows too (multi-table inheritance): their fields are written as well.
            parents = [link.name for link in model._meta.parents.values() if link is not None]
            rows = rows.select_for_update(of=("self", *parents))
        else:
            rows = rows.select_for_update()
    return rows.values_list(model._meta.pk.attname, *(f.attname for f in fields))


def chunked(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    """``items`` in slices of at most ``size``."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def in_clause_size(using: str) -> int:
    """How many ids fit in one ``pk IN (...)`` next to a few other parameters."""
    limit = connections[using].features.max_query_params
    return max(1, (limit // 2) if limit else 100_000)
