"""The runtime of sync: after a write of some rows, make the related rows equal again.

Forward sync (source → targets) is one raw ``UPDATE … FROM`` per target model. It writes
no tracked row, so it can never trigger another sync: loops are impossible by construction.
Flowing back (target → source, for bidirectional fields) is a *tracked* update of the source
rows, whose own forward sync then reaches the other targets and finds the originating target
already equal, so nothing is written twice.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import connections, models, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from . import sql
from .declaration import (
    ResolvedSync,
    declarations_from,
    declarations_onto,
    declarations_targeting,
)
from .expressions import InKeys

#: Models whose writes are being handled by an explicit sync call; the ``changes_recorded``
#: receiver leaves them alone (and only collects their keys) so nothing is synced twice.
_handled: ContextVar[tuple[tuple[type[models.Model], list[Any]], ...]] = ContextVar(
    "modelsync_sync_handled", default=()
)


@contextmanager
def handling(model: type[models.Model]) -> Iterator[list[Any]]:
    """Mark ``model`` as synced by the caller; yields the list the receiver fills with keys."""
    keys: list[Any] = []
    concrete = model._meta.concrete_model or model
    token = _handled.set((*_handled.get(), (concrete, keys)))
    try:
        yield keys
    finally:
        _handled.reset(token)


def collector_for(model: type[models.Model]) -> list[Any] | None:
    """The key list of the innermost :func:`handling` block of ``model``, if any."""
    concrete = model._meta.concrete_model
    for handled_model, keys in reversed(_handled.get()):
        if handled_model is concrete:
            return keys
    return None


def current_user() -> Any:
    """The user of the current tracking context (``tracking(...)`` or the middleware)."""
    from modelsync.tracking import current_tracking_info

    info = current_tracking_info()
    return getattr(info, "user", None) if info is not None else None


def _user_key(user: Any) -> Any:
    if user is None or not getattr(user, "is_authenticated", True):
        return None
    return getattr(user, "pk", user)


def _stamps(sync: ResolvedSync, user: Any, connection: Any) -> dict[str, Any]:
    stamps: dict[str, Any] = {}
    user_key = _user_key(user)
    if sync.target_user_stamp is not None and user_key is not None:
        stamps[sync.target_user_stamp.column] = user_key
    if sync.target_time_stamp is not None:
        field = sync.target_time_stamp
        now = timezone.now()
        if isinstance(field, models.DateTimeField):
            stamps[field.column] = field.get_db_prep_value(now, connection)
        elif isinstance(field, models.DateField):
            stamps[field.column] = field.get_db_prep_value(now.date(), connection)
    return stamps


def affected(syncs: Sequence[ResolvedSync], touched: Collection[str] | None) -> list[ResolvedSync]:
    """The syncs of which at least one source field is in ``touched`` (``None``: all)."""
    if touched is None:
        return list(syncs)
    return [s for s in syncs if s.source_names.intersection(touched)]


def push(
    model: type[models.Model],
    keys: Sequence[Any] | None,
    touched: Collection[str] | None = None,
    user: Any = None,
    using: str = "default",
) -> int:
    """Copy the synced fields of the source rows ``keys`` onto their targets.

    One statement per affected target model; only target rows whose values differ are
    written (and stamped). ``keys=None`` means every source row. Returns rows written.
    """
    if keys is not None and not keys:
        return 0
    return sum(
        push_one(sync, keys, user, using, touched)
        for sync in affected(declarations_from(model), touched)
    )


def push_one(
    sync: ResolvedSync,
    keys: Sequence[Any] | None,
    user: Any,
    using: str,
    touched: Collection[str] | None = None,
) -> int:
    """Run the target ``UPDATE`` of one declaration for the source rows ``keys``.

    Only the pairs whose source field is in ``touched`` are copied and compared (``None``:
    all pairs): the others cannot have changed through this write.
    """
    connection = connections[using]
    pairs = None
    if touched is not None:
        pairs = [(s, t) for s, t in sync.pairs if s.name in touched or s.attname in touched]
    statement, params = sql.target_update(
        sync, connection, keys, _stamps(sync, user, connection), pairs=pairs
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return max(cursor.rowcount, 0)


def fill_new_targets(
    model: type[models.Model], keys: Sequence[Any], user: Any = None, using: str = "default"
) -> int:
    """Give target rows just created (``keys`` of ``model``) the values of their source.

    The source is authoritative: a pipeline created for an existing order starts equal to it.
    """
    if not keys:
        return 0
    connection = connections[using]
    written = 0
    for sync in declarations_targeting(model):
        statement, params = sql.target_update(
            sync, connection, None, _stamps(sync, user, connection), target_keys=keys
        )
        with connection.cursor() as cursor:
            cursor.execute(statement, params)
            written += max(cursor.rowcount, 0)
    return written


def pull_back(
    model: type[models.Model],
    keys: Sequence[Any],
    touched: Collection[str] | None,
    user: Any = None,
    using: str = "default",
) -> int:
    """Flow the bidirectional fields of the target rows ``keys`` back to their sources.

    Runs a tracked ``update()`` of the sources (so the change is recorded like any other),
    whose forward sync then brings the source's other targets along.
    """
    written = 0
    for sync in declarations_onto(model):
        names = [
            s.name
            for s, t in sync.pairs
            if s.name in sync.bidirectional
            and (touched is None or {t.name, t.attname}.intersection(touched))
        ]
        if not names or not keys:
            continue
        targets = sync.target._base_manager.using(using)
        related = targets.filter(InKeys("pk", sync.target, keys)).values(sync.target_join.attname)
        values: dict[str, Any] = {
            name: Subquery(
                targets.filter(
                    **{sync.target_join.attname: OuterRef(sync.source_join.attname)}
                ).values(sync.target_name_of(name))[:1]
            )
            for name in names
        }
        values.update(_source_stamps(sync.source, user))
        sources = sync.source._default_manager.using(using).filter(
            **{f"{sync.source_join.attname}__in": related}
        )
        written += sources.update(**values)
    return written


def _source_stamps(model: type[models.Model], user: Any) -> dict[str, Any]:
    from . import config

    stamps: dict[str, Any] = {}
    names = {f.name for f in model._meta.concrete_fields}
    if config.stamp_user_field() in names and _user_key(user) is not None:
        stamps[config.stamp_user_field()] = user
    if config.stamp_time_field() in names:
        stamps[config.stamp_time_field()] = timezone.now()
    return stamps


def source_stamps(model: type[models.Model], user: Any) -> dict[str, Any]:
    """``updated_by``/``updated_at`` values for an explicit update of ``model`` rows."""
    return _source_stamps(model, user)


def after_write(
    model: type[models.Model],
    keys: Sequence[Any],
    touched: Collection[str] | None,
    user: Any = None,
    using: str = "default",
) -> None:
    """Everything sync owes after ``keys`` rows of ``model`` were updated (same transaction)."""
    if not keys:
        return
    with transaction.atomic(using=using, savepoint=False):
        push(model, keys, touched, user, using)
        pull_back(model, keys, touched, user, using)


def after_create(
    model: type[models.Model], keys: Sequence[Any], user: Any = None, using: str = "default"
) -> None:
    """Sync owed after rows were created: as a source (forward relations) and as a target."""
    if not keys:
        return
    with transaction.atomic(using=using, savepoint=False):
        push(model, keys, None, user, using)
        fill_new_targets(model, keys, user, using)


def needs_sync(model: type[models.Model], touched: Collection[str] | None) -> bool:
    """True when writing ``touched`` fields of ``model`` owes some sync work."""
    if affected(declarations_from(model), touched):
        return True
    for sync in declarations_onto(model):
        if touched is None:
            return True
        back = {
            n for s, t in sync.pairs if s.name in sync.bidirectional for n in (t.name, t.attname)
        }
        if back.intersection(touched):
            return True
    return False
