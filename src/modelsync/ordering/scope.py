"""The list an instance belongs to, as declared by ``ordering_scope`` on its model.

``ordering_scope = ("playlist",)`` means: the list of a track is every track of the same
playlist. The values are compared by attribute name (``playlist_id``), so no related row is
ever loaded.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum
from typing import Any

from django.db import models

__all__ = [
    "Pending",
    "StoredPlace",
    "mark_moved",
    "order_unchanged",
    "remember_scope",
    "saved_scope",
    "scope_attnames",
    "scope_values",
    "take_pending",
]


class Pending(Enum):
    """What the next ``save()`` of a scoped instance owes its list after a processor move."""

    #: Moved into another list by ``move_to_position``: the save that changes the scope field
    #: next keeps the position chosen there.
    PLACED = "placed"
    #: Taken out of its list by ``remove_from_objects``: there is no gap left to close, only an
    #: end of the new list to append to.
    DETACHED = "detached"


@dataclass(frozen=True, slots=True)
class StoredPlace:
    """Where the database holds an instance, as last read or written: its scope values and
    position (``None``: not loaded), and what its next save owes the list.

    One per instance, replaced (never changed) on every update, so a copied instance never
    shares a change with its original. Read and written only through this module's functions.
    """

    scope: tuple[Any, ...] | None = None
    order: int | None = None
    pending: Pending | None = None

    @classmethod
    def of(cls, instance: models.Model) -> StoredPlace:
        """The instance's place (an empty one if ordering has not seen it yet)."""
        place = instance.__dict__.get(_ATTR)
        return place if isinstance(place, StoredPlace) else _EMPTY

    def put(self, instance: models.Model) -> None:
        """Make this the instance's place."""
        instance.__dict__[_ATTR] = self


_ATTR = "_ordering_place"
_EMPTY = StoredPlace()


def scope_attnames(model: type[models.Model]) -> tuple[str, ...]:
    """Attribute names of the model's scope fields (``("playlist_id",)``); empty if unscoped."""
    names: tuple[str, ...] = getattr(model, "ordering_scope", ()) or ()
    return tuple(model._meta.get_field(name).attname for name in names)  # type: ignore[union-attr]


def scope_values(instance: models.Model) -> tuple[Any, ...]:
    """The instance's current (in memory) scope values."""
    return tuple(getattr(instance, attname) for attname in scope_attnames(type(instance)))


def remember_scope(instance: models.Model) -> None:
    """Record the current scope values and position as the ones stored in the database."""
    deferred = instance.get_deferred_fields()
    attnames = scope_attnames(type(instance))
    place = StoredPlace.of(instance)
    scope = scope_values(instance) if attnames and not set(attnames) & deferred else place.scope
    order = instance.__dict__.get("order") if "order" not in deferred else place.order
    replace(place, scope=scope, order=order).put(instance)


def mark_moved(instance: models.Model, order: int, pending: Pending | None) -> None:
    """Record that a move left the row at ``order`` and what the next save owes the list."""
    instance.order = order  # type: ignore[attr-defined]
    replace(StoredPlace.of(instance), order=order, pending=pending).put(instance)


def take_pending(instance: models.Model) -> Pending | None:
    """What the next save owes the list (see :class:`Pending`), now that it happens."""
    place = StoredPlace.of(instance)
    if place.pending is not None:
        replace(place, pending=None).put(instance)
    return place.pending


def order_unchanged(instance: models.Model) -> bool:
    """True if the in-memory ``order`` is the one last read from or written to the database.

    Such a value may be stale (other moves shift rows in the database only), so a plain save
    must not write it back.
    """
    saved = StoredPlace.of(instance).order
    return saved is not None and saved == instance.__dict__.get("order")


def saved_scope(instance: models.Model) -> tuple[Any, ...] | None:
    """The scope values stored in the database, if known."""
    return StoredPlace.of(instance).scope
