"""Settings of the sync part, one function per setting (read at call time, so tests can
override them with ``override_settings``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings


def field_mappings() -> dict[str, Any]:
    """``MODELSYNC_SYNC_FIELD_MAPPINGS``: mappings that replace the declared ones.

    Keys are ``"<app_label>.<Model>.<relation>"`` (the source model and the relation named in
    its :class:`~modelsync.sync.SyncTo`); values are a list of field names or a
    ``{source_field: target_field}`` dict. Default ``{}`` (the declarations are used as written).

    Example::

        MODELSYNC_SYNC_FIELD_MAPPINGS = {
            "marketplace.Order.pipeline": {"contact": "contact", "total_amount": "total_amount"},
        }
    """
    value = getattr(settings, "MODELSYNC_SYNC_FIELD_MAPPINGS", {})
    return dict(value or {})


def chunk_size() -> int:
    """``MODELSYNC_SYNC_CHUNK_SIZE``: rows per statement in chunked work (the Celery task
    and ``modelsync_sync --repair``). Default ``10000``."""
    return int(getattr(settings, "MODELSYNC_SYNC_CHUNK_SIZE", 10_000))


def stamp_user_field() -> str:
    """``MODELSYNC_SYNC_UPDATED_BY_FIELD``: the field that records who wrote a row, set on the
    source and on every target that changed when a user is known. Default ``"updated_by"``;
    models without such a field are simply not stamped."""
    return str(getattr(settings, "MODELSYNC_SYNC_UPDATED_BY_FIELD", "updated_by"))


def stamp_time_field() -> str:
    """``MODELSYNC_SYNC_UPDATED_AT_FIELD``: the field set to the time of every sync write on a
    target (and of explicit updates of a source). Default ``"updated_at"``."""
    return str(getattr(settings, "MODELSYNC_SYNC_UPDATED_AT_FIELD", "updated_at"))
