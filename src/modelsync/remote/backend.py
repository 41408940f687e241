"""The backend interface: what :mod:`modelsync.remote` needs from a remote service.

:class:`modelsync.remote.odata.ODataBackend` implements it for OData v4; another protocol only
needs these methods. The backend in use is :func:`modelsync.remote.connection.get_backend`.
"""

from __future__ import annotations

import abc
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

#: The key under which rows carry their entity tag (OData ``@odata.etag``).
ETAG = "@odata.etag"


@dataclass(frozen=True)
class RemoteQuery:
    """One read of an entity set: OData ``$filter``, ``$orderby``, ``$top`` and ``$select``.

    ``page_size`` asks the server for pages of that many rows (``Prefer: odata.maxpagesize``).
    """

    entity_set: str
    filter: str | None = None
    orderby: str | None = None
    top: int | None = None
    select: str | None = None
    page_size: int | None = None


@dataclass(frozen=True)
class Operation:
    """One write of a batch: ``POST`` (create), ``PATCH`` (update) or ``DELETE``.

    ``etag`` is sent as ``If-Match``: the write only applies to the row version it names.
    """

    method: str
    entity_set: str
    key: str | None = None
    payload: dict[str, Any] = field(default_factory=dict)
    etag: str | None = None


class RemoteBackend(abc.ABC):
    """A remote service holding entity sets. Keys are given as ready-made key literals.

    Rows are JSON objects; a row may carry its version under :data:`ETAG`.
    """

    #: Requests sent so far (the benchmark and the tests read it).
    request_count: int = 0

    @abc.abstractmethod
    def fetch(self, query: RemoteQuery) -> Iterator[list[dict[str, Any]]]:
        """Yield the rows matching ``query`` page by page, following server paging."""

    @abc.abstractmethod
    def fetch_page(self, query: RemoteQuery) -> tuple[list[dict[str, Any]], bool]:
        """The first page of ``query`` (one request) and whether the server has more."""

    @abc.abstractmethod
    def count(self, entity_set: str, filter: str | None) -> int:
        """How many rows of ``entity_set`` match ``filter``."""

    @abc.abstractmethod
    def get(self, entity_set: str, key: str, select: str | None = None) -> dict[str, Any] | None:
        """One row by key, or ``None`` when the remote has no such row."""

    @abc.abstractmethod
    def create(
        self, entity_set: str, payload: dict[str, Any], idempotent: bool = False
    ) -> dict[str, Any]:
        """Create a row; returns the row as stored. ``idempotent``: the payload holds a
        client-generated key, so sending it again after throttling cannot duplicate it."""

    @abc.abstractmethod
    def update(
        self, entity_set: str, key: str, payload: dict[str, Any], etag: str | None = None
    ) -> dict[str, Any]:
        """Change some properties of a row (only of version ``etag`` when given)."""

    @abc.abstractmethod
    def delete(self, entity_set: str, key: str, etag: str | None = None) -> bool:
        """Delete a row; ``False`` when it was already gone (deleting is idempotent)."""

    @abc.abstractmethod
    def batch(self, operations: list[Operation]) -> list[dict[str, Any] | None]:
        """Run writes as one all-or-nothing change set; one result per operation, in order."""
