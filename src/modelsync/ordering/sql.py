"""The statements of a move: one read of the list state, then range updates.

Each function issues exactly one statement, so the cost of an operation is the sum of the
functions it calls, whatever the size of the lists.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Case, Exists, F, Func, Q, Subquery, Value, When

from .exceptions import OrderingStateError

__all__ = [
    "ORDER_FIELD",
    "ListState",
    "PlainCount",
    "PlainMax",
    "close_gap",
    "move_within",
    "open_gap",
    "set_order",
    "state_query",
    "to_state",
]

ORDER_FIELD = "order"


@dataclass(frozen=True)
class ListState:
    """What a move needs to know, read in one statement after the lock.

    ``others`` is the size of the destination list without the moved object.
    """

    order: int
    others: int
    in_destination: bool
    in_origin: bool


class PlainCount(Func):
    """``COUNT(expr)`` that Django does not treat as an aggregate (no GROUP BY in subqueries)."""

    function = "COUNT"
    output_field = models.IntegerField()


class PlainMax(Func):
    """``MAX(expr)`` that Django does not treat as an aggregate (no GROUP BY)."""

    function = "MAX"
    output_field = models.IntegerField()


def unordered(queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
    """The rows of ``queryset`` as a plain ``QuerySet`` without ORDER BY.

    Plain, so that a custom queryset's ``update()`` (e.g. one that sends change-tracking
    signals and reads old values first) cannot add statements per shifted row: shifting
    neighbours is bookkeeping, not a change of theirs. Without ORDER BY, because updates and
    counts never need it.
    """
    query = queryset.query.chain()
    query.clear_ordering(force=True)
    return models.QuerySet(model=queryset.model, query=query, using=queryset.db)


def state_query(
    obj: models.Model,
    destination: models.QuerySet[Any],
    origin: models.QuerySet[Any] | None,
    using: str,
) -> models.QuerySet[Any]:
    """The one-row read of a move: the object's stored position, the size of the destination,
    and the object's membership of both lists (see :func:`to_state`).

    One aggregate over the destination, so that the ORM builds few querysets: at small list
    sizes, building them is a visible part of the cost of a move.
    """
    model = type(obj)
    stored = model._base_manager.using(using).filter(pk=obj.pk).values(ORDER_FIELD)
    mine = Case(When(pk=obj.pk, then=Value(1)), default=Value(0))
    return (
        unordered(destination)
        .annotate(
            _order=Subquery(stored, output_field=models.IntegerField()),
            _total=PlainCount("pk"),
            _in_destination=PlainMax(mine),
            _in_origin=Exists(unordered(origin).filter(pk=obj.pk))
            if origin is not None
            else Value(False),
        )
        .values_list("_order", "_total", "_in_destination", "_in_origin")
    )


def to_state(obj: models.Model, row: tuple[Any, ...] | None) -> ListState:
    """The :class:`ListState` of the row of :func:`state_query`.

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


def move_within(queryset: models.QuerySet[Any], pk: Any, old: int, new: int) -> int:
    """Move the row ``pk`` from ``old`` to ``new`` in one UPDATE; only rows between shift."""
    if new < old:
        between = Q(**{f"{ORDER_FIELD}__gte": new, f"{ORDER_FIELD}__lt": old})
        shift = F(ORDER_FIELD) + 1
    else:
        between = Q(**{f"{ORDER_FIELD}__gt": old, f"{ORDER_FIELD}__lte": new})
        shift = F(ORDER_FIELD) - 1
    return (
        unordered(queryset)
        .filter(between | Q(pk=pk))
        .update(**{ORDER_FIELD: Case(When(pk=pk, then=Value(new)), default=shift)})
    )


def close_gap(queryset: models.QuerySet[Any], pk: Any, old: int, new_order: int) -> int:
    """Take row ``pk`` out of ``queryset`` at ``old`` (rows after it move up one) and give it
    ``new_order``, in one UPDATE."""
    after = Q(**{f"{ORDER_FIELD}__gt": old})
    return (
        unordered(queryset)
        .filter(after | Q(pk=pk))
        .update(
            **{ORDER_FIELD: Case(When(pk=pk, then=Value(new_order)), default=F(ORDER_FIELD) - 1)}
        )
    )


def open_gap(queryset: models.QuerySet[Any], at: int) -> int:
    """Shift every row of ``queryset`` at or after ``at`` down one (one UPDATE)."""
    return (
        unordered(queryset)
        .filter(**{f"{ORDER_FIELD}__gte": at})
        .update(**{ORDER_FIELD: F(ORDER_FIELD) + 1})
    )


def set_order(model: type[models.Model], pk: Any, order: int, using: str) -> int:
    """Give row ``pk`` the position ``order`` (one UPDATE)."""
    return model._base_manager.using(using).filter(pk=pk).update(**{ORDER_FIELD: order})
