"""Errors of the remote mirrors; every message names what was wrong."""

from __future__ import annotations


class RemoteError(Exception):
    """Base class of every error raised by :mod:`modelsync.remote`."""


class RemoteUnavailable(RemoteError):
    """The remote service could not be reached (connection refused, timeout)."""


class RemoteRequestError(RemoteError):
    """The remote service answered with an error status.

    ``status`` is the HTTP status, ``method``/``url`` the request and ``detail`` the service's
    own message (OData ``error.message``) when it sent one.
    """

    def __init__(self, method: str, url: str, status: int, detail: str = "") -> None:
        self.method = method
        self.url = url
        self.status = status
        self.detail = detail
        super().__init__(f"{method} {url} failed with HTTP {status}: {detail or 'no detail'}")


class UnsupportedRemoteLookup(RemoteError, ValueError):
    """A filter or ordering cannot be expressed as an OData v4 query."""


class UnsupportedRemoteOperation(RemoteError, NotImplementedError):
    """A queryset method cannot be mirrored to the remote service."""


class RemoteConfigurationError(RemoteError):
    """A model's remote declaration or the settings are inconsistent."""
