"""Retention: published events and remembered ids older than ``MODELSYNC_EVENTS_RETENTION``
are deleted (``manage.py modelsync_events prune``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db import DEFAULT_DB_ALIAS, transaction
from django.utils import timezone

from . import config

__all__ = ["Pruned", "prune"]


@dataclass(frozen=True, slots=True)
class Pruned:
    """What :func:`prune` deleted."""

    events: int
    seen: int


def prune(older_than: timedelta | None = None, *, using: str = DEFAULT_DB_ALIAS) -> Pruned:
    """Delete events published more than ``older_than`` (default ``MODELSYNC_EVENTS_RETENTION``)
    ago, and consumers' ids remembered before then. Unpublished events are always kept."""
    from .models import OutboxEvent, SeenEvent

    cutoff = timezone.now() - (config.retention() if older_than is None else older_than)
    with transaction.atomic(using=using):
        # Neither table has relations or delete signals: each is one DELETE statement.
        events = OutboxEvent.objects.using(using).filter(published_at__lt=cutoff).delete()[0]
        seen = SeenEvent.objects.using(using).filter(seen_at__lt=cutoff).delete()[0]
    return Pruned(events=events, seen=seen)
