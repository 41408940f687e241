"""Validation of a requested position, with the messages views show to users.

Validation happens in two steps because the second needs the size of the destination list,
which is only known (and only stable) once the list is locked.
"""

from __future__ import annotations

from typing import Any

from .exceptions import OrderingMixinError, OrderingMixinGroupError

__all__ = [
    "NOT_POSITIVE_MESSAGE",
    "TOO_LARGE_MESSAGE",
    "validate_position_range",
    "validate_position_type",
]

NOT_POSITIVE_MESSAGE = "Position must be a positive number."
TOO_LARGE_MESSAGE = "Position must be less than the number of destination objects."


def is_position(value: Any) -> bool:
    """True for a non-negative ``int`` (``bool`` is excluded although it subclasses ``int``)."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def validate_position_type(position: Any) -> int:
    """Return ``position`` if it is a non-negative integer, else raise the group error.

    Strings such as ``"3"`` are refused rather than converted: a caller that parses user input
    decides itself how to parse it.
    """
    if not is_position(position):
        raise OrderingMixinGroupError([OrderingMixinError(NOT_POSITIVE_MESSAGE)])
    return int(position)


def validate_position_range(position: int, destination_count: int) -> None:
    """Refuse a position past the end of the destination list.

    ``position == destination_count`` is allowed and means "append at the end".
    """
    if position > destination_count:
        raise OrderingMixinGroupError([OrderingMixinError(TOO_LARGE_MESSAGE)])
