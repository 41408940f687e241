"""A small threaded HTTP proxy in front of the CAP server, injecting real network faults.

Faults are rules matched against the method and path of incoming requests, each used a given
number of times:

- ``lose_answer``: the request reaches the server, then the connection is closed before the
  answer is sent back (a 504 or a dropped connection after the server acted);
- ``drop``: the connection is closed before anything is forwarded;
- ``status``: answered here with that status (and headers, e.g. ``Retry-After``), not forwarded;
- ``before``: ``action()`` runs first (say, another client changing the row), then the request
  is forwarded.

Every request is recorded (method, path, headers, arrival time) for the assertions.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


@dataclass
class Fault:
    """One rule: ``kind`` for the next ``times`` requests matching ``method`` and ``path``."""

    kind: str
    method: str
    path: str
    times: int = 1
    status: int = 0
    headers: dict[str, str] = field(default_factory=dict)
    action: Callable[[], object] | None = None


@dataclass(frozen=True)
class Seen:
    """A request as the proxy received it."""

    method: str
    path: str
    headers: dict[str, str]
    at: float
    fault: str | None
    body: bytes = b""


class FaultProxy:
    """Forwards ``http://127.0.0.1:<port>/…`` to ``upstream`` (the CAP server's root URL)."""

    def __init__(self, upstream: str) -> None:
        parts = urlsplit(upstream)
        self.upstream_host = parts.hostname or "127.0.0.1"
        self.upstream_port = parts.port or 80
        self.service_path = parts.path
        self.faults: list[Fault] = []
        self.seen: list[Seen] = []
        self.lock = threading.Lock()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                """Quiet: the tests read :attr:`FaultProxy.seen` instead."""

            def handle_any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                fault = proxy.take_fault(self.command, self.path)
                with proxy.lock:
                    proxy.seen.append(
                        Seen(
                            self.command,
                            self.path,
                            dict(self.headers.items()),
                            time.monotonic(),
                            fault.kind if fault else None,
                            body,
                        )
                    )
                if fault is not None and fault.kind == "drop":
                    self.hang_up()
                    return
                if fault is not None and fault.kind == "status":
                    payload = b'{"error":{"message":"injected by the proxy"}}'
                    self.send_response(fault.status)
                    for name, value in fault.headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                    return
                if fault is not None and fault.kind == "before" and fault.action is not None:
                    fault.action()
                status, headers, answer = proxy.forward(self.command, self.path, self.headers, body)
                if fault is not None and fault.kind == "lose_answer":
                    self.hang_up()
                    return
                self.send_response(status)
                for name, value in headers:
                    if name.lower() not in ("transfer-encoding", "connection", "content-length"):
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def hang_up(self) -> None:
                self.close_connection = True
                with contextlib.suppress(OSError):  # the client may have gone already
                    self.connection.shutdown(socket.SHUT_RDWR)

            do_GET = do_POST = do_PATCH = do_DELETE = do_PUT = handle_any

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        """The service root through the proxy."""
        return f"http://127.0.0.1:{self.server.server_address[1]}{self.service_path}"

    def start(self) -> None:
        """Serve in a background thread."""
        self.thread.start()

    def stop(self) -> None:
        """Stop serving."""
        self.server.shutdown()
        self.server.server_close()

    def add(self, fault: Fault) -> None:
        """Arm a fault rule."""
        with self.lock:
            self.faults.append(fault)

    def take_fault(self, method: str, path: str) -> Fault | None:
        """The first armed rule matching this request (used up after ``times`` matches)."""
        with self.lock:
            for fault in self.faults:
                if fault.method == method and fault.path in path and fault.times > 0:
                    fault.times -= 1
                    return fault
        return None

    def forward(
        self, method: str, path: str, headers: object, body: bytes
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        """Send the request to the server; its status, headers and body."""
        connection = http.client.HTTPConnection(self.upstream_host, self.upstream_port, timeout=30)
        try:
            forwarded = {
                name: value
                for name, value in headers.items()  # type: ignore[attr-defined]
                if name.lower() not in ("host", "connection", "content-length")
            }
            connection.request(method, path, body=body or None, headers=forwarded)
            response = connection.getresponse()
            return response.status, response.getheaders(), response.read()
        finally:
            connection.close()

    def requests(self, method: str | None = None, path: str = "") -> list[Seen]:
        """The recorded requests, optionally only those matching ``method`` and ``path``."""
        with self.lock:
            return [
                seen
                for seen in self.seen
                if (method is None or seen.method == method) and path in seen.path
            ]
