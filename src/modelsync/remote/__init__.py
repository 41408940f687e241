"""Remote mirrors: Django models kept in step with an OData v4 service (a CRM, SAP, Dynamics).

Example::

    from modelsync.remote import RemoteOptions
    from modelsync.remote.models import RemoteModel

    class Customer(RemoteModel):
        name = models.CharField(max_length=200)
        email = models.EmailField(blank=True)

        remote = RemoteOptions("Accounts", fields={"name": "name", "email": "email"})

    Customer.objects.filter(name__startswith="O'B")   # one remote query, one local upsert
    Customer.objects.skip_remote().values("name")     # purely local

Push means local → remote (``save()``, ``bulk_create()``, ``qs.update()``, …), pull means
remote → local (every read, and ``manage.py modelsync_remote pull``). Settings:
``MODELSYNC_REMOTE_URL`` and friends (see :mod:`modelsync.remote.config`). The model base
:class:`~modelsync.remote.models.RemoteModel` lives in ``models`` (it needs the app registry).
See ``docs/remote.md``.
"""

from __future__ import annotations

from .backend import Operation, RemoteBackend, RemoteQuery
from .config import enabled
from .connection import get_backend
from .exceptions import (
    RemoteConfigurationError,
    RemoteConflict,
    RemoteError,
    RemoteRequestError,
    RemoteUnavailable,
    UnsupportedRemoteLookup,
    UnsupportedRemoteOperation,
)
from .incremental import PullReport, pull_changes
from .options import RemoteOptions
from .queryset import RemoteManager, RemoteQuerySet

__all__ = [
    "Operation",
    "PullReport",
    "RemoteBackend",
    "RemoteConfigurationError",
    "RemoteConflict",
    "RemoteError",
    "RemoteManager",
    "RemoteOptions",
    "RemoteQuery",
    "RemoteQuerySet",
    "RemoteRequestError",
    "RemoteUnavailable",
    "UnsupportedRemoteLookup",
    "UnsupportedRemoteOperation",
    "enabled",
    "get_backend",
    "pull_changes",
]
