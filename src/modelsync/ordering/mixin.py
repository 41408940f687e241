"""``OrderingModelMixin``: the ``order`` field and the ordering tools of an instance."""

from __future__ import annotations

from typing import Any, ClassVar

from django.core import checks
from django.db import models

from .checks import check_model
from .saving import delete_from_scope, save_in_scope
from .scope import remember_scope, scope_attnames
from .service import OrderingService

__all__ = ["OrderingModelMixin"]


class OrderingModelMixin(models.Model):
    """Abstract base of models kept in ordered lists.

    Adds ``order`` (``PositiveIntegerField(default=0)``, indexed) and ``ordering_services``.
    Optionally declare the list an instance belongs to, in one line::

        class Track(OrderingModelMixin):
            playlist = models.ForeignKey(Playlist, models.CASCADE, related_name="tracks")
            ordering_scope = ("playlist",)

    With a scope, ``save()`` appends a new track to the end of its playlist, moves it to the
    end of the new playlist when ``playlist`` changes, and ``delete()`` closes the gap.
    """

    order = models.PositiveIntegerField(default=0, db_index=True)

    #: Fields whose values define the list of an instance; empty: lists are only the
    #: querysets given to ``move_to_position``.
    ordering_scope: ClassVar[tuple[str, ...]] = ()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Save without writing back a stale ``order``; on a scoped model, also keep the lists
        dense (see the class docstring)."""
        if args:
            # Positional arguments are Django's deprecated form; pass them through untouched.
            super().save(*args, **kwargs)
            remember_scope(self)
            return
        save_in_scope(self, super().save, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        """Delete; on a scoped model, also close the gap left in the list."""
        if args or not scope_attnames(type(self)):
            return super().delete(*args, **kwargs)
        return delete_from_scope(self, super().delete, **kwargs)

    @property
    def ordering_services(self) -> OrderingService:
        """The ordering tools of this instance: ``.processor.move_to_position(...)``."""
        return OrderingService(self)

    @classmethod
    def from_db(cls, db: str | None, field_names: Any, values: Any) -> Any:
        """Load an instance and remember which list the database holds it in."""
        instance = super().from_db(db, field_names, values)
        remember_scope(instance)
        return instance

    @classmethod
    def check(cls, **kwargs: Any) -> list[checks.CheckMessage]:
        """Django's model checks plus ``modelsync.E041``-``E043``."""
        return [*super().check(**kwargs), *check_model(cls)]
