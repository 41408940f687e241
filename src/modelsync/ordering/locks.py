"""Serializing the writes to ordered lists.

On PostgreSQL a write takes ``pg_advisory_xact_lock(namespace, key of the table)``: it is held
until the transaction ends, costs one statement, and touches no row (a ``SELECT ... FOR UPDATE``
of a whole list would write to every locked row). The key is per table rather than per list
because a list is any queryset the caller passes, and two different querysets may describe
overlapping lists; a per-table key is the only one that is always correct.

SQLite serializes writers itself; backends whose dialect (:func:`modelsync.db.dialect`) has no
advisory locks get no extra lock.

The ordering tools send the lock and their first read in one round trip
(:func:`lock_and_read`): at small list sizes, round trips are most of the cost of a move.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connections, models, router, transaction

from modelsync.db import dialect

from . import config

__all__ = ["list_lock_key", "lock_and_read", "lock_list", "write_transaction"]


def list_lock_key(model: type[models.Model]) -> int:
    """The second advisory-lock key of ``model``: a stable signed 32-bit hash of its table."""
    concrete = model._meta.concrete_model or model
    unsigned = zlib.crc32(concrete._meta.db_table.encode())
    return unsigned - (1 << 32) if unsigned >= (1 << 31) else unsigned


def lock_list(model: type[models.Model], using: str | None = None) -> None:
    """Take the list lock of ``model`` for the rest of the current transaction.

    The ordering tools take it themselves. Take it first in your own transaction when you read
    an instance and then move it, so that the read is not stale by the time of the move::

        with transaction.atomic():
            lock_list(Card)
            card = Card.objects.get(pk=pk)
            card.ordering_services.processor.move_to_position(...)
    """
    using = using or router.db_for_write(model)
    connection = connections[using]
    if not _takes_lock(connection):
        return
    with connection.cursor() as cursor:
        cursor.execute(
            dialect(connection).advisory_lock_sql(),
            [int(config.lock_namespace()), list_lock_key(model)],
        )


def _takes_lock(connection: Any) -> bool:
    return dialect(connection).advisory_locks and config.lock_enabled()


def _can_batch(connection: Any) -> bool:
    # Several statements in one execute() need client-side parameter binding, Django's default
    # with psycopg 3 (and the only mode of psycopg 2).
    return connection.settings_dict.get("OPTIONS", {}).get("server_side_binding") is not True


def lock_and_read(
    model: type[models.Model], using: str, select: str, params: list[Any]
) -> tuple[Any, ...] | None:
    """Take the list lock of ``model``, then run ``select`` and return its first row.

    On PostgreSQL both statements go in one round trip: ``SELECT pg_advisory_xact_lock(...);
    SELECT ...``. Each statement of a multi-statement query takes its own snapshot (READ
    COMMITTED), so the read sees every write committed before the lock was granted.
    """
    connection = connections[using]
    with connection.cursor() as cursor:
        if not _takes_lock(connection) or not _can_batch(connection):
            lock_list(model, using)
            cursor.execute(select, params)
        else:
            cursor.execute(
                f"{dialect(connection).advisory_lock_sql()}; {select}",
                [int(config.lock_namespace()), list_lock_key(model), *params],
            )
            driver: Any = getattr(connection, "Database", None)
            if getattr(driver, "__name__", "") == "psycopg":
                cursor.nextset()  # psycopg 3 starts at the first result; psycopg 2 the last
        row = cursor.fetchone()
    return tuple(row) if row is not None else None


@contextmanager
def write_transaction(using: str) -> Iterator[None]:
    """Run a list write in a transaction: the caller's, or a new one.

    Inside the caller's ``atomic`` block nothing is added, so no savepoint statements are spent
    and a validation error leaves the caller's transaction usable (a failed write marks the
    transaction for rollback, as ``QuerySet.update`` does).
    """
    if connections[using].in_atomic_block:
        yield
    else:
        with transaction.atomic(using=using):
            yield
