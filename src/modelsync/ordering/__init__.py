"""Dense positions in ordered lists, moved in a constant number of statements.

::

    from modelsync.ordering import OrderingModelMixin

    class Task(OrderingModelMixin):
        name = models.CharField(max_length=255)

    task.ordering_services.processor.move_to_position(
        destination_objects=Task.objects.all(), position=3
    )

See ``docs/ordering.md``.
"""

from __future__ import annotations

from .exceptions import OrderingMixinError, OrderingMixinGroupError
from .locks import lock_list
from .mixin import OrderingModelMixin
from .normalize import normalize
from .processor import OrderingProcessor
from .service import OrderingService
from .validation import NOT_POSITIVE_MESSAGE, TOO_LARGE_MESSAGE

__all__ = [
    "NOT_POSITIVE_MESSAGE",
    "TOO_LARGE_MESSAGE",
    "OrderingMixinError",
    "OrderingMixinGroupError",
    "OrderingModelMixin",
    "OrderingProcessor",
    "OrderingService",
    "lock_list",
    "normalize",
]
