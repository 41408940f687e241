"""Serializing the writes to ordered lists.

On PostgreSQL a write takes ``pg_advisory_xact_lock(namespace, key of the table)``: it is held
until the transaction ends, costs one statement, and touches no row (a ``SELECT ... FOR UPDATE``
of a whole list would write to every locked row). The key is per table rather than per list
because a list is any queryset the caller passes, and two different querysets may describe
overlapping lists; a per-table key is the only one that is always correct.

SQLite serializes writers itself; other backends get no extra lock.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connections, models, router, transaction

from . import config

__all__ = ["list_lock_key", "lock_list", "write_transaction"]


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
    if connection.vendor != "postgresql" or not config.lock_enabled():
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s, %s)",
            [int(config.lock_namespace()), list_lock_key(model)],
        )


@contextmanager
def write_transaction(using: str) -> Iterator[None]:
    """Run a list write in a transaction: the caller's, or a new one.

    Inside the caller's ``atomic`` block nothing is added, so no savepoint statements are spent
    and a validation error leaves the caller's transaction usable (the writes themselves are
    ``QuerySet.update`` calls, which mark the transaction for rollback if they fail).
    """
    if connections[using].in_atomic_block:
        yield
    else:
        with transaction.atomic(using=using):
            yield
