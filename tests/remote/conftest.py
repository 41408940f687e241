"""Fixtures of the remote tests: one SAP CAP server per session, emptied before each test."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from modelsync.remote import get_backend

from .proxy import FaultProxy
from .server import CapServer, missing_reason


@pytest.fixture(scope="session")
def cap_server() -> Iterator[CapServer]:
    """The real OData v4 server; on CI a missing server fails the run instead of skipping."""
    reason = missing_reason()
    if reason is not None:
        if os.environ.get("CI"):
            pytest.fail(f"the CAP OData server cannot start: {reason}")
        pytest.skip(f"the CAP OData server cannot start: {reason}")
    server = CapServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def remote(cap_server: CapServer, settings: pytest.FixtureRequest) -> Iterator[CapServer]:
    """The server, empty and healthy, configured as ``MODELSYNC_REMOTE_URL``."""
    if not cap_server.running:
        cap_server.start()
    settings.MODELSYNC_REMOTE_URL = cap_server.url  # type: ignore[attr-defined]
    settings.MODELSYNC_REMOTE_READ_RETRIES = 0  # type: ignore[attr-defined]
    # Generous: the machine running the suite may be busy; no test waits for a timeout.
    settings.MODELSYNC_REMOTE_TIMEOUT = 30  # type: ignore[attr-defined]
    cap_server.call("reset")
    yield cap_server
    if cap_server.running:
        cap_server.call("setFault", status=0)


@pytest.fixture
def requests_made(remote: CapServer) -> object:
    """``requests_made()`` → requests sent to the remote since the fixture was created."""
    backend = get_backend()
    start = backend.request_count

    def count() -> int:
        return get_backend().request_count - start

    return count


@pytest.fixture
def proxy(remote: CapServer, settings: pytest.FixtureRequest) -> Iterator[FaultProxy]:
    """A fault-injecting proxy in front of the server, configured as the remote URL."""
    fault_proxy = FaultProxy(remote.url)
    fault_proxy.start()
    settings.MODELSYNC_REMOTE_URL = fault_proxy.url  # type: ignore[attr-defined]
    try:
        yield fault_proxy
    finally:
        fault_proxy.stop()
