"""The statements of a move: one read of the list state, then range updates.

A list is a :class:`RowList`: the SQL condition selecting its rows on the model's own table,
compiled once per move (a scope's equality test, or a queryset's WHERE clause), then written
into each statement as text. Building the statements this way costs a fraction of what the ORM
spends composing and compiling querysets, which at small list sizes is a visible part of a move.

The statements are portable SQL (``CASE``, ``COUNT``, ``EXISTS``, scalar subqueries); the only
vendor-specific one, the list lock, comes from :mod:`modelsync.db`. Each write function issues
exactly one statement, so the cost of an operation is the sum of the functions it calls,
whatever the size of the lists. The writes go around the model's managers: shifting neighbours
is bookkeeping, not a change of theirs (a change-tracking ``update()`` would otherwise add work
per shifted row).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connections, models, transaction
from django.db.models.sql.datastructures import BaseTable

from .exceptions import OrderingArgumentError, OrderingStateError

__all__ = [
    "ORDER_FIELD",
    "ListState",
    "RowList",
    "close_gap",
    "close_gap_after",
    "last_position_statement",
    "move_across",
    "move_within",
    "open_gap",
    "row_statement",
    "rows_of",
    "rows_with",
    "set_order",
    "state_statement",
    "to_state",
    "unordered",
]

ORDER_FIELD = "order"

Statement = tuple[str, list[Any]]


@dataclass(frozen=True)
class ListState:
    """What a move needs to know, read in one statement after the lock.

    ``others`` is the size of the destination list without the moved object.
    """

    order: int
    others: int
    in_destination: bool
    in_origin: bool


@dataclass(frozen=True)
class RowList:
    """The rows of one list: ``condition`` selects them on the model's table (``""``: all)."""

    condition: str
    params: tuple[Any, ...]

    def and_(self, sql: str, params: Sequence[Any] = ()) -> Statement:
        """``condition AND (sql)`` with both parameter lists."""
        if not self.condition:
            return sql, list(params)
        return f"({self.condition}) AND ({sql})", [*self.params, *params]


def unordered(queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
    """The rows of ``queryset`` as a plain ``QuerySet`` without ORDER BY.

    Plain, so that a custom queryset's ``update()`` cannot add statements per shifted row.
    Without ORDER BY, because updates and counts never need it.
    """
    query = queryset.query.chain()
    query.clear_ordering(force=True)
    return models.QuerySet(model=queryset.model, query=query, using=queryset.db)


@dataclass(frozen=True)
class _Names:
    table: str
    pk: str
    order: str


def _table_model(model: type[models.Model]) -> type[models.Model]:
    """The model whose table holds ``order`` (a parent's, under multi-table inheritance)."""
    holder = model._meta.get_field(ORDER_FIELD).model
    concrete = holder._meta.concrete_model if holder is not None else None
    return concrete or model


def _column(model: type[models.Model], name: str) -> str:
    """The column of field ``name`` (a name or an attribute name) of ``model``."""
    column = getattr(model._meta.get_field(name), "column", None)
    if not isinstance(column, str):
        raise OrderingArgumentError(f"{model._meta.label}.{name} is not stored in a column.")
    return column


def _pk_field(model: type[models.Model]) -> models.Field[Any, Any]:
    pk = model._meta.pk
    if pk is None:  # only abstract models have none, and they have no rows
        raise OrderingArgumentError(f"{model._meta.label} has no primary key.")
    return pk


def _names(model: type[models.Model], using: str) -> _Names:
    quote = connections[using].ops.quote_name
    holder = _table_model(model)
    table = quote(holder._meta.db_table)
    return _Names(
        table,
        f"{table}.{quote(_pk_field(holder).column)}",
        f"{table}.{quote(_column(holder, ORDER_FIELD))}",
    )


def _pk(model: type[models.Model], pk: Any, using: str) -> Any:
    return _pk_field(model).get_db_prep_value(pk, connections[using])


def rows_of(queryset: models.QuerySet[Any], using: str) -> RowList:
    """The rows of ``queryset`` as a :class:`RowList`.

    A queryset filtering only its own table contributes its WHERE clause as it is; any other
    (joins, annotations, ``distinct``, set operations) becomes ``pk IN (<its SELECT>)``.
    """
    query = queryset.query
    table = _table_model(queryset.model)._meta.db_table
    own_table_only = all(
        isinstance(join, BaseTable) and alias == table for alias, join in query.alias_map.items()
    )
    simple = own_table_only and not (query.annotations or query.distinct or query.combinator)
    compiler = query.get_compiler(using)
    try:
        if simple:
            condition, params = compiler.compile(query.where)
        else:
            select, params = unordered(queryset).values("pk").query.get_compiler(using).as_sql()
            condition = f"{_names(queryset.model, using).pk} IN ({select})"
    except EmptyResultSet:
        return RowList("1 = 0", ())
    except FullResultSet:
        return RowList("", ())
    return RowList(condition, tuple(params))


def rows_with(model: type[models.Model], values: dict[str, Any], using: str) -> RowList:
    """The rows whose columns (by attribute name) equal ``values``; ``None`` means NULL."""
    connection = connections[using]
    quote = connection.ops.quote_name
    table = _names(model, using).table
    parts: list[str] = []
    params: list[Any] = []
    for attname, value in values.items():
        field = next(f for f in model._meta.concrete_fields if f.attname == attname)
        column = f"{table}.{quote(field.column)}"
        if value is None:
            parts.append(f"{column} IS NULL")
        else:
            parts.append(f"{column} = %s")
            params.append(field.get_db_prep_value(value, connection))
    return RowList(" AND ".join(parts), tuple(params))


def state_statement(
    model: type[models.Model],
    pk: Any,
    destination: RowList,
    origin: RowList | None,
    using: str,
) -> Statement:
    """The one-row read of a move: the object's stored position, the size of the destination,
    and the object's membership of both lists (see :func:`to_state`)."""
    n = _names(model, using)
    key = _pk(model, pk, using)
    where = f" WHERE {destination.condition}" if destination.condition else ""
    if origin is None:
        in_origin, origin_params = "0", list[Any]()
    else:
        test, origin_params = origin.and_(f"{n.pk} = %s", [key])
        in_origin = f"EXISTS (SELECT 1 FROM {n.table} WHERE {test})"
    sql = (
        f"SELECT (SELECT {n.order} FROM {n.table} WHERE {n.pk} = %s), COUNT(*), "
        f"COALESCE(MAX(CASE WHEN {n.pk} = %s THEN 1 ELSE 0 END), 0), {in_origin} "
        f"FROM {n.table}{where}"
    )
    return sql, [key, key, *origin_params, *destination.params]


def row_statement(
    model: type[models.Model],
    using: str,
    pk: Any,
    attnames: Sequence[str],
    *,
    size_of: RowList | None = None,
    last_of: RowList | None = None,
    beside: Any = None,
) -> Statement:
    """The read of a move by scope: row ``pk``'s ``order`` and ``attnames`` columns; then, with
    ``size_of``, the size of that list; with ``last_of``, the largest position in that list
    (NULL if it is empty); with ``beside``, the same columns of that row (NULLs if it does not
    exist)."""
    connection = connections[using]
    quote = connection.ops.quote_name
    n = _names(model, using)
    holder = _table_model(model)
    columns = [quote(_column(holder, name)) for name in (ORDER_FIELD, *attnames)]
    pk_column = quote(_pk_field(holder).column)
    select = [f"moved.{column}" for column in columns]
    params: list[Any] = []
    for aggregate, rows in (("COUNT(*)", size_of), (f"MAX({n.order})", last_of)):
        if rows is not None:
            select.append(f"({_aggregate(n, rows, aggregate)})")
            params.extend(rows.params)
    join = ""
    if beside is not None:
        select.extend(f"neighbour.{column}" for column in columns)
        join = f" LEFT JOIN {n.table} neighbour ON neighbour.{pk_column} = %s"
        params.append(_pk(model, beside, using))
    sql = f"SELECT {', '.join(select)} FROM {n.table} moved{join} WHERE moved.{pk_column} = %s"
    return sql, [*params, _pk(model, pk, using)]


def last_position_statement(model: type[models.Model], using: str, rows: RowList) -> Statement:
    """``SELECT MAX(order)`` of ``rows``: the last position of the list (NULL if empty)."""
    n = _names(model, using)
    return _aggregate(n, rows, f"MAX({n.order})"), list(rows.params)


def _aggregate(n: _Names, rows: RowList, expression: str) -> str:
    where = f" WHERE {rows.condition}" if rows.condition else ""
    return f"SELECT {expression} FROM {n.table}{where}"


def to_state(obj: models.Model, row: tuple[Any, ...] | None) -> ListState:
    """The :class:`ListState` of the row of :func:`state_statement`.

    Raises :class:`OrderingStateError` (a ``ValueError``) if the object is not in the database.
    """
    order, total, in_destination, in_origin = row or (None, 0, 0, False)
    if order is None:
        raise OrderingStateError(
            f"{obj._meta.label} with pk={obj.pk!r} does not exist in the database; "
            "save it before ordering it."
        )
    in_destination = bool(in_destination)
    others = int(total or 0) - int(in_destination)
    return ListState(int(order), others, in_destination, bool(in_origin))


def _write(using: str, sql: str, params: list[Any]) -> int:
    # Like QuerySet.update(): a failed write inside the caller's atomic block marks it for
    # rollback, so nothing after it can commit a half-done move.
    with transaction.mark_for_rollback_on_error(using), connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        return int(cursor.rowcount)


def move_within(
    model: type[models.Model], using: str, rows: RowList, pk: Any, old: int, new: int
) -> int:
    """Move the row ``pk`` of ``rows`` from ``old`` to ``new`` in one UPDATE; only the rows
    between shift."""
    n = _names(model, using)
    key = _pk(model, pk, using)
    if new < old:
        between, shift = f"{n.order} >= %s AND {n.order} < %s", "+ 1"
    else:
        between, shift = f"{n.order} > %s AND {n.order} <= %s", "- 1"
    low, high = sorted((old, new))
    where, params = rows.and_(f"({between}) OR {n.pk} = %s", [low, high, key])
    sql = (
        f"UPDATE {n.table} SET {_set_target(model, using)} = "
        f"CASE WHEN {n.pk} = %s THEN %s ELSE {n.order} {shift} END WHERE {where}"
    )
    return _write(using, sql, [key, new, *params])


def close_gap(
    model: type[models.Model], using: str, rows: RowList, pk: Any, old: int, new_order: int
) -> int:
    """Take row ``pk`` out of ``rows`` at ``old`` (the rows after it move up one) and give it
    ``new_order``, in one UPDATE."""
    n = _names(model, using)
    key = _pk(model, pk, using)
    where, params = rows.and_(f"{n.order} > %s OR {n.pk} = %s", [old, key])
    sql = (
        f"UPDATE {n.table} SET {_set_target(model, using)} = "
        f"CASE WHEN {n.pk} = %s THEN %s ELSE {n.order} - 1 END WHERE {where}"
    )
    return _write(using, sql, [key, new_order, *params])


def open_gap(model: type[models.Model], using: str, rows: RowList, at: int) -> int:
    """Shift every row of ``rows`` at or after ``at`` down one (one UPDATE)."""
    return _shift(model, using, rows, ">=", at, "+ 1")


def close_gap_after(model: type[models.Model], using: str, rows: RowList, old: int) -> int:
    """Shift every row of ``rows`` after ``old`` up one, closing the gap a row left there
    (one UPDATE)."""
    return _shift(model, using, rows, ">", old, "- 1")


def _shift(
    model: type[models.Model], using: str, rows: RowList, test: str, bound: int, delta: str
) -> int:
    n = _names(model, using)
    where, params = rows.and_(f"{n.order} {test} %s", [bound])
    sql = f"UPDATE {n.table} SET {_set_target(model, using)} = {n.order} {delta} WHERE {where}"
    return _write(using, sql, params)


def move_across(
    model: type[models.Model],
    using: str,
    origin: RowList,
    destination: RowList,
    pk: Any,
    old: int,
    final: int,
) -> int:
    """In one UPDATE: close the gap row ``pk`` leaves at ``old`` in ``origin``, open one at
    ``final`` in ``destination``, and give the row ``final``."""
    n = _names(model, using)
    key = _pk(model, pk, using)
    leaving, leaving_params = origin.and_(f"{n.order} > %s", [old])
    arriving, arriving_params = destination.and_(f"{n.order} >= %s", [final])
    in_origin = origin.condition or "1 = 1"
    sql = (
        f"UPDATE {n.table} SET {_set_target(model, using)} = CASE WHEN {n.pk} = %s THEN %s "
        f"WHEN {in_origin} THEN {n.order} - 1 ELSE {n.order} + 1 END "
        f"WHERE ({leaving}) OR ({arriving}) OR {n.pk} = %s"
    )
    params = [key, final, *origin.params, *leaving_params, *arriving_params, key]
    return _write(using, sql, params)


def set_order(model: type[models.Model], using: str, pk: Any, order: int) -> int:
    """Give row ``pk`` the position ``order`` (one UPDATE)."""
    n = _names(model, using)
    sql = f"UPDATE {n.table} SET {_set_target(model, using)} = %s WHERE {n.pk} = %s"
    return _write(using, sql, [order, _pk(model, pk, using)])


def _set_target(model: type[models.Model], using: str) -> str:
    """The unqualified ``order`` column: an UPDATE's SET target can't name its table."""
    return connections[using].ops.quote_name(_column(_table_model(model), ORDER_FIELD))
