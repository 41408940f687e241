"""Related-field sync: fields of one model kept equal on a related model, single or bulk.

Declare it on the source model in one line, and use :class:`SyncManager`::

    from modelsync.sync import SyncManager, SyncTo

    class Order(TrackedModel):
        ...
        objects = SyncManager()
        sync_pipeline = SyncTo("pipeline", fields=["contact", "order_date", "total_amount"])

Then ``save()``, ``update()``, ``bulk_update()`` and the explicit
``update_synced()`` / ``bulk_update_synced()`` keep every pipeline equal, set-based and in
the same transaction: the declaration registers sync's hooks on the tracking part's write
pipeline. ``"modelsync.sync"`` in ``INSTALLED_APPS`` adds the ``modelsync_sync`` command.
See ``docs/sync.md``.
"""

from __future__ import annotations

from .declaration import SyncTo
from .drift import count_drift, find_drift, repair_drift
from .exceptions import SyncArgumentError, SyncDeclarationError, SyncError, UnknownFieldError
from .expressions import InKeys
from .queryset import SyncManager, SyncQuerySet
from .resolved import ResolvedSync

__all__ = [
    "InKeys",
    "ResolvedSync",
    "SyncArgumentError",
    "SyncDeclarationError",
    "SyncError",
    "SyncManager",
    "SyncQuerySet",
    "SyncTo",
    "UnknownFieldError",
    "count_drift",
    "find_drift",
    "repair_drift",
]
