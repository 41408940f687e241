"""The backend in use: one :class:`~modelsync.remote.odata.ODataBackend` per configuration."""

from __future__ import annotations

import threading

from . import config
from .backend import RemoteBackend
from .odata import ODataBackend

_lock = threading.Lock()
_backends: dict[tuple[object, ...], RemoteBackend] = {}


def get_backend() -> RemoteBackend:
    """The backend for the current settings (one per distinct configuration, reused, so that a
    throttling pause applies to every request sent with that configuration)."""
    key = (
        config.url(),
        config.token(),
        config.username(),
        config.password(),
        config.timeout(),
        config.read_retries(),
        config.throttle_retries(),
        config.max_pause(),
    )
    with _lock:
        backend = _backends.get(key)
        if backend is None:
            backend = _backends[key] = ODataBackend(
                url=config.url(),
                token=config.token(),
                username=config.username(),
                password=config.password(),
                timeout=config.timeout(),
                read_retries=config.read_retries(),
                throttle_retries=config.throttle_retries(),
                max_pause=config.max_pause(),
            )
        return backend
