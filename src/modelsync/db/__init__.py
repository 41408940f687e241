"""The database layer: every piece of vendor-specific SQL of the library, one dialect per vendor.

:func:`dialect` picks the :class:`Dialect` of a connection once per vendor (PostgreSQL,
SQLite, or the generic fallback for any other backend); the parts ask it for the few
operations they need -- a locked read, an ``UPDATE … RETURNING``, bulk values, a key set in one
parameter, a NULL-safe comparison, an advisory lock -- and never test ``connection.vendor``
themselves.

Example::

    from modelsync.db import dialect

    sql, params = dialect(connection).key_set('"t"."id"', Order, keys)
"""

from __future__ import annotations

from .base import Dialect, JsonItem, Row, UnsupportedStatement, plain_queryset
from .chunks import chunked, max_rows
from .vendors import dialect

__all__ = [
    "Dialect",
    "JsonItem",
    "Row",
    "UnsupportedStatement",
    "chunked",
    "dialect",
    "max_rows",
    "plain_queryset",
]
