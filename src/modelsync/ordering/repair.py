"""``normalize(queryset)``: repair a list whose positions were broken by hand."""

from __future__ import annotations

from typing import Any

from django.db import connections, models
from django.db.models import F, Window
from django.db.models.functions import RowNumber

from modelsync.db import dialect

from .exceptions import OrderingArgumentError
from .locks import lock_list, write_transaction
from .sql import ORDER_FIELD, unordered

__all__ = ["normalize"]


def normalize(queryset: models.QuerySet[Any]) -> int:
    """Renumber the rows of ``queryset`` ``0..n-1``, keeping their current relative order.

    Ties (duplicate positions) are broken by primary key. Returns the number of rows whose
    position changed. On PostgreSQL and SQLite this is one ``UPDATE ... FROM`` statement; other
    databases read the ranks and write the rows that moved.

    >>> normalize(Track.objects.filter(playlist=playlist))  # doctest: +SKIP
    3
    """
    if not isinstance(queryset, models.QuerySet):
        raise OrderingArgumentError(f"normalize() needs a QuerySet, not {type(queryset).__name__}.")
    if queryset.query.is_sliced:
        raise OrderingArgumentError(
            "normalize() needs an unsliced QuerySet: it renumbers the whole list."
        )
    using = queryset.db
    with write_transaction(using):
        lock_list(queryset.model, using)
        if dialect(using).returns_rows:  # the dialects with UPDATE ... RETURNING and ... FROM
            return _renumber_in_one_statement(queryset, using)
        return _renumber_row_by_row(queryset)


def _ranked(queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
    rank = Window(RowNumber(), order_by=[F(ORDER_FIELD).asc(), F("pk").asc()])
    return unordered(queryset).annotate(_rank=rank)


def _renumber_in_one_statement(queryset: models.QuerySet[Any], using: str) -> int:
    connection = connections[using]
    quote = connection.ops.quote_name
    meta = queryset.model._meta
    # Aliased columns: SQLite does not name a subquery's "table"."id" column "id".
    ranked = _ranked(queryset).annotate(_pk=F("pk")).values_list("_pk", "_rank")
    inner_sql, params = ranked.query.get_compiler(using).as_sql()
    table = quote(meta.db_table)
    pk = quote(meta.pk.column)
    order = quote(meta.get_field(ORDER_FIELD).column)
    statement = (
        f"UPDATE {table} SET {order} = _ranked._rank - 1 FROM ({inner_sql}) AS _ranked "
        f"WHERE {table}.{pk} = _ranked._pk AND {table}.{order} <> _ranked._rank - 1"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return int(cursor.rowcount)


def _renumber_row_by_row(queryset: models.QuerySet[Any]) -> int:
    # Backends without UPDATE ... FROM: read the ranks, then write the rows that moved.
    changed = []
    for obj in _ranked(queryset):
        if getattr(obj, ORDER_FIELD) != obj._rank - 1:
            setattr(obj, ORDER_FIELD, obj._rank - 1)
            changed.append(obj)
    queryset.model._base_manager.bulk_update(changed, [ORDER_FIELD])
    return len(changed)
