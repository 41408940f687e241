"""Local → remote: creates, updates and deletes written on both sides or neither.

Every function runs inside the caller's ``transaction.atomic()``: the local statement first,
then the remote call; when the remote fails, the exception rolls the local change back. In
outbox mode the remote call is replaced by an outbox entry written in the same transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from django.db import models
from django.db.models import Case, Value, When

from . import config
from .backend import Operation, get_backend
from .options import options_of
from .serialization import parse_modified, to_payload
from .sync import key_literal, mapped_fields


def assign_client_key(instance: Any) -> bool:
    """Give a new row its remote key here (guid keys), so a retried create is recognised."""
    options = options_of(type(instance))
    if (
        getattr(instance, "remote_pk", None) is None
        and options.client_keys
        and options.key_kind == "guid"
    ):
        instance.remote_pk = str(uuid.uuid4())
        return True
    return False


def payloads(
    model: type[models.Model], instances: list[Any], only: Iterable[str] | None = None
) -> list[dict[str, Any]]:
    """The remote payload of each instance (one local query per mapped foreign key)."""
    fields = [
        (field, prop)
        for field, prop in mapped_fields(model)
        if only is None or field.name in set(only)
    ]
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
            if field.is_relation:
                payload[prop] = related_keys[field.name].get(value) if value is not None else None
            else:
                payload[prop] = to_payload(field, value)
        result.append(payload)
    return result


def create_payload(instance: Any) -> dict[str, Any]:
    """The POST body of a new row, its client key included."""
    options = options_of(type(instance))
    payload = payloads(type(instance), [instance])[0]
    if getattr(instance, "remote_pk", None) is not None:
        payload[options.key_property] = key_value(type(instance), instance.remote_pk)
    return payload


def key_value(model: type[models.Model], remote_pk: Any) -> Any:
    """The key as a JSON value (an int for ``int`` keys, else text)."""
    return int(remote_pk) if options_of(model).key_kind == "int" else str(remote_pk)


def store_modified(model: type[models.Model], stamps: dict[str, Any]) -> None:
    """Write the remote's modification stamps onto the local rows in one statement."""
    stamps = {key: value for key, value in stamps.items() if value is not None}
    if not stamps:
        return
    field = model._meta.get_field("modified")
    model._base_manager.filter(remote_pk__in=list(stamps)).update(
        modified=Case(
            *(When(remote_pk=key, then=Value(value)) for key, value in stamps.items()),
            output_field=field,  # type: ignore[arg-type]
        )
    )


def push_save(instance: Any, creating: bool, update_fields: Iterable[str] | None) -> None:
    """Send a saved row to the remote (POST when new there, PATCH otherwise)."""
    from .outbox import enqueue

    model = type(instance)
    options = options_of(model)
    if creating:
        payload = create_payload(instance)
    else:
        mapped = {name for name in options.fields}
        only = mapped if update_fields is None else mapped & set(update_fields)
        if not only:
            return
        payload = payloads(model, [instance], only)[0]
    action = "create" if creating else "update"
    if config.outbox():
        enqueue(model, [(instance.pk, instance.remote_pk, payload)], action)
        return
    backend = get_backend()
    if creating:
        row = backend.create(options.entity_set, payload)
    else:
        row = backend.update(options.entity_set, key_literal(model, instance.remote_pk), payload)
    remote_pk = str(row.get(options.key_property, instance.remote_pk))
    modified = parse_modified(row.get(options.modified_property))
    model._base_manager.filter(pk=instance.pk).update(remote_pk=remote_pk, modified=modified)
    instance.remote_pk = remote_pk
    instance.modified = modified


def push_delete(model: type[models.Model], rows: list[tuple[Any, str]]) -> None:
    """Delete rows (``(local pk, remote key)``) on the remote, in batches."""
    from .outbox import enqueue

    if not rows:
        return
    if config.outbox():
        enqueue(model, [(pk, remote_pk, {}) for pk, remote_pk in rows], "delete")
        return
    options = options_of(model)
    backend = get_backend()
    if len(rows) == 1:
        backend.delete(options.entity_set, key_literal(model, rows[0][1]))
        return
    for chunk in chunks(rows):
        backend.batch(
            [
                Operation("DELETE", options.entity_set, key_literal(model, remote_pk))
                for _, remote_pk in chunk
            ]
        )


def push_update(
    model: type[models.Model], rows: list[tuple[Any, str]], payload: dict[str, Any]
) -> None:
    """PATCH the same properties on many rows (``qs.update()``), in batches."""
    from .outbox import enqueue

    if not rows or not payload:
        return
    if config.outbox():
        enqueue(model, [(pk, remote_pk, payload) for pk, remote_pk in rows], "update")
        return
    options = options_of(model)
    stamps: dict[str, Any] = {}
    for chunk in chunks(rows):
        results = get_backend().batch(
            [
                Operation("PATCH", options.entity_set, key_literal(model, remote_pk), payload)
                for _, remote_pk in chunk
            ]
        )
        for (_, remote_pk), result in zip(chunk, results, strict=True):
            stamps[str(remote_pk)] = parse_modified((result or {}).get(options.modified_property))
    store_modified(model, stamps)


def push_bulk_create(model: type[models.Model], instances: list[Any]) -> None:
    """POST new rows in batches before their local insert; undo the remote part on failure.

    Each batch is atomic on the remote; when a later batch fails, the rows of the earlier ones
    are deleted again so that nothing stays half-written.
    """
    from .outbox import enqueue

    options = options_of(model)
    for instance in instances:
        assign_client_key(instance)
    bodies = payloads(model, instances)
    for instance, body in zip(instances, bodies, strict=True):
        if getattr(instance, "remote_pk", None) is not None:
            body[options.key_property] = key_value(model, instance.remote_pk)
    if config.outbox():
        # The outbox entries need the local keys: the caller inserts locally first.
        enqueue(
            model,
            [(i.pk, i.remote_pk, b) for i, b in zip(instances, bodies, strict=True)],
            "create",
        )
        return
    backend = get_backend()
    created: list[str] = []
    pairs = list(zip(instances, bodies, strict=True))
    try:
        for chunk in chunks(pairs):
            results = backend.batch(
                [Operation("POST", options.entity_set, None, body) for _, body in chunk]
            )
            for (instance, _), row in zip(chunk, results, strict=True):
                row = row or {}
                instance.remote_pk = str(row.get(options.key_property, instance.remote_pk))
                instance.modified = parse_modified(row.get(options.modified_property))
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


def chunks(items: list[Any]) -> Iterable[list[Any]]:
    """Slices of at most ``MODELSYNC_REMOTE_BATCH_SIZE`` (≤ 200) items."""
    size = max(1, min(config.batch_size(), 200))
    for start in range(0, len(items), size):
        yield items[start : start + size]
