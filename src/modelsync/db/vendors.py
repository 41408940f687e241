"""Which dialect serves a connection: chosen once per vendor."""

from __future__ import annotations

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

from .base import Dialect
from .postgresql import PostgreSQLDialect
from .sqlite import SQLiteDialect

__all__ = ["dialect"]

_DIALECTS: dict[str, type[Dialect]] = {
    PostgreSQLDialect.vendor: PostgreSQLDialect,
    SQLiteDialect.vendor: SQLiteDialect,
}
_chosen: dict[str, Dialect] = {}


def dialect(connection: BaseDatabaseWrapper | str) -> Dialect:
    """The :class:`Dialect` of ``connection`` (a connection or a database alias).

    Any backend other than PostgreSQL and SQLite gets the generic :class:`Dialect`.
    """
    if isinstance(connection, str):
        connection = connections[connection]
    vendor = connection.vendor
    found = _chosen.get(vendor)
    if found is None:
        found = _chosen[vendor] = _DIALECTS.get(vendor, Dialect)()
    return found
