"""Dense positions in ordered lists, moved in a constant number of statements.

::

    from modelsync.ordering.models import OrderingModelMixin

    class Card(OrderingModelMixin):
        column = models.ForeignKey(Column, models.CASCADE, related_name="cards")
        ordering_scope = ("column",)

    card.move_to(0)                # first of its column
    card.move_to(2, column=done)   # into another column
    card.ordering_services.processor.move_to_position(
        destination_objects=Card.objects.filter(column=done), position=3
    )

``OrderingModelMixin`` is a model base, so it lives in :mod:`modelsync.ordering.models` (this
package is importable before Django's app registry is ready). See ``docs/ordering.md``.
"""

from __future__ import annotations

from .exceptions import (
    OrderingArgumentError,
    OrderingMixinError,
    OrderingMixinGroupError,
    OrderingStateError,
)
from .locks import lock_list
from .processor import OrderingProcessor
from .repair import normalize
from .service import OrderingService
from .validation import NOT_POSITIVE_MESSAGE, TOO_LARGE_MESSAGE

__all__ = [
    "NOT_POSITIVE_MESSAGE",
    "TOO_LARGE_MESSAGE",
    "OrderingArgumentError",
    "OrderingMixinError",
    "OrderingMixinGroupError",
    "OrderingProcessor",
    "OrderingService",
    "OrderingStateError",
    "lock_list",
    "normalize",
]
