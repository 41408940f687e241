"""Queueing remote writes in the outbox and delivering them (Celery task or command).

Delivery is in insertion order and idempotent: an entry is locked, sent and marked delivered
in one transaction; a create whose row already exists remotely (a retry after a lost answer)
becomes an update; deleting a row that is already gone counts as done. Queued writes are sent
with ``If-Match: *``: the outbox delivers the local change whatever the remote did meanwhile.

The outbox model is looked up in the app registry rather than imported, so this module (and
the querysets that queue writes) can be imported while Django is still loading apps.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from django.apps import apps
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from .backend import ETAG
from .connection import get_backend
from .exceptions import RemoteError, RemoteRequestError
from .options import key_literal, options_of
from .serialization import parse_modified

if TYPE_CHECKING:
    from .models import OutboxEntry

#: The Celery task delivering the outbox, sent by name (the worker imports ``tasks``).
DELIVER_TASK = "modelsync.remote.deliver_outbox"


def entries() -> type[OutboxEntry]:
    """The :class:`~modelsync.remote.models.OutboxEntry` model."""
    return cast("type[OutboxEntry]", apps.get_model("modelsync_remote", "OutboxEntry"))


def enqueue(
    model: type[models.Model], rows: list[tuple[Any, Any, dict[str, Any]]], action: str
) -> None:
    """Store ``(local pk, remote key, payload)`` writes; the task is sent after commit."""
    options = options_of(model)
    Entry = entries()
    Entry.objects.bulk_create(
        [
            Entry(
                model=model._meta.label,
                object_pk=str(pk),
                entity_set=options.entity_set,
                remote_pk=str(remote_pk),
                action=action,
                payload=payload,
            )
            for pk, remote_pk, payload in rows
        ]
    )
    transaction.on_commit(send_task, robust=True)


def waiting_keys(model: type[models.Model], remote_pks: list[str]) -> set[str]:
    """Remote keys among ``remote_pks`` with undelivered local writes."""
    Entry = entries()
    return set(
        Entry.objects.filter(
            status=Entry.Status.PENDING, model=model._meta.label, remote_pk__in=remote_pks
        ).values_list("remote_pk", flat=True)
    )


def send_task() -> None:
    """Ask a Celery worker to deliver the outbox (a broker outage leaves it for the command)."""
    from celery import current_app  # an optional dependency, needed only with the outbox

    current_app.send_task(DELIVER_TASK)


@dataclass
class DeliveryReport:
    """What one delivery run did."""

    delivered: int = 0
    pending: int = 0


def deliver_pending() -> DeliveryReport:
    """Deliver every pending entry in order; stops at (and raises) the first remote error."""
    Entry = entries()
    report = DeliveryReport()
    pending = Entry.objects.filter(status=Entry.Status.PENDING)
    for entry_id in list(pending.values_list("pk", flat=True)):
        if deliver_entry(entry_id):
            report.delivered += 1
    report.pending = pending.count()
    return report


def deliver_entry(entry_id: int) -> bool:
    """Deliver one entry; ``False`` when it was already delivered (by another worker)."""
    Entry = entries()
    failure: RemoteError | None = None
    with transaction.atomic():
        entry = (
            Entry.objects.select_for_update()
            .filter(pk=entry_id, status=Entry.Status.PENDING)
            .first()
        )
        if entry is None:
            return False
        try:
            row = send(entry)
        except RemoteError as error:
            failure = error
        else:
            entry.status = Entry.Status.DELIVERED
            entry.delivered_at = timezone.now()
            entry.attempts = F("attempts") + 1
            entry.save(update_fields=["status", "delivered_at", "attempts"])
            store_stamp(entry, row)
            return True
    # Recorded after the (empty) transaction so that the failure itself is kept.
    Entry.objects.filter(pk=entry_id).update(
        attempts=F("attempts") + 1, last_error=str(failure)[:2000]
    )
    assert failure is not None
    raise failure


def send(entry: OutboxEntry) -> dict[str, Any] | None:
    """The remote call of one entry."""
    model = apps.get_model(entry.model)
    backend = get_backend()
    key = key_literal(model, entry.remote_pk)
    if entry.action == entry.Action.DELETE:
        backend.delete(entry.entity_set, key)
        return None
    if entry.action == entry.Action.CREATE:
        if backend.get(entry.entity_set, key) is None:
            try:
                return backend.create(entry.entity_set, entry.payload, idempotent=True)
            except RemoteRequestError:
                # Another delivery may have created it meanwhile: then it is updated below.
                if backend.get(entry.entity_set, key) is None:
                    raise
        payload = {k: v for k, v in entry.payload.items() if k != options_of(model).key_property}
        return backend.update(entry.entity_set, key, payload)
    return backend.update(entry.entity_set, key, entry.payload)


def store_stamp(entry: OutboxEntry, row: dict[str, Any] | None) -> None:
    """Copy the remote's modification time and version onto the local row."""
    if not row:
        return
    model = apps.get_model(entry.model)
    modified = parse_modified(row.get(options_of(model).modified_property))
    if modified is not None:
        model._base_manager.filter(pk=entry.object_pk, remote_pk=entry.remote_pk).update(
            modified=modified, remote_etag=str(row.get(ETAG) or "")
        )
