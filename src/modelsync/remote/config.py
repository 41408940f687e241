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
    """``MODELSYNC_REMOTE_READ_RETRIES``: retries of a failed GET (never writes). Default ``3``."""
    return int(_get("READ_RETRIES", 3))


def all_limit() -> int:
    """``MODELSYNC_REMOTE_ALL_LIMIT``: rows an unfiltered ``all()`` syncs. Default ``50``."""
    return int(_get("ALL_LIMIT", 50))


def batch_size() -> int:
    """``MODELSYNC_REMOTE_BATCH_SIZE``: writes per ``$batch`` request (≤ 200). Default ``200``."""
    return int(_get("BATCH_SIZE", 200))


def outbox() -> bool:
    """``MODELSYNC_REMOTE_OUTBOX``: queue writes in the outbox for Celery. Default ``False``."""
    return bool(_get("OUTBOX", False))


def outbox_max_retries() -> int:
    """``MODELSYNC_REMOTE_OUTBOX_MAX_RETRIES``: Celery retries of one delivery. Default ``10``."""
    return int(_get("OUTBOX_MAX_RETRIES", 10))


def outbox_retry_delay() -> float:
    """``MODELSYNC_REMOTE_OUTBOX_RETRY_DELAY``: seconds before the first retry. Default ``30``."""
    return float(_get("OUTBOX_RETRY_DELAY", 30))
