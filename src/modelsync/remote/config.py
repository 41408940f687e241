"""Settings of :mod:`modelsync.remote`, one function per setting (each documents its default)."""

from __future__ import annotations

from typing import Any

from django.conf import settings


def _get(name: str, default: Any) -> Any:
    return getattr(settings, f"MODELSYNC_REMOTE_{name}", default)


def url() -> str:
    """``MODELSYNC_REMOTE_URL``: root of the OData v4 service, e.g. ``https://crm/odata/v4/crm/``.

    Default ``""``: no remote, every remote model behaves as a plain local model.
    """
    value = _get("URL", "") or ""
    return str(value).rstrip("/") + "/" if value else ""


def enabled() -> bool:
    """Whether the mirrors are active: ``MODELSYNC_REMOTE_ENABLED`` (default true) and a URL."""
    return bool(_get("ENABLED", True)) and bool(url())


def token() -> str:
    """``MODELSYNC_REMOTE_TOKEN``: a bearer token sent with every request. Default ``""``."""
    return str(_get("TOKEN", "") or "")


def username() -> str:
    """``MODELSYNC_REMOTE_USERNAME``: user for HTTP basic authentication. Default ``""``."""
    return str(_get("USERNAME", "") or "")


def password() -> str:
    """``MODELSYNC_REMOTE_PASSWORD``: password for HTTP basic authentication. Default ``""``."""
    return str(_get("PASSWORD", "") or "")


def timeout() -> float:
    """``MODELSYNC_REMOTE_TIMEOUT``: seconds to connect and to read each answer. Default ``10``."""
    return float(_get("TIMEOUT", 10))


def read_retries() -> int:
    """``MODELSYNC_REMOTE_READ_RETRIES``: retries of a GET whose connection failed. Default ``3``.

    Writes are never repeated after a lost connection: the caller retries them, and a create
    with a client-generated key is then recognised instead of duplicated.
    """
    return int(_get("READ_RETRIES", 3))


def throttle_retries() -> int:
    """``MODELSYNC_REMOTE_THROTTLE_RETRIES``: how often an idempotent request is sent again
    after a 429 or 503 answer (after pausing for its ``Retry-After``). Default ``3``."""
    return int(_get("THROTTLE_RETRIES", 3))


def max_pause() -> float:
    """``MODELSYNC_REMOTE_MAX_PAUSE``: the longest ``Retry-After`` pause honoured, in seconds;
    longer ones fail at once. Default ``60``."""
    return float(_get("MAX_PAUSE", 60))


def on_conflict() -> str:
    """``MODELSYNC_REMOTE_ON_CONFLICT``: what a 412 (the remote row changed since it was read)
    does: ``"raise"`` (default) raises :class:`~modelsync.remote.RemoteConflict` and rolls the
    local change back; ``"remote_wins"`` drops the local change and refreshes the local row."""
    return str(_get("ON_CONFLICT", "raise"))


def all_limit() -> int:
    """``MODELSYNC_REMOTE_ALL_LIMIT``: rows an unfiltered ``all()`` syncs. Default ``50``."""
    return int(_get("ALL_LIMIT", 50))


def batch_size() -> int:
    """``MODELSYNC_REMOTE_BATCH_SIZE``: writes per ``$batch`` change set. Default ``200``.

    Use the server's limit: 1000 on Dynamics 365, 200 is safe on most others.
    """
    return int(_get("BATCH_SIZE", 200))


def page_size() -> int:
    """``MODELSYNC_REMOTE_PAGE_SIZE``: rows per page asked with ``Prefer: odata.maxpagesize``
    by ``modelsync_remote pull`` (the server may send fewer). Default ``1000``."""
    return int(_get("PAGE_SIZE", 1000))


def pull_deletes() -> str:
    """``MODELSYNC_REMOTE_PULL_DELETES``: what ``modelsync_remote pull`` does with local rows
    the remote no longer has: ``"delete"`` (default) or ``"flag"`` (sets ``remote_deleted``)."""
    return str(_get("PULL_DELETES", "delete"))


def outbox() -> bool:
    """``MODELSYNC_REMOTE_OUTBOX``: queue writes in the outbox for Celery. Default ``False``."""
    return bool(_get("OUTBOX", False))


def outbox_max_retries() -> int:
    """``MODELSYNC_REMOTE_OUTBOX_MAX_RETRIES``: Celery retries of one delivery. Default ``10``."""
    return int(_get("OUTBOX_MAX_RETRIES", 10))


def outbox_retry_delay() -> float:
    """``MODELSYNC_REMOTE_OUTBOX_RETRY_DELAY``: seconds before the first retry. Default ``30``."""
    return float(_get("OUTBOX_RETRY_DELAY", 30))
