"""Change tracking: signals with old values and "who did it" for every write.

(Scaffold: the tracking helper replaces this module with the real implementation.)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.dispatch import Signal

post_create_signal = Signal()
post_update_signal = Signal()
post_delete_signal = Signal()


@dataclass
class TrackingInfo:
    """Who did a write, and why."""

    user: Any = None
    comment: str | None = None
    kwargs: dict[str, Any] | None = None
    is_robust: bool = False


@dataclass
class ModifiedObject:
    """One written row: the instance and the OLD values of the fields that changed."""

    instance: Any
    changed_values: dict[str, Any] = field(default_factory=dict)


class TrackedQuerySet(models.QuerySet):
    """Queryset whose bulk writes send tracking signals."""


class TrackedManager(models.Manager.from_queryset(TrackedQuerySet)):  # type: ignore[misc]
    """Manager of :class:`TrackedQuerySet`."""


class TrackedModel(models.Model):
    """Abstract base of models whose every write is tracked."""

    objects = TrackedManager()

    class Meta:
        abstract = True


BulkTrackerModel = TrackedModel
BulkTrackerQuerySet = TrackedQuerySet
BulkTrackerManager = TrackedManager

__all__ = [
    "BulkTrackerManager",
    "BulkTrackerModel",
    "BulkTrackerQuerySet",
    "ModifiedObject",
    "TrackedManager",
    "TrackedModel",
    "TrackedQuerySet",
    "TrackingInfo",
    "post_create_signal",
    "post_delete_signal",
    "post_update_signal",
]
