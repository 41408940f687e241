"""Incremental pull: ``manage.py modelsync_remote pull`` and the Celery beat task.

Each model's progress is a watermark (:class:`~modelsync.remote.models.PullWatermark`): the
modification time and key of the last row pulled. A run asks for the rows modified after it,
oldest first, in pages the server sizes (``Prefer: odata.maxpagesize``); each page is upserted
and the watermark advanced in one transaction, so an interrupted run resumes at the next page
and running twice changes nothing. Pages are read by key set — every page starts after the
last row of the one before (``modifiedAt gt W or (modifiedAt eq W and ID gt K)``) — rather than
by following ``@odata.nextLink``, which pages by position: a row modified during the run moves
to the end and a positional link would then skip the row after it. The link only tells whether
more rows follow.

Rows deleted remotely are found by a keys-only reconciliation: the remote's keys in key order
(``$select`` of the key, paged the same way) against the local keys in the same range, one
local statement per page; local rows missing remotely are deleted or flagged
(``MODELSYNC_REMOTE_PULL_DELETES``).

Local statements per page are constant: the upsert (see :mod:`modelsync.remote.pull`), the
watermark update, and the transaction around them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TextIO, cast

from django.apps import apps
from django.db import models, transaction
from django.db.models import F
from django.db.models.functions import Cast
from django.utils import timezone

from modelsync.progress import ProgressBar

from . import config
from .backend import RemoteQuery
from .connection import get_backend
from .exceptions import RemoteConfigurationError
from .options import RemoteOptions, options_of
from .outbox import waiting_keys
from .pull import upsert
from .serialization import datetime_text, literal, parse_modified

if TYPE_CHECKING:
    import datetime as dt

    from .models import PullWatermark


@dataclass
class PullReport:
    """What one incremental pull of a model did: rows pulled, pages read, local rows deleted
    (or flagged) because the remote no longer has them."""

    model: str
    pulled: int = 0
    pages: int = 0
    deleted: int = 0


def watermarks() -> type[PullWatermark]:
    """The :class:`~modelsync.remote.models.PullWatermark` model."""
    return cast("type[PullWatermark]", apps.get_model("modelsync_remote", "PullWatermark"))


def remote_models(labels: list[str] | None = None) -> dict[str, type[models.Model]]:
    """The remote models named by ``labels`` (``app_label.ModelName``), default all of them."""
    found = {
        model._meta.label: model
        for model in apps.get_models()
        if isinstance(getattr(model, "remote", None), RemoteOptions)
    }
    if not labels:
        return found
    unknown = [label for label in labels if label not in found]
    if unknown:
        raise RemoteConfigurationError(
            f"not remote models: {', '.join(unknown)} (known: {', '.join(sorted(found))})"
        )
    return {label: found[label] for label in labels}


def pull_changes(
    model: type[models.Model],
    progress: TextIO | None = None,
    page_size: int | None = None,
    deletes: bool = True,
) -> PullReport:
    """Bring ``model``'s local mirror up to date with the remote; see the module docstring."""
    options = options_of(model)
    label = model._meta.label
    report = PullReport(label)
    mark, _ = watermarks().objects.get_or_create(model=label)
    size = page_size or config.page_size()
    since, since_key = mark.watermark, mark.watermark_key
    bar = None
    if progress is not None:
        total = get_backend().count(options.entity_set, changed_since(options, since, ""))
        bar = ProgressBar(total, label=f"pull {label}", stream=progress)
    while True:
        query = RemoteQuery(
            options.entity_set,
            filter=changed_since(options, since, since_key),
            orderby=f"{options.modified_property},{options.key_property}",
            select=options.select(),
            page_size=size,
        )
        rows, more = get_backend().fetch_page(query)
        if not rows:
            break
        last = rows[-1]
        since = parse_modified(last.get(options.modified_property))
        since_key = str(last[options.key_property])
        with transaction.atomic():
            report.pulled += upsert(model, rows)
            watermarks().objects.filter(pk=mark.pk).update(
                watermark=since, watermark_key=since_key, pulled_at=timezone.now()
            )
        report.pages += 1
        if bar is not None:
            bar.advance(len(rows))
        if not more:
            break
    if bar is not None:
        bar.finish()
    if deletes:
        report.deleted = reconcile(model, progress, size)
        watermarks().objects.filter(pk=mark.pk).update(reconciled_at=timezone.now())
    return report


def changed_since(options: RemoteOptions, since: dt.datetime | None, key: str) -> str | None:
    """The ``$filter`` of rows after the watermark ``(since, key)``."""
    if since is None:
        return None
    stamp, modified = datetime_text(since), options.modified_property
    if not key:
        return f"{modified} ge {stamp}"
    key_text = literal(key, options.key_kind)
    return (
        f"{modified} gt {stamp} or ({modified} eq {stamp} and {options.key_property} gt {key_text})"
    )


def reconcile(model: type[models.Model], progress: TextIO | None = None, size: int = 0) -> int:
    """Delete (or flag) local rows whose remote row is gone; returns how many.

    Walks the remote keys in key order, a page at a time, and compares each page with the
    local keys of the same key range: one local statement per page.
    """
    options = options_of(model)
    bar = None
    if progress is not None:
        bar = ProgressBar(get_backend().count(options.entity_set, None), "reconcile", progress)
    column: Any = F("remote_pk")
    if options.key_kind == "int":
        # Integer keys sort as numbers remotely: compare them as numbers locally too.
        column = Cast("remote_pk", models.BigIntegerField())
    mirrored = model._base_manager.filter(remote_pk__isnull=False, remote_deleted=False)
    mirrored = mirrored.annotate(remote_key_order=column)
    removed = 0
    after: str | None = None
    while True:
        query = RemoteQuery(
            options.entity_set,
            filter=f"{options.key_property} gt {literal(after, options.key_kind)}"
            if after
            else None,
            orderby=options.key_property,
            select=options.key_property,
            page_size=size or config.page_size(),
        )
        rows, more = get_backend().fetch_page(query)
        keys = [str(row[options.key_property]) for row in rows]
        gone = mirrored.exclude(remote_pk__in=keys)
        if after is not None:
            gone = gone.filter(remote_key_order__gt=_order_value(options, after))
        if more:
            gone = gone.filter(remote_key_order__lte=_order_value(options, keys[-1]))
        if config.outbox():
            # A row whose create is still queued is not gone, only not there yet.
            pending = waiting_keys(model, list(gone.values_list("remote_pk", flat=True)))
            gone = gone.exclude(remote_pk__in=pending)
        if config.pull_deletes() == "flag":
            removed += gone.update(remote_deleted=True)
        else:
            deleted = model._base_manager.filter(pk__in=gone.values("pk")).delete()[1]
            removed += deleted.get(model._meta.label, 0)
        if bar is not None:
            bar.advance(len(keys))
        if not more:
            break
        after = keys[-1]
    if bar is not None:
        bar.finish()
    return removed


def _order_value(options: RemoteOptions, key: str) -> object:
    return int(key) if options.key_kind == "int" else key
