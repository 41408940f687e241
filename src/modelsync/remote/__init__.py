"""Remote mirrors: Django models kept in step with an OData v4 service (a CRM, SAP, Dynamics).

Example::

    from modelsync.remote import RemoteModel, RemoteOptions

    class Customer(RemoteModel):
        name = models.CharField(max_length=200)
        email = models.EmailField(blank=True)

        remote = RemoteOptions("Accounts", fields={"name": "name", "email": "email"})

    Customer.objects.filter(name__startswith="O'B")   # one remote query, one local upsert
    Customer.objects.skip_remote().values("name")     # purely local

Settings: ``MODELSYNC_REMOTE_URL`` and friends (see :mod:`modelsync.remote.config`).
See ``docs/remote.md``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .backend import Operation, RemoteBackend, RemoteQuery, get_backend
from .exceptions import (
    RemoteConfigurationError,
    RemoteError,
    RemoteRequestError,
    RemoteUnavailable,
    UnsupportedRemoteLookup,
    UnsupportedRemoteOperation,
)
from .options import RemoteOptions

if TYPE_CHECKING:
    from .mixin import RemoteModel
    from .queryset import RemoteManager, RemoteQuerySet

# Model classes can only be defined once the app registry is ready, and this package is an
# installed app: they are imported on first access.
_LAZY = {
    "RemoteModel": "mixin",
    "RemoteManager": "queryset",
    "RemoteQuerySet": "queryset",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f"{__name__}.{_LAZY[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "Operation",
    "RemoteBackend",
    "RemoteConfigurationError",
    "RemoteError",
    "RemoteManager",
    "RemoteModel",
    "RemoteOptions",
    "RemoteQuery",
    "RemoteQuerySet",
    "RemoteRequestError",
    "RemoteUnavailable",
    "UnsupportedRemoteLookup",
    "UnsupportedRemoteOperation",
    "get_backend",
]
