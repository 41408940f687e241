"""Start and stop the SAP CAP OData server of ``odata_server/`` (fresh in-memory database)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path

import requests

SERVER_DIR = Path(__file__).parent / "odata_server"
SERVICE_PATH = "/odata/v4/crm/"


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def missing_reason() -> str | None:
    """Why the server cannot start here (no node, npm install not run), or ``None``."""
    if shutil.which("node") is None:
        return "node is not installed (apt-get install nodejs npm)"
    if not (SERVER_DIR / "node_modules" / "@sap" / "cds").is_dir():
        return f"run `npm install --prefix {SERVER_DIR}` (make install does)"
    return None


class CapServer:
    """One CAP process on 127.0.0.1; ``stop()``/``start()`` keep the port (new empty database)."""

    def __init__(self) -> None:
        self.port = free_port()
        self.process: subprocess.Popen[str] | None = None
        self.output: list[str] = []

    @property
    def url(self) -> str:
        """The OData service root."""
        return f"http://127.0.0.1:{self.port}{SERVICE_PATH}"

    def start(self, timeout: float = 90.0) -> None:
        """Start the server and wait until it answers."""
        env = {**os.environ, "PORT": str(self.port), "NODE_ENV": "development"}
        self.process = subprocess.Popen(
            ["node", "server.js"],
            cwd=SERVER_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        ready = threading.Event()
        process = self.process

        def read() -> None:
            assert process.stdout is not None
            for line in process.stdout:
                self.output.append(line)
                del self.output[:-200]
                if "listening on" in line:
                    ready.set()

        threading.Thread(target=read, daemon=True).start()
        deadline = time.monotonic() + timeout
        while not ready.is_set():
            if process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("CAP server did not start:\n" + "".join(self.output[-40:]))
            time.sleep(0.1)
        # "listening" comes before the in-memory deployment has finished: wait for the tables.
        while time.monotonic() < deadline:
            try:
                if requests.get(self.url + "Accounts/$count", timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.1)
        raise RuntimeError("CAP server never served Accounts:\n" + "".join(self.output[-40:]))

    def stop(self) -> None:
        """Stop the server (its in-memory data is gone)."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    @property
    def running(self) -> bool:
        """Whether the process is alive."""
        return self.process is not None and self.process.poll() is None

    def call(self, action: str, **data: object) -> None:
        """Call one of the test actions of the service (``reset``, ``setFault``)."""
        response = requests.post(self.url + action, json=data, timeout=10)
        response.raise_for_status()
