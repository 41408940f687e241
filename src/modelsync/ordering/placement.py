"""Moves where the model implies the list: ``card.move_to(2)``, ``card.move_to(0, column=done)``,
``card.above(other)``, ``card.below(other)``.

The list of an instance is every row with the same values of the model's ``ordering_scope``
fields (the whole table when the model declares none). Each move is one transaction: the list
lock and one read of the row as stored (one round trip on PostgreSQL), then

- within one list: one UPDATE of the rows between the old and the new position;
- into another list: one UPDATE that closes the gap in the old list, opens one in the new list
  and gives the row its position, then the row's own ``save(update_fields=<scope fields>)``, so
  that the model's ``save()``, its signals and change tracking see the change of list.

The row's list and position are read after the lock, so a stale instance moves correctly.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import models, router

from . import sql
from .exceptions import OrderingArgumentError, OrderingStateError
from .locks import lock_and_read, write_transaction
from .scope import Pending, mark_moved, remember_scope, scope_attnames
from .validation import validate_position_range, validate_position_type

__all__ = ["move_next_to", "move_to"]

Scope = tuple[object, ...]


def move_to(obj: models.Model, position: int, scope: Mapping[str, object]) -> None:
    """Put ``obj`` at ``position`` of its list, or of the list named by ``scope``.

    ``scope`` maps scope field names to values (a model instance or its key, for a foreign
    key); fields not given keep the object's current values. ``position`` may equal the size of
    the list: the object goes last. Raises :class:`OrderingMixinGroupError` for an invalid
    position, without changing anything.
    """
    position = validate_position_type(position)
    model = type(obj)
    _require_saved(obj)
    destination = _destination(obj, scope)
    attnames = scope_attnames(model)
    using = router.db_for_write(model, instance=obj)
    destination_rows = sql.rows_with(model, dict(zip(attnames, destination, strict=True)), using)
    read = sql.row_statement(model, using, obj.pk, attnames, size_of=destination_rows)
    with write_transaction(using):
        row = lock_and_read(model, using, *read)
        if row is None:
            raise _missing(obj)
        old, *stored, size = row
        # ``size`` counts obj itself when it stays in its list: position ``size`` means last.
        validate_position_range(position, size)
        final = min(position, size - 1) if tuple(stored) == destination else position
        _place(obj, using, old, tuple(stored), destination, final)


def move_next_to(obj: models.Model, other: models.Model, *, after: bool) -> None:
    """Put ``obj`` right before (or, with ``after``, right after) ``other``, in ``other``'s list."""
    model = type(obj)
    _require_saved(obj)
    if model._meta.concrete_model is not type(other)._meta.concrete_model:
        raise OrderingArgumentError(
            f"{model._meta.label} can only be placed next to another {model._meta.label}, "
            f"not next to {type(other)._meta.label} {other.pk!r}."
        )
    if other.pk == obj.pk:
        raise OrderingArgumentError(
            f"{model._meta.label} with pk={obj.pk!r} cannot be placed next to itself."
        )
    _require_saved(other)
    attnames = scope_attnames(model)
    using = router.db_for_write(model, instance=obj)
    columns = 1 + len(attnames)
    read = sql.row_statement(model, using, obj.pk, attnames, beside=other.pk)
    with write_transaction(using):
        row = lock_and_read(model, using, *read)
        if row is None:
            raise _missing(obj)
        old, *stored = row[:columns]
        target, *destination = row[columns:]
        if target is None:
            raise _missing(other)
        if tuple(stored) == tuple(destination) and target > old:
            target -= 1  # taking obj out of the list moves other up one
        _place(obj, using, old, tuple(stored), tuple(destination), target + int(after))


def _place(
    obj: models.Model, using: str, old: int, origin: Scope, destination: Scope, final: int
) -> None:
    """Write the move decided by the caller (inside its transaction, after its read)."""
    model = type(obj)
    attnames = scope_attnames(model)
    destination_rows = sql.rows_with(model, dict(zip(attnames, destination, strict=True)), using)
    if origin == destination:
        if final != old:
            sql.move_within(model, using, destination_rows, obj.pk, old, final)
    else:
        origin_rows = sql.rows_with(model, dict(zip(attnames, origin, strict=True)), using)
        sql.move_across(model, using, origin_rows, destination_rows, obj.pk, old, final)
    if origin == destination:
        mark_moved(obj, final, None)
    else:
        for attname, value in zip(attnames, destination, strict=True):
            setattr(obj, attname, value)
        # The position is written; the save writes the new list and must keep that position.
        mark_moved(obj, final, Pending.PLACED)
        obj.save(update_fields=list(getattr(model, "ordering_scope", ())), using=using)
    remember_scope(obj)


def _destination(obj: models.Model, scope: Mapping[str, object]) -> Scope:
    """The scope values of the target list: the object's own, overridden by ``scope``."""
    model = type(obj)
    names: tuple[str, ...] = tuple(getattr(model, "ordering_scope", ()) or ())
    unknown = sorted(set(scope) - set(names))
    if unknown:
        declared = f"ordering_scope = {names!r}" if names else "no ordering_scope"
        raise OrderingArgumentError(
            f"{model._meta.label}.move_to() got {', '.join(unknown)}, which the model's list "
            f"does not depend on ({model._meta.label} declares {declared})."
        )
    values: list[object] = []
    for name in names:
        field = model._meta.get_field(name)
        if name not in scope:
            values.append(getattr(obj, field.attname))  # type: ignore[union-attr]
            continue
        values.append(_scope_value(model, field, scope[name]))
    return tuple(values)


def _scope_value(model: type[models.Model], field: object, value: object) -> object:
    """``value`` as stored in the scope column: a related instance becomes its key."""
    if not isinstance(field, models.Field):  # refused by modelsync.E042 as well
        raise OrderingArgumentError(f"{model._meta.label}: {field!r} is not a concrete field.")
    try:
        if field.is_relation and value is not None:
            related = field.related_model
            if isinstance(value, models.Model):
                if not isinstance(value, related):  # type: ignore[arg-type]
                    raise ValidationError(f"not a {related._meta.label}")  # type: ignore[union-attr]
                value = getattr(value, field.target_field.attname)  # type: ignore[attr-defined]
            return field.target_field.to_python(value)  # type: ignore[attr-defined]
        return field.to_python(value)
    except ValidationError as error:
        raise OrderingArgumentError(
            f"{model._meta.label}.{field.name} cannot be {value!r}: {' '.join(error.messages)}"
        ) from error


def _require_saved(obj: models.Model) -> None:
    if obj.pk is None:
        raise OrderingStateError(
            f"{obj._meta.label} has no primary key yet; save it before moving it."
        )


def _missing(obj: models.Model) -> OrderingStateError:
    return OrderingStateError(
        f"{obj._meta.label} with pk={obj.pk!r} does not exist in the database; "
        "save it before moving it."
    )
