"""Pull (remote → local): bring the rows the remote returned into the local table in bulk.

Whatever the number of rows, a pull costs one remote request per page and a constant number of
local statements: one bulk upsert (``INSERT … ON CONFLICT (remote_pk) DO UPDATE``), plus one
lookup per foreign key to turn remote keys into local ones.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from . import config
from .backend import ETAG, RemoteQuery
from .connection import get_backend
from .options import RemoteOptions, key_literal, mapped_fields, options_of
from .outbox import waiting_keys
from .serialization import from_payload, literal, parse_modified

#: Columns every pull writes besides the mapped fields.
STATE_FIELDS = ["modified", "remote_etag", "remote_deleted"]


def local_values(
    model: type[models.Model], row: dict[str, Any], related: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    """Keyword arguments of the local row for one remote row (``related``: remote → local keys)."""
    options: RemoteOptions = options_of(model)
    values: dict[str, Any] = {
        "remote_pk": str(row[options.key_property]),
        "modified": parse_modified(row.get(options.modified_property)),
        "remote_etag": str(row.get(ETAG) or ""),
        "remote_deleted": False,
    }
    for field, prop in mapped_fields(model):
        if prop not in row:
            continue
        if field.is_relation:
            remote_key = row[prop]
            values[field.attname] = related[field.name].get(str(remote_key)) if remote_key else None
        else:
            values[field.attname] = from_payload(field, row[prop])
    return values


def related_keys(
    model: type[models.Model], rows: list[dict[str, Any]]
) -> dict[str, dict[str, Any]]:
    """For each mapped foreign key: remote key → local pk, pulling related rows not yet local."""
    result: dict[str, dict[str, Any]] = {}
    for field, prop in mapped_fields(model):
        if not field.is_relation or field.related_model is None:
            continue
        related = field.related_model
        assert not isinstance(related, str)
        wanted = {str(row[prop]) for row in rows if row.get(prop)}
        found = dict(
            related._base_manager.filter(remote_pk__in=wanted).values_list("remote_pk", "pk")
        )
        missing = wanted - set(found)
        if missing:
            # Related rows first seen now: one more remote query and upsert for all of them.
            related_options = options_of(related)
            keys = ",".join(literal(key, related_options.key_kind) for key in sorted(missing))
            pull(
                related,
                RemoteQuery(
                    related_options.entity_set,
                    filter=f"{related_options.key_property} in ({keys})",
                    select=related_options.select(),
                ),
            )
            found.update(
                related._base_manager.filter(remote_pk__in=missing).values_list("remote_pk", "pk")
            )
        result[field.name] = found
    return result


def upsert(model: type[models.Model], rows: list[dict[str, Any]]) -> int:
    """Insert or update the local copies of ``rows`` in one bulk statement; returns the count.

    Models with a required field the remote does not provide cannot get new rows from the
    remote: for them existing rows are updated (one lookup, one bulk UPDATE), others skipped.
    """
    if not rows:
        return 0
    options = options_of(model)
    # A row can appear twice when the remote changes between two pages: keep the last copy.
    unique = {str(row[options.key_property]): row for row in rows}
    if config.outbox():
        # Rows with undelivered local writes keep their local values until delivery.
        for remote_pk in waiting_keys(model, list(unique)):
            unique.pop(remote_pk, None)
        if not unique:
            return 0
    related = related_keys(model, list(unique.values()))
    instances = [model(**local_values(model, row, related)) for row in unique.values()]
    update_fields = [*STATE_FIELDS, *(field.name for field, _ in mapped_fields(model))]
    if can_insert(model):
        model._base_manager.bulk_create(
            instances,
            update_conflicts=True,
            unique_fields=["remote_pk"],
            update_fields=update_fields,
        )
        return len(instances)
    # A required local-only field (say, the customer of a CRM account) cannot come from the
    # remote: such rows are only refreshed when they already exist locally, never created.
    local_keys = dict(
        model._base_manager.filter(remote_pk__in=list(unique)).values_list("remote_pk", "pk")
    )
    existing = [i for i in instances if i.remote_pk in local_keys]  # type: ignore[attr-defined]
    for instance in existing:
        instance.pk = local_keys[instance.remote_pk]  # type: ignore[attr-defined]
    if existing:
        model._base_manager.bulk_update(existing, update_fields)
    return len(existing)


def can_insert(model: type[models.Model]) -> bool:
    """Whether a row built from remote values alone satisfies every NOT NULL column."""
    mapped = {field.name for field, _ in mapped_fields(model)} | {"remote_pk", *STATE_FIELDS}
    for field in model._meta.concrete_fields:
        if field.name in mapped or field.null or field.primary_key:
            continue
        # get_default() also covers the "" Django gives text fields without a default.
        if field.get_default() is not None or getattr(field, "auto_now_add", False):
            continue
        return False
    return True


def pull(model: type[models.Model], query: RemoteQuery) -> int:
    """Fetch every page of ``query`` and upsert all rows at once; returns the row count."""
    rows = [row for page in get_backend().fetch(query) for row in page]
    return upsert(model, rows)


def refresh_if_newer(instance: models.Model) -> bool:
    """Compare a local row with its remote copy; update it locally when the remote is newer.

    Returns ``True`` when the local row changed. One remote request; one local statement
    only when something changed.
    """
    model = type(instance)
    options = options_of(model)
    remote_pk = getattr(instance, "remote_pk", None)
    if remote_pk is None:
        return False
    row = get_backend().get(options.entity_set, key_literal(model, remote_pk), options.select())
    if row is None:
        return False
    remote_modified = parse_modified(row.get(options.modified_property))
    local_modified = getattr(instance, "modified", None)
    if remote_modified is None or (
        local_modified is not None and remote_modified <= local_modified
    ):
        return False
    refresh(instance, row)
    return True


def refresh(instance: models.Model, row: dict[str, Any]) -> None:
    """Write the remote ``row`` onto the local row and ``instance`` (one statement)."""
    model = type(instance)
    values = local_values(model, row, related_keys(model, [row]))
    values.pop("remote_pk")
    model._base_manager.filter(pk=instance.pk).update(**values)
    for name, value in values.items():
        setattr(instance, name, value)
