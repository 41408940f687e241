"""The list an instance belongs to, as declared by ``ordering_scope`` on its model.

``ordering_scope = ("playlist",)`` means: the list of a track is every track of the same
playlist. The values are compared by attribute name (``playlist_id``), so no related row is
ever loaded.
"""

from __future__ import annotations

from typing import Any

from django.db import models

__all__ = [
    "PENDING_ATTR",
    "SAVED_SCOPE_ATTR",
    "remember_scope",
    "saved_scope",
    "scope_attnames",
    "scope_list",
    "scope_values",
]

# Set on the instance by the processor: "placed" (moved across lists: keep the position on the
# next save that changes the scope) or "detached" (removed from its list: there is no gap to
# close on the next scope change, only an end to append to).
PENDING_ATTR = "_ordering_pending"
# The scope values the database holds for the instance, as last loaded or saved.
SAVED_SCOPE_ATTR = "_ordering_saved_scope"


def scope_attnames(model: type[models.Model]) -> tuple[str, ...]:
    """Attribute names of the model's scope fields (``("playlist_id",)``); empty if unscoped."""
    names: tuple[str, ...] = getattr(model, "ordering_scope", ()) or ()
    return tuple(model._meta.get_field(name).attname for name in names)  # type: ignore[union-attr]


def scope_values(instance: models.Model) -> tuple[Any, ...]:
    """The instance's current (in memory) scope values."""
    return tuple(getattr(instance, attname) for attname in scope_attnames(type(instance)))


def remember_scope(instance: models.Model) -> None:
    """Record the current scope values as the ones stored in the database."""
    attnames = scope_attnames(type(instance))
    if attnames and not set(attnames) & instance.get_deferred_fields():
        instance.__dict__[SAVED_SCOPE_ATTR] = scope_values(instance)


def saved_scope(instance: models.Model) -> tuple[Any, ...] | None:
    """The scope values stored in the database, if known."""
    return instance.__dict__.get(SAVED_SCOPE_ATTR)


def scope_list(instance: models.Model, values: tuple[Any, ...], using: str) -> models.QuerySet[Any]:
    """Every row of the instance's model whose scope fields equal ``values``."""
    model = type(instance)
    lookups = dict(zip(scope_attnames(model), values, strict=True))
    return model._base_manager.using(using).filter(**lookups)
