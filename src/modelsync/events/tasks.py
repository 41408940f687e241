"""Celery task running the relay, for projects that schedule it instead of running the command."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from .errors import BrokerUnavailableError

#: Retry delays grow 2, 4, 8 ... seconds, capped at this many.
MAX_RETRY_DELAY = 300


@shared_task(bind=True, name="modelsync.events.relay", max_retries=None)
def relay(self: Any) -> int:
    """Publish every unpublished event; retried while the broker is down. Returns the count."""
    from .relay import publish_pending

    try:
        return publish_pending()
    except BrokerUnavailableError as error:
        delay = min(MAX_RETRY_DELAY, 2 ** (int(self.request.retries) + 1))
        raise self.retry(exc=error, countdown=delay) from error
