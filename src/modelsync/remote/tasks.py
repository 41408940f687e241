"""Celery task delivering the outbox, with retries (exponential backoff)."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from . import config
from .exceptions import RemoteError


@shared_task(bind=True, name="modelsync.remote.deliver_outbox", max_retries=None)
def deliver_outbox(self: Any) -> int:
    """Deliver every pending outbox entry; retried while the remote fails. Returns the count."""
    from .outbox import deliver_pending

    try:
        return deliver_pending().delivered
    except RemoteError as error:
        retries = int(self.request.retries)
        if retries >= config.outbox_max_retries():
            raise
        raise self.retry(exc=error, countdown=config.outbox_retry_delay() * 2**retries) from error
