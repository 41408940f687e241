"""Celery tasks: delivering the outbox (with retries) and the periodic pull (for beat).

Schedule the pull with Celery beat, e.g.::

    CELERY_BEAT_SCHEDULE = {
        "crm-pull": {"task": "modelsync.remote.pull", "schedule": 300.0},
    }
"""

from __future__ import annotations

from celery import Task, shared_task

from . import config
from .exceptions import RemoteError
from .incremental import pull_changes, remote_models
from .outbox import DELIVER_TASK, deliver_pending


@shared_task(bind=True, name=DELIVER_TASK, max_retries=None)
def deliver_outbox(self: Task) -> int:
    """Deliver every pending outbox entry; retried while the remote fails. Returns the count."""
    try:
        return deliver_pending().delivered
    except RemoteError as error:
        retries = int(self.request.retries)
        if retries >= config.outbox_max_retries():
            raise
        raise self.retry(exc=error, countdown=config.outbox_retry_delay() * 2**retries) from error


@shared_task(name="modelsync.remote.pull")
def pull_task(models: list[str] | None = None) -> dict[str, int]:
    """Pull the remote changes of ``models`` (labels; default every remote model).

    Returns rows pulled per model. Running it twice, or while another run is going, is harmless:
    the upserts are idempotent and each run starts from the stored watermark.
    """
    return {label: pull_changes(model).pulled for label, model in remote_models(models).items()}
