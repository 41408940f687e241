"""Change tracking: signals with the old values and "who did it" for every write, bulk included.

Example::

    from modelsync.tracking import TrackedModel, post_update_signal

    class Book(TrackedModel):
        title = models.CharField(max_length=200)

    @receiver(post_update_signal, sender=Book)
    def renamed(sender, objects, tracking_info_=None, **kwargs):
        for modified in objects:
            if "title" in modified.changed_values: ...

See ``docs/tracking.md``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import checks as _checks  # noqa: F401  (registers the system checks)
from .context import current_tracking_info, tracking
from .objects import ModifiedObject, TrackingInfo
from .queryset import TrackedManager, TrackedQuerySet
from .signals import changes_recorded, post_create_signal, post_delete_signal, post_update_signal

if TYPE_CHECKING:
    from .models import TrackedModel

    BulkTrackerModel = TrackedModel


def __getattr__(name: str) -> Any:
    # Defining a model needs the app registry; importing modelsync.tracking must not, because
    # library apps import it while Django is still loading apps.
    if name in ("TrackedModel", "BulkTrackerModel"):
        from .models import TrackedModel

        return TrackedModel
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: The spec's names, kept as aliases.
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
    "changes_recorded",
    "current_tracking_info",
    "post_create_signal",
    "post_delete_signal",
    "post_update_signal",
    "tracking",
]
