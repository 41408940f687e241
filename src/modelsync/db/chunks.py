"""The one chunking helper: long lists of keys or objects cut to what one statement carries."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar

from django.db.backends.base.base import BaseDatabaseWrapper

__all__ = ["chunked", "max_rows"]

T = TypeVar("T")


def chunked(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    """``items`` in consecutive slices of at most ``size`` (``size`` at least 1)."""
    for start in range(0, len(items), max(size, 1)):
        yield items[start : start + size]


def max_rows(connection: BaseDatabaseWrapper, per_row: int = 1, shared: bool = False) -> int:
    """How many rows of ``per_row`` bound parameters fit in one statement.

    ``shared=True`` keeps half of the backend's parameter limit free for the rest of the
    statement (a filter, SET values next to a ``pk IN (...)``). A backend without a limit
    gets 100,000 rows per statement.
    """
    limit = connection.features.max_query_params
    if not limit:
        return 100_000
    if shared:
        limit //= 2
    return max(1, limit // max(per_row, 1))
