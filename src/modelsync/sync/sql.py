"""SQL builders: one set-based statement per target model, whatever the number of rows.

Rows are restricted with a single parameter holding the whole key set (an array on
PostgreSQL, a JSON list on SQLite), so statements stay constant in number and in text
size at any N and never hit a bound-parameter limit.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Model

from modelsync.db import dialect

from .resolved import ResolvedSync

SOURCE = "msync_s"
TARGET = "msync_t"


def key_set_condition(
    connection: BaseDatabaseWrapper, column_sql: str, model: type[Model], keys: Sequence[Any]
) -> tuple[str, list[Any]]:
    """``column IN keys`` as SQL with one parameter (array / JSON list) where supported."""
    return dialect(connection).key_set(connection, column_sql, model, keys)


def _differs(connection: BaseDatabaseWrapper, left: str, right: str) -> str:
    return dialect(connection).is_distinct(left, right)


def _join(sync: ResolvedSync, qn: Any) -> str:
    return f"{TARGET}.{qn(sync.target_join.column)} = {SOURCE}.{qn(sync.source_join.column)}"


def drift_condition(
    sync: ResolvedSync, connection: BaseDatabaseWrapper, pairs: Sequence[Any] | None = None
) -> str:
    """SQL true for a joined (source, target) pair whose synced values differ."""
    qn = connection.ops.quote_name
    return " OR ".join(
        _differs(connection, f"{TARGET}.{qn(t.column)}", f"{SOURCE}.{qn(s.column)}")
        for s, t in (sync.pairs if pairs is None else pairs)
    )


def _pair_where(
    sync: ResolvedSync,
    connection: BaseDatabaseWrapper,
    source_keys: Sequence[Any] | None,
    target_keys: Sequence[Any] | None,
    pairs: Sequence[Any] | None,
) -> tuple[list[str], list[Any]]:
    """WHERE conditions (and their parameters) of the joined pairs that differ, restricted to
    the given source and target keys."""
    qn = connection.ops.quote_name
    where = [_join(sync, qn), f"({drift_condition(sync, connection, pairs)})"]
    params: list[Any] = []
    for keys, model, alias in (
        (source_keys, sync.source, SOURCE),
        (target_keys, sync.target, TARGET),
    ):
        if keys is None:
            continue
        pk = model._meta.pk
        assert pk is not None
        condition, key_params = key_set_condition(
            connection, f"{alias}.{qn(pk.column)}", model, keys
        )
        where.append(condition)
        params.extend(key_params)
    return where, params


def target_update(
    sync: ResolvedSync,
    connection: BaseDatabaseWrapper,
    source_keys: Sequence[Any] | None,
    stamps: dict[str, Any],
    target_keys: Sequence[Any] | None = None,
    pairs: Sequence[Any] | None = None,
) -> tuple[str, list[Any]]:
    """``UPDATE target … FROM source`` copying the synced values of the given sources.

    Only target rows whose values differ are written (and stamped). ``source_keys=None``
    means every source row (drift repair). ``stamps`` maps target column names to values
    (``updated_by_id``, ``updated_at``) set on the rows written. ``target_keys`` restricts
    the write to those target rows (a target just created takes its source's values).
    ``pairs`` limits the copy to some of the declared pairs (those a write touched).
    """
    qn = connection.ops.quote_name
    pairs = sync.pairs if pairs is None else pairs
    assignments = [f"{qn(t.column)} = {SOURCE}.{qn(s.column)}" for s, t in pairs]
    params: list[Any] = []
    for column, value in stamps.items():
        assignments.append(f"{qn(column)} = %s")
        params.append(value)
    where, where_params = _pair_where(sync, connection, source_keys, target_keys, pairs)
    sql = (
        f"UPDATE {qn(sync.target._meta.db_table)} AS {TARGET} SET {', '.join(assignments)} "
        f"FROM {qn(sync.source._meta.db_table)} AS {SOURCE} WHERE {' AND '.join(where)}"
    )
    return sql, [*params, *where_params]


def drifted_pairs(
    sync: ResolvedSync,
    connection: BaseDatabaseWrapper,
    select: str,
    source_keys: Sequence[Any] | None,
    target_keys: Sequence[Any] | None,
    pairs: Sequence[Any] | None,
) -> tuple[str, list[Any]]:
    """``SELECT`` the key of the ``select`` side (``"source"`` or ``"target"``) of every
    joined pair that differs in ``pairs``, restricted to the given keys.

    Used as ``pk__in=RawSQL(...)`` of a tracked update: a target written through its tracked
    queryset, a source a bidirectional field flows back to.
    """
    qn = connection.ops.quote_name
    model, alias = (sync.source, SOURCE) if select == "source" else (sync.target, TARGET)
    pk = model._meta.pk
    assert pk is not None
    where, params = _pair_where(sync, connection, source_keys, target_keys, pairs)
    sql = (
        f"SELECT {alias}.{qn(pk.column)} FROM {qn(sync.source._meta.db_table)} AS {SOURCE} "
        f"INNER JOIN {qn(sync.target._meta.db_table)} AS {TARGET} ON {where[0]} "
        f"WHERE {' AND '.join(where[1:])}"
    )
    return sql, params


def drifted_sources(
    sync: ResolvedSync,
    connection: BaseDatabaseWrapper,
    after: Any = None,
    limit: int | None = None,
) -> tuple[str, list[Any]]:
    """``SELECT`` the source keys (ascending) whose target differs, keyset-paginated."""
    qn = connection.ops.quote_name
    source_pk = sync.source._meta.pk
    assert source_pk is not None
    pk_sql = f"{SOURCE}.{qn(source_pk.column)}"
    where = [f"({drift_condition(sync, connection)})"]
    params: list[Any] = []
    if after is not None:
        where.append(f"{pk_sql} > %s")
        params.append(after)
    sql = (
        f"SELECT {pk_sql} FROM {qn(sync.source._meta.db_table)} AS {SOURCE} "
        f"INNER JOIN {qn(sync.target._meta.db_table)} AS {TARGET} ON {_join(sync, qn)} "
        f"WHERE {' AND '.join(where)} ORDER BY {pk_sql}"
    )
    if limit is not None:
        sql += " LIMIT %s"
        params.append(limit)
    return sql, params
