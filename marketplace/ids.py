"""One parser for every id a client sends: path segments, query parameters, form and JSON fields.

An id is a positive integer written in ASCII digits (an Arabic-Indic, full-width or
mathematical digit one is not ``1``) that fits the database's 64-bit integer column; anything
else is refused with :class:`InvalidId`, which views answer with a 400 (or a 404 for a path
segment).
"""

from __future__ import annotations

import re

from modelsync.errors import ModelsyncError

__all__ = ["MAX_ID", "InvalidId", "parse_id", "parse_ids"]

#: The largest value of a ``BigAutoField`` on every supported database (signed 64-bit).
MAX_ID = 2**63 - 1

_DIGITS = re.compile(r"[0-9]{1,19}", re.ASCII)


class InvalidId(ModelsyncError, ValueError):
    """A value that is not a valid id; the message names the parameter and the value."""

    def __init__(self, name: str, value: object) -> None:
        self.name = name
        self.value = value
        shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:37] + "..."
        super().__init__(f"{name} must be a positive integer id, not {shown}.")


def parse_id(value: object, name: str = "id") -> int:
    """``value`` as an id, or :class:`InvalidId`.

    Accepts an ``int`` (not a ``bool`` nor a ``float``) or a string of ASCII digits, in
    ``1 .. MAX_ID``.
    """
    if isinstance(value, bool):
        raise InvalidId(name, value)
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and _DIGITS.fullmatch(value):
        number = int(value)
    else:
        raise InvalidId(name, value)
    if not 1 <= number <= MAX_ID:
        raise InvalidId(name, value)
    return number


def parse_ids(values: object, name: str = "ids") -> list[int]:
    """A list of ids (JSON array or repeated parameter), each checked by :func:`parse_id`."""
    if not isinstance(values, list | tuple):
        raise InvalidId(name, values)
    return [parse_id(value, f"{name}[{index}]") for index, value in enumerate(values)]
