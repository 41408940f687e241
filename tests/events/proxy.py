"""A local TCP proxy in front of the broker that can stop passing the broker's replies."""

from __future__ import annotations

import socket
import threading
from types import TracebackType


class StallingProxy:
    """Forwards connections to ``upstream``; once a client has sent ``stall_after`` bytes, the
    broker's replies to it (publisher confirms included) are held back, so the client waits
    forever with everything it sent so far delivered."""

    def __init__(self, upstream: tuple[str, int], stall_after: int) -> None:
        self.upstream = upstream
        self.stall_after = stall_after
        self.stalled = threading.Event()
        self._closing = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._sockets: list[socket.socket] = [self._listener]
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def port(self) -> int:
        """The port clients connect to."""
        return int(self._listener.getsockname()[1])

    def _accept(self) -> None:
        while not self._closing.is_set():
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.upstream)
            self._sockets += [client, server]
            threading.Thread(target=self._pump, args=(client, server, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, False), daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket, from_client: bool) -> None:
        sent = 0
        try:
            while data := source.recv(65536):
                if from_client:
                    sent += len(data)
                    if sent >= self.stall_after:
                        self.stalled.set()
                elif self.stalled.is_set():
                    self._closing.wait()
                    return
                target.sendall(data)
        except OSError:
            return

    def close(self) -> None:
        """Drop every connection."""
        self._closing.set()
        for sock in self._sockets:
            sock.close()

    def __enter__(self) -> StallingProxy:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
