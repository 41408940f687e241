"""Errors raised by :mod:`modelsync.ordering`.

Validation of a requested position raises :class:`OrderingMixinGroupError`, which gathers every
problem found as :class:`OrderingMixinError` objects, so a view can report them all at once::

    try:
        card.ordering_services.processor.move_to_position(
            destination_objects=cards, position=999
        )
    except OrderingMixinGroupError as error:
        error.message  # 'Ordering validation failed.'
        [str(e) for e in error.errors]  # ['Position must be less than the number ...']
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["OrderingMixinError", "OrderingMixinGroupError"]

GROUP_MESSAGE = "Ordering validation failed."


class OrderingMixinError(Exception):
    """One validation problem; ``str(error)`` and ``error.message`` give its message."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class OrderingMixinGroupError(Exception):
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
