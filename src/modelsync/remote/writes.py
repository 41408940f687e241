"""Push (local → remote): creates, updates and deletes written on both sides or neither.

Every function runs inside the caller's ``transaction.atomic()``: the local statement first,
then the remote call; when the remote fails, the exception rolls the local change back. In
outbox mode the remote call is replaced by an outbox entry written in the same transaction.

Updates and deletes carry the row's ETag (``If-Match``): a row changed remotely since it was
read is not overwritten but reported as :class:`~modelsync.remote.RemoteConflict`.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable, Sequence
from typing import Any, cast

from django.db import models
from django.db.models import Case, Value, When

from modelsync.db import chunked

from . import config
from .backend import ETAG, Operation, RemoteQuery
from .connection import get_backend
from .exceptions import RemoteConflict, RemoteRequestError
from .options import key_literal, key_value, mapped_fields, options_of
from .outbox import enqueue
from .pull import refresh
from .serialization import literal, parse_modified, to_payload

logger = logging.getLogger("modelsync.remote")

#: ``(local pk, remote key, ETag)`` of a row to update or delete remotely.
Row = tuple[Any, str, str]


def assign_client_key(instance: Any) -> bool:
    """Give a new row its remote key here (guid keys), so a retried create is recognised."""
    if getattr(instance, "remote_pk", None) is None and options_of(type(instance)).uses_client_keys:
        instance.remote_pk = str(uuid.uuid4())
        return True
    return False


def payloads(
    model: type[models.Model], instances: list[Any], only: Iterable[str] | None = None
) -> list[dict[str, Any]]:
    """The remote payload of each instance (one local query per mapped foreign key).

    A foreign key named in ``RemoteOptions.bind`` is written as ``nav@odata.bind``.
    """
    options = options_of(model)
    wanted = None if only is None else set(only)
    fields = [(f, prop) for f, prop in mapped_fields(model) if wanted is None or f.name in wanted]
    related_keys: dict[str, dict[Any, Any]] = {}
    for field, _ in fields:
        if field.is_relation and field.related_model is not None:
            related = field.related_model
            assert not isinstance(related, str)
            ids = {getattr(instance, field.attname) for instance in instances} - {None}
            related_keys[field.name] = dict(
                related._base_manager.filter(pk__in=ids).values_list("pk", "remote_pk")
            )
    result = []
    for instance in instances:
        payload: dict[str, Any] = {}
        for field, prop in fields:
            value = getattr(instance, field.attname)
            if not field.is_relation:
                payload[prop] = to_payload(field, value)
                continue
            remote_key = related_keys[field.name].get(value) if value is not None else None
            if field.name in options.bind:
                target = options_of(field.related_model)
                payload[f"{options.bind[field.name]}@odata.bind"] = (
                    f"{target.entity_set}({literal(remote_key, target.key_kind)})"
                    if remote_key is not None
                    else None
                )
            else:
                payload[prop] = remote_key
        result.append(payload)
    return result


def create_payload(instance: Any) -> dict[str, Any]:
    """The POST body of a new row, its client key included."""
    model = type(instance)
    payload = payloads(model, [instance])[0]
    if getattr(instance, "remote_pk", None) is not None:
        payload[options_of(model).key_property] = key_value(model, instance.remote_pk)
    return payload


def store_versions(model: type[models.Model], rows: dict[str, dict[str, Any] | None]) -> None:
    """Write the remote's modification stamps and ETags onto the local rows (one statement)."""
    options = options_of(model)
    versions = {
        key: (parse_modified(row.get(options.modified_property)), str(row.get(ETAG) or ""))
        for key, row in rows.items()
        if row
    }
    if not versions:
        return
    model._base_manager.filter(remote_pk__in=list(versions)).update(
        modified=Case(
            *(When(remote_pk=key, then=Value(stamp)) for key, (stamp, _) in versions.items()),
            output_field=cast(models.Field, model._meta.get_field("modified")),
        ),
        remote_etag=Case(
            *(When(remote_pk=key, then=Value(etag)) for key, (_, etag) in versions.items()),
            output_field=cast(models.Field, model._meta.get_field("remote_etag")),
        ),
    )


def conflict(
    model: type[models.Model], remote_pk: str, error: RemoteRequestError
) -> RemoteConflict:
    """The :class:`RemoteConflict` of a 412 answer about one row."""
    return RemoteConflict(model.__name__, remote_pk, error.method, error.url)


def push_save(
    instance: Any, creating: bool, update_fields: Iterable[str] | None, fresh_key: bool = False
) -> None:
    """Send a saved row to the remote (POST when new there, PATCH otherwise).

    A new row that already had its key (``fresh_key`` false) may have reached the remote in an
    earlier attempt whose answer was lost: it is looked up first, and updated rather than
    created twice.
    """
    model = type(instance)
    options = options_of(model)
    backend = get_backend()
    key = key_literal(model, instance.remote_pk) if instance.remote_pk is not None else None
    if creating:
        payload = create_payload(instance)
    else:
        mapped = set(options.fields)
        only = mapped if update_fields is None else mapped & set(update_fields)
        if not only:
            return
        payload = payloads(model, [instance], only)[0]
    if config.outbox():
        enqueue(
            model, [(instance.pk, instance.remote_pk, payload)], "create" if creating else "update"
        )
        return
    if creating:
        existing = None
        if key is not None and not fresh_key:
            existing = backend.get(options.entity_set, key, options.key_property)
        if key is None or existing is None:
            row = backend.create(options.entity_set, payload, idempotent=key is not None)
        else:
            payload.pop(options.key_property, None)
            row = backend.update(options.entity_set, key, payload, existing.get(ETAG))
    else:
        assert key is not None
        try:
            row = backend.update(options.entity_set, key, payload, instance.remote_etag or None)
        except RemoteRequestError as error:
            if error.status != 412:
                raise
            if config.on_conflict() != "remote_wins":
                raise conflict(model, instance.remote_pk, error) from error
            current = backend.get(options.entity_set, key, options.select())
            if current is None:
                raise conflict(model, instance.remote_pk, error) from error
            logger.warning(
                "%s %s changed remotely; the remote wins, the local change is dropped",
                model.__name__,
                instance.remote_pk,
            )
            refresh(instance, current)
            return
    remote_pk = str(row.get(options.key_property, instance.remote_pk))
    modified = parse_modified(row.get(options.modified_property))
    etag = str(row.get(ETAG) or "")
    model._base_manager.filter(pk=instance.pk).update(
        remote_pk=remote_pk, modified=modified, remote_etag=etag
    )
    instance.remote_pk = remote_pk
    instance.modified = modified
    instance.remote_etag = etag


def push_delete(model: type[models.Model], rows: list[Row]) -> None:
    """Delete rows on the remote (one request, or ``$batch`` change sets for several)."""
    if not rows:
        return
    if config.outbox():
        enqueue(model, [(pk, remote_pk, {}) for pk, remote_pk, _ in rows], "delete")
        return
    options = options_of(model)
    if len(rows) == 1:
        _, remote_pk, etag = rows[0]
        try:
            get_backend().delete(options.entity_set, key_literal(model, remote_pk), etag or None)
        except RemoteRequestError as error:
            if error.status == 412:
                raise conflict(model, remote_pk, error) from error
            raise
        return
    run_batches(
        model,
        rows,
        lambda row: Operation(
            "DELETE", options.entity_set, key_literal(model, row[1]), etag=row[2] or None
        ),
    )


def push_update(model: type[models.Model], rows: list[Row], payload: dict[str, Any]) -> None:
    """PATCH the same properties on many rows (``qs.update()``), in ``$batch`` change sets."""
    if not rows or not payload:
        return
    if config.outbox():
        enqueue(model, [(pk, remote_pk, payload) for pk, remote_pk, _ in rows], "update")
        return
    options = options_of(model)
    results = run_batches(
        model,
        rows,
        lambda row: Operation(
            "PATCH", options.entity_set, key_literal(model, row[1]), payload, row[2] or None
        ),
    )
    store_versions(model, results)


def run_batches(
    model: type[models.Model], rows: list[Row], operation: Any
) -> dict[str, dict[str, Any] | None]:
    """Send ``operation(row)`` for every row in change sets of ``MODELSYNC_REMOTE_BATCH_SIZE``;
    returns the remote's answer per remote key. A 412 names the row that changed remotely."""
    backend = get_backend()
    results: dict[str, dict[str, Any] | None] = {}
    for chunk in chunks(rows):
        by_key = {key_literal(model, row[1]): row[1] for row in chunk}
        try:
            answers = backend.batch([operation(row) for row in chunk])
        except RemoteRequestError as error:
            if error.status == 412:
                remote_pk = by_key.get(error.key or "", error.key or "?")
                raise conflict(model, remote_pk, error) from error
            raise
        for row, answer in zip(chunk, answers, strict=True):
            results[str(row[1])] = answer
    return results


def existing_keys(model: type[models.Model], remote_pks: list[str]) -> dict[str, str]:
    """Remote key → ETag of the rows among ``remote_pks`` the remote already has (one
    request per change set's worth of keys)."""
    options = options_of(model)
    found: dict[str, str] = {}
    for chunk in chunks(remote_pks):
        keys = ",".join(key_literal(model, key) for key in chunk)
        query = RemoteQuery(
            options.entity_set,
            filter=f"{options.key_property} in ({keys})",
            select=options.key_property,
        )
        for page in get_backend().fetch(query):
            for row in page:
                found[str(row[options.key_property])] = str(row.get(ETAG) or "")
    return found


def push_bulk_create(model: type[models.Model], instances: list[Any]) -> None:
    """POST new rows in ``$batch`` change sets before their local insert.

    Each change set is atomic on the remote; when a later one fails, the rows of the earlier
    ones are deleted again so that nothing stays half-written. Rows that came with a key may
    exist remotely from an attempt whose answer was lost: those are updated, not duplicated.
    """
    options = options_of(model)
    preset = [i.remote_pk for i in instances if getattr(i, "remote_pk", None) is not None]
    for instance in instances:
        assign_client_key(instance)
    bodies = [create_payload(instance) for instance in instances]
    if config.outbox():
        # The outbox entries need the local keys: the caller inserts locally first.
        enqueue(
            model,
            [(i.pk, i.remote_pk, b) for i, b in zip(instances, bodies, strict=True)],
            "create",
        )
        return
    existing = existing_keys(model, [str(key) for key in preset]) if preset else {}
    backend = get_backend()
    created: list[str] = []
    pairs = list(zip(instances, bodies, strict=True))
    try:
        for chunk in chunks(pairs):
            operations = []
            for instance, body in chunk:
                if instance.remote_pk in existing:
                    body = {k: v for k, v in body.items() if k != options.key_property}
                    key = key_literal(model, instance.remote_pk)
                    etag = existing[instance.remote_pk] or None
                    operations.append(Operation("PATCH", options.entity_set, key, body, etag))
                else:
                    operations.append(Operation("POST", options.entity_set, None, body))
            results = backend.batch(operations)
            for (instance, _), row in zip(chunk, results, strict=True):
                row = row or {}
                instance.remote_pk = str(row.get(options.key_property, instance.remote_pk))
                instance.modified = parse_modified(row.get(options.modified_property))
                instance.remote_etag = str(row.get(ETAG) or "")
                if instance.remote_pk not in existing:
                    created.append(instance.remote_pk)
    except Exception:
        undo_creates(model, created)
        raise


def undo_creates(model: type[models.Model], remote_pks: list[str]) -> None:
    """Best-effort removal of rows this process just created on the remote."""
    options = options_of(model)
    for chunk in chunks(remote_pks):
        try:
            get_backend().batch(
                [
                    Operation("DELETE", options.entity_set, key_literal(model, remote_pk))
                    for remote_pk in chunk
                ]
            )
        except Exception:
            return


def chunks(items: list[Any]) -> Iterable[Sequence[Any]]:
    """Slices of at most ``MODELSYNC_REMOTE_BATCH_SIZE`` items."""
    return chunked(items, max(1, config.batch_size()))


def update_payload(model: type[models.Model], values: dict[str, Any]) -> dict[str, Any]:
    """The remote properties of ``qs.update(**values)`` (foreign keys as remote keys)."""
    options = options_of(model)
    payload: dict[str, Any] = {}
    for name, value in values.items():
        field = model._meta.get_field(name)
        if field.name not in options.fields:
            continue
        prop = options.fields[field.name]
        if field.is_relation and field.related_model is not None:
            related = field.related_model
            assert not isinstance(related, str)
            pk = value.pk if isinstance(value, models.Model) else value
            payload[prop] = (
                related._base_manager.filter(pk=pk).values_list("remote_pk", flat=True).first()
                if pk is not None
                else None
            )
        else:
            concrete = cast(models.Field, field)
            payload[prop] = to_payload(concrete, concrete.to_python(value))
    return payload
