"""Change tracking: signals with the old values and "who did it" for every write, bulk included,
and the hook registry through which the other parts get what they need from each write.

Example::

    from modelsync.tracking import post_update_signal
    from modelsync.tracking.models import TrackedModel

    class Book(TrackedModel):
        title = models.CharField(max_length=200)

    @receiver(post_update_signal, sender=Book)
    def renamed(sender, objects, tracking_info_=None, **kwargs):
        for modified in objects:
            if "title" in modified.changed_values: ...

``TrackedModel`` lives in :mod:`modelsync.tracking.models`: defining a model base needs the
app registry, and this package is imported while Django still loads the apps. See
``docs/tracking.md``.
"""

from __future__ import annotations

from . import checks as _checks  # noqa: F401  (registers the system checks)
from .context import current_tracking_info, current_user, tracking
from .hooks import (
    ORDER_AUDIT,
    ORDER_DEFAULT,
    ORDER_DERIVED,
    ORDER_EVENTS,
    ORDER_SYNC,
    Action,
    Hook,
    HookRegistrationError,
    Need,
    When,
    Write,
    register,
    registered,
    unregister,
)
from .objects import ModifiedObject, TrackingInfo, User
from .queryset import TrackedManager, TrackedQuerySet, is_tracked
from .signals import changes_recorded, post_create_signal, post_delete_signal, post_update_signal

#: :class:`TrackedQuerySet` under the name django-bulk-tracker gives it, for code moving over.
BulkTrackerQuerySet = TrackedQuerySet
#: :class:`TrackedManager` under the name django-bulk-tracker gives it, for code moving over.
BulkTrackerManager = TrackedManager

__all__ = [
    "ORDER_AUDIT",
    "ORDER_DEFAULT",
    "ORDER_DERIVED",
    "ORDER_EVENTS",
    "ORDER_SYNC",
    "Action",
    "BulkTrackerManager",
    "BulkTrackerQuerySet",
    "Hook",
    "HookRegistrationError",
    "ModifiedObject",
    "Need",
    "TrackedManager",
    "TrackedQuerySet",
    "TrackingInfo",
    "User",
    "When",
    "Write",
    "changes_recorded",
    "current_tracking_info",
    "current_user",
    "is_tracked",
    "post_create_signal",
    "post_delete_signal",
    "post_update_signal",
    "register",
    "registered",
    "tracking",
    "unregister",
]
