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
    "SAVED_ORDER_ATTR",
    "SAVED_SCOPE_ATTR",
    "order_unchanged",
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
# The position the database held for the instance when it was loaded, saved or moved.
SAVED_ORDER_ATTR = "_ordering_saved_order"


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
    if attnames and not set(attnames) & deferred:
        instance.__dict__[SAVED_SCOPE_ATTR] = scope_values(instance)
    if "order" not in deferred:
        instance.__dict__[SAVED_ORDER_ATTR] = instance.__dict__.get("order")


def order_unchanged(instance: models.Model) -> bool:
    """True if the in-memory ``order`` is the one last read from or written to the database.

    Such a value may be stale (other moves shift rows in the database only), so a plain save
    must not write it back.
    """
    saved = instance.__dict__.get(SAVED_ORDER_ATTR)
    return saved is not None and saved == instance.__dict__.get("order")


def saved_scope(instance: models.Model) -> tuple[Any, ...] | None:
    """The scope values stored in the database, if known."""
    return instance.__dict__.get(SAVED_SCOPE_ATTR)


def scope_list(instance: models.Model, values: tuple[Any, ...], using: str) -> models.QuerySet[Any]:
    """Every row of the instance's model whose scope fields equal ``values``."""
    model = type(instance)
    lookups = dict(zip(scope_attnames(model), values, strict=True))
    return model._base_manager.using(using).filter(**lookups)
