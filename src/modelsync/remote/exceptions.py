"""Errors of the remote mirrors; every message names the model, row or request at fault.

Each error derives from :class:`modelsync.errors.ModelsyncError` and from the built-in that
matches its meaning, so ``except ValueError`` / ``except ConnectionError`` keep working.
"""

from __future__ import annotations

from modelsync.errors import ModelsyncError


class RemoteError(ModelsyncError):
    """Base class of every error raised by :mod:`modelsync.remote`."""


class RemoteUnavailable(RemoteError, ConnectionError):
    """The remote service could not be reached (connection refused, timeout, dropped)."""


class RemoteRequestError(RemoteError, RuntimeError):
    """The remote service answered with an error status.

    ``status`` is the HTTP status, ``method``/``url`` the request and ``detail`` the service's
    own message (OData ``error.message``) when it sent one; ``key`` the key literal of the row
    the failed operation of a ``$batch`` was about.
    """

    def __init__(
        self, method: str, url: str, status: int, detail: str = "", key: str | None = None
    ) -> None:
        self.method = method
        self.url = url
        self.status = status
        self.detail = detail
        self.key = key
        super().__init__(f"{method} {url} failed with HTTP {status}: {detail or 'no detail'}")


class RemoteConflict(RemoteRequestError):
    """The remote row changed since it was read (HTTP 412 on ``If-Match``).

    ``model`` and ``remote_pk`` name the row; the local change has been rolled back.
    """

    def __init__(self, model_name: str, remote_pk: str, method: str, url: str) -> None:
        self.model_name = model_name
        self.remote_pk = remote_pk
        super().__init__(
            method,
            url,
            412,
            f"{model_name} {remote_pk} was changed on the remote since it was read; "
            f"the local change was rolled back (reload the row and retry)",
        )


class UnsupportedRemoteLookup(RemoteError, ValueError):
    """A filter or ordering cannot be expressed as an OData v4 query."""


class UnsupportedRemoteOperation(RemoteError, NotImplementedError):
    """A queryset method cannot be mirrored to the remote service."""


class RemoteConfigurationError(RemoteError, ValueError):
    """A model's remote declaration or the settings are inconsistent."""
