"""The backend interface: what :mod:`modelsync.remote` needs from a remote service.

:class:`modelsync.remote.odata.ODataBackend` implements it for OData v4; another protocol only
needs these methods. The backend in use is :func:`get_backend` (built from the settings).
"""

from __future__ import annotations

import abc
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from . import config


@dataclass(frozen=True)
class RemoteQuery:
    """One read of an entity set: OData ``$filter``, ``$orderby``, ``$top`` and ``$select``."""

    entity_set: str
    filter: str | None = None
    orderby: str | None = None
    top: int | None = None
    select: str | None = None


@dataclass(frozen=True)
class Operation:
    """One write of a batch: ``POST`` (create), ``PATCH`` (update) or ``DELETE``."""

    method: str
    entity_set: str
    key: str | None = None
    payload: dict[str, Any] = field(default_factory=dict)


class RemoteBackend(abc.ABC):
    """A remote service holding entity sets. Keys are given as ready-made key literals."""

    #: Requests sent so far (the benchmark and the tests read it).
    request_count: int = 0

    @abc.abstractmethod
    def fetch(self, query: RemoteQuery) -> Iterator[list[dict[str, Any]]]:
        """Yield the rows matching ``query`` page by page, following server paging."""

    @abc.abstractmethod
    def count(self, entity_set: str, filter: str | None) -> int:
        """How many rows of ``entity_set`` match ``filter``."""

    @abc.abstractmethod
    def get(self, entity_set: str, key: str, select: str | None = None) -> dict[str, Any] | None:
        """One row by key, or ``None`` when the remote has no such row."""

    @abc.abstractmethod
    def create(self, entity_set: str, payload: dict[str, Any]) -> dict[str, Any]:
        """Create a row; returns the row as stored by the remote."""

    @abc.abstractmethod
    def update(self, entity_set: str, key: str, payload: dict[str, Any]) -> dict[str, Any]:
        """Change some properties of a row; returns the row as stored by the remote."""

    @abc.abstractmethod
    def delete(self, entity_set: str, key: str) -> bool:
        """Delete a row; ``False`` when it was already gone (deleting is idempotent)."""

    @abc.abstractmethod
    def batch(self, operations: list[Operation]) -> list[dict[str, Any] | None]:
        """Run writes as one all-or-nothing unit; one result per operation, in order."""


_lock = threading.Lock()
_backends: dict[tuple[Any, ...], RemoteBackend] = {}


def get_backend() -> RemoteBackend:
    """The backend for the current settings (one per distinct configuration, reused)."""
    from .odata import ODataBackend

    key = (
        config.url(),
        config.token(),
        config.username(),
        config.password(),
        config.timeout(),
        config.read_retries(),
    )
    with _lock:
        backend = _backends.get(key)
        if backend is None:
            backend = _backends[key] = ODataBackend(
                url=key[0],
                token=key[1],
                username=key[2],
                password=key[3],
                timeout=key[4],
                read_retries=key[5],
            )
        return backend
