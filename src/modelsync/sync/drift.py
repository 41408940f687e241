"""Drift: targets whose synced values differ from their source (e.g. after raw SQL or a
write made before the sync was declared). Found and repaired set-based, chunk by chunk.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from django.db import connections, transaction

from . import config, engine, sql
from .declaration import SyncTo
from .exceptions import SyncDeclarationError
from .resolved import ResolvedSync, registry

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser


def all_syncs() -> list[ResolvedSync]:
    """Every resolved declaration, in a stable order (by key)."""
    return [d.resolve() for d in sorted(registry, key=lambda d: d.key) if d.source is not None]


def get_sync(key: str) -> ResolvedSync:
    """The declaration ``"app_label.Model.relation"`` (e.g. ``"marketplace.Order.pipeline"``)."""
    for declaration in registry:
        if declaration.source is not None and declaration.key.lower() == key.lower():
            return declaration.resolve()
    known = ", ".join(sorted(d.key for d in registry if d.source is not None))
    raise SyncDeclarationError(f"no sync declaration {key!r}; known: {known or '(none)'}")


def _as_resolved(sync: ResolvedSync | SyncTo | str) -> ResolvedSync:
    if isinstance(sync, str):
        return get_sync(sync)
    if isinstance(sync, SyncTo):
        return sync.resolve()
    return sync


def iter_drift_chunks(
    sync: ResolvedSync | SyncTo | str,
    chunk_size: int | None = None,
    after: Any = None,
    using: str = "default",
) -> Iterator[list[Any]]:
    """Yield lists of drifted source keys in ascending order, ``chunk_size`` at a time."""
    resolved = _as_resolved(sync)
    size = chunk_size or config.chunk_size()
    connection = connections[using]
    while True:
        statement, params = sql.drifted_sources(resolved, connection, after=after, limit=size)
        with connection.cursor() as cursor:
            cursor.execute(statement, params)
            keys = [row[0] for row in cursor.fetchall()]
        if not keys:
            return
        yield keys
        if len(keys) < size:
            return
        after = keys[-1]


def find_drift(
    sync: ResolvedSync | SyncTo | str, limit: int | None = None, using: str = "default"
) -> list[Any]:
    """Source keys (ascending) whose target differs; at most ``limit`` of them."""
    resolved = _as_resolved(sync)
    statement, params = sql.drifted_sources(resolved, connections[using], limit=limit)
    with connections[using].cursor() as cursor:
        cursor.execute(statement, params)
        return [row[0] for row in cursor.fetchall()]


def count_drift(sync: ResolvedSync | SyncTo | str, using: str = "default") -> int:
    """How many source rows have a differing target."""
    resolved = _as_resolved(sync)
    statement, params = sql.drifted_sources(resolved, connections[using])
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM ({statement}) AS drift", params)
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def repair_drift(
    sync: ResolvedSync | SyncTo | str,
    chunk_size: int | None = None,
    user: AbstractBaseUser | None = None,
    on_chunk: Callable[[int, Any], None] | None = None,
    using: str = "default",
) -> int:
    """Make every drifted target equal again, one transaction and two statements per chunk.

    ``on_chunk(rows_in_chunk, last_key)`` is called after each committed chunk (progress
    bars, resumable tasks). Idempotent: a second run finds nothing. Returns targets written.
    """
    resolved = _as_resolved(sync)
    written = 0
    for keys in iter_drift_chunks(resolved, chunk_size, using=using):
        with transaction.atomic(using=using):
            written += engine.push_one(resolved, keys, user, using)
        if on_chunk is not None:
            on_chunk(len(keys), keys[-1])
    return written
