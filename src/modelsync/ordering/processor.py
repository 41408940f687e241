"""``move_to_position`` and ``remove_from_objects``: the operations on one instance.

Every operation is one transaction (the caller's, if there is one) made of: the list lock
(PostgreSQL) and one read, sent in one round trip, then at most two range UPDATEs (see
:mod:`.sql`). The cost does not depend on the size of the lists.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from . import sql
from .exceptions import OrderingArgumentError, OrderingStateError
from .locks import lock_and_read, write_transaction
from .scope import (
    Pending,
    mark_moved,
    saved_scope,
    scope_attnames,
    scope_values,
)
from .validation import validate_position_range, validate_position_type

__all__ = ["OrderingProcessor", "check_queryset"]


def check_queryset(obj: models.Model, queryset: Any, argument: str) -> models.QuerySet[Any]:
    """Refuse anything but an unsliced queryset of the object's model, naming the argument."""
    model = type(obj)
    if not isinstance(queryset, models.QuerySet):
        raise OrderingArgumentError(
            f"{argument} must be a QuerySet of {model._meta.label}, not {type(queryset).__name__}."
        )
    if queryset.model._meta.concrete_model is not model._meta.concrete_model:
        raise OrderingArgumentError(
            f"{argument} must be a QuerySet of {model._meta.label}, "
            f"not of {queryset.model._meta.label}."
        )
    if queryset.query.is_sliced:
        raise OrderingArgumentError(
            f"{argument} must not be sliced: positions count over the whole list."
        )
    return queryset


class OrderingProcessor:
    """Moves one instance inside or across ordered lists.

    A list is any queryset of the model (``Task.objects.filter(category="A")``); its ``order``
    values are kept dense, ``0..n-1``. Reached as ``obj.ordering_services.processor``.
    """

    def __init__(self, obj: models.Model) -> None:
        self.obj = obj

    def move_to_position(
        self,
        destination_objects: models.QuerySet[Any],
        position: int,
        origin_objects: models.QuerySet[Any] | None = None,
    ) -> None:
        """Put the object at ``position`` (0-based) of ``destination_objects``.

        Rows between the old and the new position shift by one. If the object is not in the
        destination it is inserted, and the gap it leaves in ``origin_objects`` is closed
        (``origin_objects`` defaults to the destination; on a model with an
        ``ordering_scope``, to the object's current list). ``position`` may equal the size of
        the destination: the object goes last. Raises :class:`OrderingMixinGroupError` on an
        invalid position, without changing anything.
        """
        obj = self.obj
        position = validate_position_type(position)
        destination = check_queryset(obj, destination_objects, "destination_objects")
        using = destination.db
        model = type(obj)
        destination_rows = sql.rows_of(destination, using)
        origin_rows = (
            sql.rows_of(check_queryset(obj, origin_objects, "origin_objects"), using)
            if origin_objects is not None
            else self._default_origin(using)
        )
        with write_transaction(using):
            read = sql.state_statement(model, obj.pk, destination_rows, origin_rows, using)
            state = sql.to_state(obj, lock_and_read(model, using, *read))
            validate_position_range(position, state.others + int(state.in_destination))
            final = min(position, state.others)
            if state.in_destination:
                if final != state.order:
                    sql.move_within(model, using, destination_rows, obj.pk, state.order, final)
            elif state.in_origin and origin_rows is not None:
                sql.close_gap(model, using, origin_rows, obj.pk, state.order, final)
                sql.open_gap(model, using, destination_rows, final)
            else:
                sql.open_gap(model, using, destination_rows, final)
                sql.set_order(model, using, obj.pk, final)
        # Callers that move across lists by queryset change the scope field next: that save
        # must keep the position chosen here.
        mark_moved(obj, final, None if state.in_destination else Pending.PLACED)

    def remove_from_objects(self, destination_objects: models.QuerySet[Any]) -> None:
        """Take the object out of ``destination_objects``: its ``order`` becomes 0 and the
        rows after it move up one.

        Call it while the object is still in the list (before archiving it); raises
        :class:`OrderingStateError` (a ``ValueError``) if it is not.
        """
        obj = self.obj
        destination = check_queryset(obj, destination_objects, "destination_objects")
        using = destination.db
        model = type(obj)
        rows = sql.rows_of(destination, using)
        with write_transaction(using):
            read = sql.state_statement(model, obj.pk, rows, None, using)
            state = sql.to_state(obj, lock_and_read(model, using, *read))
            if not state.in_destination:
                raise OrderingStateError(
                    f"{obj._meta.label} with pk={obj.pk!r} is not in destination_objects; "
                    "remove it from the list before it leaves it."
                )
            sql.close_gap(model, using, rows, obj.pk, state.order, 0)
        mark_moved(obj, 0, Pending.DETACHED)

    def _default_origin(self, using: str) -> sql.RowList | None:
        """The object's current list on a scoped model (so moving out closes its gap)."""
        obj = self.obj
        attnames = scope_attnames(type(obj))
        if not attnames:
            return None
        values = saved_scope(obj)
        current = values if values is not None else scope_values(obj)
        return sql.rows_with(type(obj), dict(zip(attnames, current, strict=True)), using)
