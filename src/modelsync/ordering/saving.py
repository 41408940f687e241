"""Keeping lists dense through plain ``save()`` and ``delete()``.

- a plain save never writes back an unchanged (possibly stale) ``order``;
- on a model with an ``ordering_scope``, a new instance goes to the end of its list;
- a scope change (``track.playlist = other; track.save()``) moves it to the end of the new list
  and closes the gap in the old one, unless ``move_to_position`` has just placed it;
- ``delete()`` closes the gap the instance leaves.

Each is one transaction: the list lock and one read (one round trip on PostgreSQL), at most one
range UPDATE, then the write.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import models, router

from .locks import lock_and_read, write_transaction
from .scope import (
    Pending,
    order_unchanged,
    remember_scope,
    saved_scope,
    scope_attnames,
    scope_values,
    take_pending,
)
from .sql import (
    ORDER_FIELD,
    close_gap_after,
    last_position_statement,
    row_statement,
    rows_with,
)

__all__ = ["delete_from_scope", "save_in_scope"]


def _after(last: int | None) -> int:
    # MAX + 1 rather than COUNT: on a list broken by hand it still never collides.
    return 0 if last is None else last + 1


def save_in_scope(instance: models.Model, save: Callable[..., None], **kwargs: Any) -> None:
    """Save ``instance`` (through ``save``, the model's own ``save``), keeping lists dense."""
    model = type(instance)
    using = kwargs.get("using") or router.db_for_write(model, instance=instance)
    pending = take_pending(instance)
    current = scope_values(instance)
    stored = saved_scope(instance)
    update_fields = kwargs.get("update_fields")
    changed_scope = (
        not instance._state.adding
        and stored is not None
        and stored != current
        and (update_fields is None or set(update_fields) & _scope_names(model))
    )
    scoped = bool(scope_attnames(model))
    if pending is Pending.PLACED or not scoped or not (instance._state.adding or changed_scope):
        if not instance._state.adding and order_unchanged(instance):
            kwargs["update_fields"] = _fields_but_order(instance, update_fields)
        save(**kwargs)
        remember_scope(instance)
        return
    attnames = scope_attnames(model)
    new_list = rows_with(model, dict(zip(attnames, current, strict=True)), using)
    with write_transaction(using):
        if instance._state.adding or pending is Pending.DETACHED or stored is None:
            row = lock_and_read(model, using, *last_position_statement(model, using, new_list))
            setattr(instance, ORDER_FIELD, _after(row[0] if row else None))
        else:
            # The row's scope as stored now, not as loaded: another transaction may have
            # moved it since.
            read = row_statement(model, using, instance.pk, attnames, last_of=new_list)
            row = lock_and_read(model, using, *read)
            if row is not None:
                old_order, *db_scope, last = row
                if tuple(db_scope) == current:
                    # Already moved there by someone else: keep the position it has there.
                    setattr(instance, ORDER_FIELD, old_order)
                else:
                    old_list = rows_with(model, dict(zip(attnames, db_scope, strict=True)), using)
                    close_gap_after(model, using, old_list, old_order)
                    setattr(instance, ORDER_FIELD, _after(last))
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, ORDER_FIELD}
        save(**kwargs)
    remember_scope(instance)


def delete_from_scope(instance: models.Model, delete: Callable[..., Any], **kwargs: Any) -> Any:
    """Delete ``instance`` (through the model's own ``delete``) and close its gap."""
    model = type(instance)
    using = kwargs.get("using") or router.db_for_write(model, instance=instance)
    if take_pending(instance) is Pending.DETACHED:
        return delete(**kwargs)  # remove_from_objects already closed the gap
    attnames = scope_attnames(model)
    with write_transaction(using):
        # Position and scope as stored now (the instance may be stale).
        row = lock_and_read(model, using, *row_statement(model, using, instance.pk, attnames))
        result = delete(**kwargs)
        if row is not None:
            old_order, *values = row
            old_list = rows_with(model, dict(zip(attnames, values, strict=True)), using)
            close_gap_after(model, using, old_list, old_order)
    return result


def _fields_but_order(instance: models.Model, update_fields: Any) -> list[str]:
    # A plain save must not write back a position that other moves may have shifted since
    # the instance was loaded; only the ordering tools (or an explicit change) write it.
    if update_fields is not None:
        return [name for name in update_fields if name != ORDER_FIELD]
    deferred = instance.get_deferred_fields()
    return [
        field.name
        for field in instance._meta.concrete_fields
        if not field.primary_key and field.name != ORDER_FIELD and field.attname not in deferred
    ]


def _scope_names(model: type[models.Model]) -> set[str]:
    names = set(getattr(model, "ordering_scope", ()) or ())
    return names | set(scope_attnames(model))
