"""Related-field sync: fields of one model kept equal on a related model, single or bulk.

Declare it on the source model in one line, and use :class:`SyncManager`::

    from modelsync.sync import SyncManager, SyncTo

    class Order(TrackedModel):
        ...
        objects = SyncManager()
        sync_pipeline = SyncTo("pipeline", fields=["contact", "order_date", "total_amount"])

Then ``save()``, ``update()``, ``bulk_update()`` and the explicit
``update_synced()`` / ``bulk_update_synced()`` keep every pipeline equal, set-based and in
the same transaction. See ``docs/sync.md``.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .declaration import ResolvedSync as ResolvedSync
    from .declaration import SyncTo as SyncTo
    from .drift import count_drift as count_drift
    from .drift import find_drift as find_drift
    from .drift import repair_drift as repair_drift
    from .exceptions import SyncDeclarationError as SyncDeclarationError
    from .exceptions import SyncError as SyncError
    from .exceptions import UnknownFieldError as UnknownFieldError
    from .expressions import InKeys as InKeys
    from .queryset import SyncManager as SyncManager
    from .queryset import SyncQuerySet as SyncQuerySet

# The names are imported on first use: this package is also the Django app, imported while
# the app registry is still loading, before the tracking part's models can be defined.
_EXPORTS = {
    "InKeys": "expressions",
    "ResolvedSync": "declaration",
    "SyncDeclarationError": "exceptions",
    "SyncError": "exceptions",
    "SyncManager": "queryset",
    "SyncQuerySet": "queryset",
    "SyncTo": "declaration",
    "UnknownFieldError": "exceptions",
    "count_drift": "drift",
    "find_drift": "drift",
    "repair_drift": "drift",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    """Import a public name from the module that defines it (PEP 562)."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'modelsync.sync' has no attribute {name!r}")
    return getattr(import_module(f".{module}", __name__), name)
