"""Settings of :mod:`modelsync.ordering`, one function per setting."""

from __future__ import annotations

from typing import Any

from django.conf import settings

__all__ = ["lock_enabled", "lock_namespace"]

DEFAULT_LOCK_NAMESPACE = 0x4D53  # "MS": first key of the two-key advisory lock


def lock_enabled() -> bool:
    """``MODELSYNC_ORDERING_LOCK`` (default ``True``).

    When true, every write to a list takes a PostgreSQL transaction-level advisory lock on the
    model's table first, so concurrent moves are serialized. Turn it off only if you serialize
    writes yourself.
    """
    return bool(getattr(settings, "MODELSYNC_ORDERING_LOCK", True))


def lock_namespace() -> Any:
    """``MODELSYNC_ORDERING_LOCK_NAMESPACE`` (default ``0x4D53``).

    The first key of ``pg_advisory_xact_lock(namespace, table_key)``; change it if another
    part of your application already uses that advisory lock namespace. Must fit a signed
    32-bit integer (checked by ``modelsync.E040``).
    """
    return getattr(settings, "MODELSYNC_ORDERING_LOCK_NAMESPACE", DEFAULT_LOCK_NAMESPACE)
