"""The write pipeline: every tracked write runs the cheapest statement serving who listens.

What a write of a model must produce is the union of what its hooks need (see
:mod:`.hooks`) and, when a receiver of the public signals listens, everything -- receivers
get ``changed_values`` and instances. Then:

- nobody listens: exactly Django's statements (the callers check :func:`needs` first);
- only :data:`Need.KEYS`: ``UPDATE … RETURNING pk``, rows locked in key order where the
  database locks rows; ``save()`` and ``bulk_update()`` run Django's own statements;
- :data:`Need.OLD_VALUES` or :data:`Need.NEW_ROWS`: the old values read under a row lock in
  the write's own statement (PostgreSQL), or just before it (SQLite), and only the rows that
  changed are reported.

:func:`record` hands the result to the hooks and the signals.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Field, Model, QuerySet
from django.db.models.sql import UpdateQuery

from modelsync.db import dialect, plain_queryset

from . import fallback, hooks, signals
from .context import current_tracking_info
from .hooks import Action, Need, Write
from .objects import ModifiedObject
from .rows import changed_rows, key_objects, modified_objects

__all__ = ["SIGNAL_NEEDS", "bulk_update", "needs", "needs_anywhere", "record", "update"]

#: What a receiver of the public signals needs: everything.
SIGNAL_NEEDS = Need.KEYS | Need.OLD_VALUES | Need.NEW_ROWS


def needs(model: type[Model], action: Action | str) -> Need | None:
    """What a write of ``action`` on ``model`` must produce; ``None``: nobody listens."""
    if signals.listened(model, action):
        return SIGNAL_NEEDS
    return hooks.needs_of(model, action)


def needs_anywhere() -> bool:
    """Whether anyone listens to any write (a delete cascades into any model)."""
    return signals.listened_anywhere() or hooks.any_registered()


def record(
    model: type[Model],
    action: Action | str,
    objects: Sequence[ModifiedObject[Any]],
    using: str,
    fields: Collection[str] | None = None,
) -> None:
    """Hand the rows one statement wrote to the hooks, then to the signals' receivers.

    ``fields`` are the names of the fields the statement set (``None``: every concrete
    field). Nothing is sent when no row was written or changed.
    """
    if not objects:
        return
    action = Action(action)
    info = current_tracking_info()
    if fields is None:
        fields = [f.name for f in model._meta.concrete_fields]
    hooks.dispatch(Write(model, action, objects, using, info, frozenset(fields)))
    if signals.listened(model, action):
        signals.send(model, action, objects, info, using)


def _one_table(model: type[Model], fields: Sequence[Field[Any, Any]]) -> bool:
    """Whether all ``fields`` live in ``model``'s own table and none is its primary key."""
    meta = model._meta
    local = set(meta.local_concrete_fields)
    return not meta.parents and all(f in local and not f.primary_key for f in fields)


def set_fields(query: UpdateQuery) -> list[Field[Any, Any]]:
    """The fields an update query sets, in order (parent-table fields of multi-table
    inheritance included)."""
    fields = [field for field, _model, _value in query.values]
    for updates in query.related_updates.values():
        fields.extend(field for field, _model, _value in updates)
    return fields


def update(
    queryset: QuerySet[Any], query: UpdateQuery, instance: Model | None = None
) -> tuple[int, list[ModifiedObject[Any]]]:
    """Apply ``query`` (a fresh ``UpdateQuery`` holding only the SET part) to ``queryset``.

    Returns the number of rows matched, like Django, and the objects to :func:`record`:
    every row written when only keys are needed, else the rows that really changed (each
    being ``instance`` when given: a single ``save()``). Must run inside a transaction.
    """
    model, using = queryset.model, queryset.db
    fields = set_fields(query)
    db = dialect(using)
    one_statement = db.returns_rows and not query.related_updates and _one_table(model, fields)
    try:
        if needs(model, Action.UPDATE) == Need.KEYS:
            if one_statement:
                keys = db.update_returning_keys(queryset, query)
                count = len(keys)
            else:
                count, keys = fallback.update_keys(queryset, query)
            return count, key_objects(model, using, keys)
        if one_statement:
            rows = db.update_returning_old(queryset, query, fields)
            return len(rows), modified_objects(model, rows, fields, using, instance)
        return fallback.update(queryset, query, fields, instance)
    except EmptyResultSet:
        return 0, []


def bulk_update(
    queryset: QuerySet[Any],
    objs: Sequence[Model],
    fields: Sequence[Field[Any, Any]],
    batch_size: int | None,
) -> tuple[int, list[ModifiedObject[Any]]]:
    """Write ``fields`` of ``objs`` (validated as Django does); the row count and the objects
    to :func:`record` (every object when only keys are needed, else those that changed)."""
    model, using = queryset.model, queryset.db
    connection = connections[using]
    if needs(model, Action.UPDATE) == Need.KEYS:
        count = plain_queryset(model, using).bulk_update(
            objs, [f.name for f in fields], batch_size=batch_size
        )
        unique = {obj.pk: obj for obj in reversed(objs)}  # Django writes the first of a pk
        return count, [ModifiedObject(obj, {}) for obj in reversed(unique.values())]
    db = dialect(connection)
    plain_values = not any(
        hasattr(getattr(obj, f.attname), "resolve_expression") for obj in objs for f in fields
    )
    if not (
        db.returns_rows
        and plain_values
        and _one_table(model, fields)
        and len({obj.pk for obj in objs}) == len(objs)
        and all(f.db_type(connection) for f in fields)
    ):
        return fallback.bulk_update(queryset, objs, fields, batch_size)
    rows = db.bulk_update_returning_old(model, using, objs, fields, batch_size)
    prepare_pk = model._meta.pk.get_db_prep_value
    by_key = {prepare_pk(obj.pk, connection): obj for obj in objs}
    key_index = len(fields)
    new_indexes = [key_index + 1 + i for i in range(len(fields))]

    def modified(row: Sequence[Any], changed: dict[str, Any]) -> ModifiedObject[Any]:
        return ModifiedObject(by_key[row[key_index]], changed)

    return len(rows), changed_rows(rows, fields, new_indexes, using, modified)
