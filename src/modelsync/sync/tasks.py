"""Celery tasks for very large syncs: chunked, resumable, idempotent, reporting progress.

Uses ``celery.shared_task``, so it binds to whatever Celery app the project runs (the library
never imports the project). Each chunk is its own transaction; the task's ``PROGRESS``
state carries ``{"done", "total", "last_key"}``; a retried or re-sent task resumes after
``last_key`` and, values being assigned (not incremented), re-applying a chunk is harmless.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from celery import shared_task
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import QuerySet

from modelsync.db import chunked

from . import config, engine
from .drift import get_sync, iter_drift_chunks
from .expressions import InKeys
from .fields import validate_fields
from .queryset import tracking_context

if TYPE_CHECKING:
    from celery import Task
    from celery.result import AsyncResult
    from django.contrib.auth.models import AbstractBaseUser


def _report(task: Task[Any, Any], done: int, total: int, last_key: Any) -> None:
    meta = {"done": done, "total": total, "last_key": last_key}
    if task.request.id:  # only when run by a worker, not when called directly
        task.update_state(state="PROGRESS", meta=meta)


def _user(user_id: Any) -> AbstractBaseUser | None:
    return get_user_model()._default_manager.filter(pk=user_id).first() if user_id else None


@shared_task(bind=True, name="modelsync.sync.bulk_update")
def bulk_update_task(
    self: Task[Any, Any],
    model: str,
    keys: list[Any],
    values: dict[str, Any],
    user_id: Any = None,
    chunk_size: int | None = None,
    start_after: Any = None,
) -> dict[str, Any]:
    """Set ``values`` on the rows ``keys`` of ``model`` (``"app_label.Model"``), chunk by chunk,
    syncing their targets (one source and one target statement per chunk).

    The keys are taken by the caller (see :func:`enqueue_bulk_update`), so the rows synced are
    exactly those its queryset matched when it was enqueued. Returns the final progress.
    """
    model_class = apps.get_model(model)
    validate_fields(model_class, values)
    size = chunk_size or config.chunk_size()
    ordered = sorted(keys)
    if start_after is not None:
        ordered = [k for k in ordered if k > start_after]
    user = _user(user_id)
    stamps = engine.source_stamps(model_class, user)
    done = len(keys) - len(ordered)
    updated = 0
    last_key = start_after
    for chunk in chunked(ordered, size):
        with transaction.atomic(), tracking_context(user):
            queryset = model_class._default_manager.filter(InKeys("pk", model_class, chunk))
            updated += queryset.update(**values, **stamps)
        done += len(chunk)
        last_key = chunk[-1]
        _report(self, done, len(keys), last_key)
    return {"done": done, "total": len(keys), "last_key": last_key, "updated": updated}


@shared_task(bind=True, name="modelsync.sync.repair")
def repair_task(
    self: Task[Any, Any], key: str, chunk_size: int | None = None, start_after: Any = None
) -> dict[str, Any]:
    """Repair the drift of the declaration ``key`` (``"app_label.Model.relation"``), chunked."""
    sync = get_sync(key)
    done = 0
    written = 0
    last_key = start_after
    for chunk in iter_drift_chunks(sync, chunk_size, after=start_after):
        with transaction.atomic():
            written += engine.push_one(sync, chunk, None, "default")
        done += len(chunk)
        last_key = chunk[-1]
        _report(self, done, 0, last_key)
    return {"done": done, "written": written, "last_key": last_key}


def enqueue_bulk_update(
    queryset: QuerySet[Any],
    user: AbstractBaseUser | None = None,
    chunk_size: int | None = None,
    **values: Any,
) -> AsyncResult[Any]:
    """Snapshot the keys ``queryset`` matches now and send :func:`bulk_update_task`.

    Returns the Celery ``AsyncResult``. Values must be JSON/Celery-serialisable (numbers,
    strings, dates, ``Decimal``); ``F()`` expressions are not supported asynchronously.
    """
    model = queryset.model
    validate_fields(model, values)
    keys = list(queryset.order_by("pk").values_list("pk", flat=True))
    return bulk_update_task.delay(
        model._meta.label,
        keys,
        values,
        user_id=getattr(user, "pk", None),
        chunk_size=chunk_size,
    )
