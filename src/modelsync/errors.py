"""The one base class of every error django-modelsync raises.

Each part's errors derive from :class:`ModelsyncError` *and* from the built-in exception that
matches their meaning (``ValueError`` for bad input, ``TypeError`` for a wrong type,
``RuntimeError`` for a state that can't be handled), so ``except ValueError`` keeps working for
callers who don't know the library::

    try:
        Order.objects.update_synced(order_id=5, colour="red")
    except ModelsyncError as error:  # or: except ValueError
        ...
"""

from __future__ import annotations

__all__ = ["ModelsyncError"]


class ModelsyncError(Exception):
    """Base class of every error raised by :mod:`modelsync`; messages name the model, field
    and value at fault."""
