"""Errors raised by :mod:`modelsync.ordering`.

Validation of a requested position raises :class:`OrderingMixinGroupError`, which gathers every
problem found as :class:`OrderingMixinError` objects, so a view can report them all at once::

    try:
        card.move_to(999)
    except OrderingMixinGroupError as error:
        error.message  # 'Ordering validation failed.'
        [str(e) for e in error.errors]  # ['Position must be less than the number ...']

Every error derives from :class:`~modelsync.errors.ModelsyncError` and from the built-in that
matches its meaning, so ``except ValueError`` / ``except TypeError`` keep working.
"""

from __future__ import annotations

from collections.abc import Iterable

from modelsync.errors import ModelsyncError

__all__ = [
    "OrderingArgumentError",
    "OrderingMixinError",
    "OrderingMixinGroupError",
    "OrderingStateError",
]

GROUP_MESSAGE = "Ordering validation failed."


class OrderingMixinError(ModelsyncError, ValueError):
    """One validation problem; ``str(error)`` and ``error.message`` give its message."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class OrderingMixinGroupError(ModelsyncError, ValueError):
    """Every validation problem of one request: ``.message`` and ``.errors``."""

    def __init__(self, errors: Iterable[OrderingMixinError], message: str = GROUP_MESSAGE) -> None:
        self.message = message
        self.errors: list[OrderingMixinError] = list(errors)
        super().__init__(message, self.errors)

    def __str__(self) -> str:
        details = "; ".join(error.message for error in self.errors)
        return f"{self.message} {details}" if details else self.message

    @property
    def messages(self) -> list[str]:
        """The messages of :attr:`errors`, e.g. for a JSON response."""
        return [error.message for error in self.errors]


class OrderingArgumentError(ModelsyncError, TypeError):
    """An argument of the wrong kind: a queryset of another model, a sliced queryset, a scope
    field the model does not declare, an object of another model."""


class OrderingStateError(ModelsyncError, ValueError):
    """The object is not where the operation needs it: not saved, or not in the given list."""
