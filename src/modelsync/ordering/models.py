"""``OrderingModelMixin``: the ``order`` field and the moves of an instance.

A model base needs the app registry, so it lives here rather than in the package's
``__init__``: ``from modelsync.ordering.models import OrderingModelMixin``.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any, ClassVar, Self

from django.db import models

from .placement import move_next_to, move_to
from .saving import delete_from_scope, save_in_scope
from .scope import remember_scope, scope_attnames
from .service import OrderingService

__all__ = ["OrderingModelMixin"]


class OrderingModelMixin(models.Model):
    """Abstract base of models kept in ordered lists.

    Adds ``order`` (``PositiveIntegerField(default=0)``, indexed), the moves ``move_to``,
    ``above`` and ``below``, and ``ordering_services``. Declare the list an instance belongs
    to in one line::

        class Card(OrderingModelMixin):
            column = models.ForeignKey(Column, models.CASCADE, related_name="cards")
            ordering_scope = ("column",)

        card.move_to(0)                  # first of its column
        card.move_to(2, column=done)     # third of another column
        card.above(other_card)           # right before other_card, in other_card's column

    With a scope, ``save()`` appends a new card to the end of its column, moves it to the end
    of the new column when ``column`` changes, and ``delete()`` closes the gap. Without one,
    the list of an instance is the whole table.
    """

    order = models.PositiveIntegerField(default=0, db_index=True)

    #: Fields whose values define the list of an instance; empty: the whole table, or the
    #: querysets given to ``ordering_services.processor.move_to_position``.
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

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        """Delete; on a scoped model, also close the gap left in the list."""
        if args or not scope_attnames(type(self)):
            return super().delete(*args, **kwargs)
        return delete_from_scope(self, super().delete, **kwargs)

    def move_to(self, position: int, **scope: object) -> None:
        """Move to ``position`` (0-based) of this instance's list, or of the list named by
        ``scope`` (``card.move_to(0, column=done)``: scope fields as keyword arguments, a
        related instance or its key).

        Locks the list, validates, moves and saves in one transaction; ``position`` may equal
        the size of the list (last). Raises :class:`OrderingMixinGroupError` for an invalid
        position and :class:`OrderingArgumentError` for a keyword that is not a scope field,
        changing nothing.
        """
        move_to(self, position, scope)

    def above(self, other: Self) -> None:
        """Move right before ``other``, into ``other``'s list if it is another one."""
        move_next_to(self, other, after=False)

    def below(self, other: Self) -> None:
        """Move right after ``other``, into ``other``'s list if it is another one."""
        move_next_to(self, other, after=True)

    @property
    def ordering_services(self) -> OrderingService:
        """The processor of this instance, for lists given as querysets:
        ``.processor.move_to_position(destination_objects=..., position=...)``."""
        return OrderingService(self)

    @classmethod
    def from_db(cls, db: str | None, field_names: Collection[str], values: Collection[Any]) -> Self:
        """Load an instance and remember which list the database holds it in."""
        instance = super().from_db(db, field_names, values)
        remember_scope(instance)
        return instance
