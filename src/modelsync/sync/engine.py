"""The runtime of sync: after a write of some rows, make the related rows equal again.

Sync is two hooks on the tracking part's write pipeline (see :mod:`modelsync.sync.wiring`):

- :func:`on_source_write` -- rows of a source were created or updated: copy the synced fields
  onto their targets, one ``UPDATE … FROM`` per target model, only where a value differs;
- :func:`on_target_write` -- rows of a target were created, re-pointed to another source or had
  a bidirectional field written: the new target takes its source's values, and bidirectional
  fields flow back to the source as a tracked update.

Targets are written with set-based SQL, so a target's own ``save()`` and Django's model signals
don't run for them. A tracked target that somebody else listens to (the audit trail, a
receiver of the tracking signals) is written through its tracked queryset instead, so that
they hear about the write. Loops are impossible: a target is only written where it differs
from its source, and a flow back only where the source differs from its target, so the
second round finds nothing to write.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from django.db import connections, models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import OuterRef, Subquery
from django.db.models.expressions import RawSQL
from django.utils import timezone

from modelsync import tracking
from modelsync.tracking import TrackingInfo

from . import config, sql
from .expressions import InKeys
from .resolved import ResolvedSync, declarations_from, declarations_targeting

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    #: Who made a write: the tracking user (anonymous visitors stamp nothing).
    Author = AbstractBaseUser | AnonymousUser | None

#: The names of sync's own hooks on the write pipeline: on sources, and on targets.
SOURCE_HOOK = "modelsync.sync.source"
TARGET_HOOK = "modelsync.sync.target"

Pairs = Sequence[tuple["models.Field[Any, Any]", "models.Field[Any, Any]"]]


class _Copying:
    """The target models sync is writing through their tracked queryset right now.

    Their own target hook then has nothing to do: the rows just took their source's values,
    so there is nothing to fill and nothing to flow back (it would cost a statement per
    declaration to find that out).
    """

    def __init__(self) -> None:
        self._models: ContextVar[frozenset[type[models.Model]]] = ContextVar(
            "modelsync_sync_copying", default=frozenset()
        )

    @contextmanager
    def into(self, model: type[models.Model]) -> Iterator[None]:
        """Mark ``model`` as being written by sync inside the block."""
        token = self._models.set(self._models.get() | {model})
        try:
            yield
        finally:
            self._models.reset(token)

    def __contains__(self, model: object) -> bool:
        return model in self._models.get()


_copying = _Copying()


def _user_key(user: Author) -> Any:
    if user is None or not getattr(user, "is_authenticated", True):
        return None
    return getattr(user, "pk", user)


def _stamps(
    sync: ResolvedSync, user: Author, connection: BaseDatabaseWrapper
) -> dict[models.Field[Any, Any], Any]:
    """The ``updated_by``/``updated_at`` values given to the target rows sync writes."""
    stamps: dict[models.Field[Any, Any], Any] = {}
    user_key = _user_key(user)
    if sync.target_user_stamp is not None and user_key is not None:
        stamps[sync.target_user_stamp] = user_key
    field = sync.target_time_stamp
    if isinstance(field, models.DateTimeField):
        stamps[field] = timezone.now()
    elif isinstance(field, models.DateField):
        stamps[field] = timezone.now().date()
    return stamps


def source_stamps(model: type[models.Model], user: Author) -> dict[str, Any]:
    """``updated_by``/``updated_at`` values for an explicit update of ``model`` rows."""
    stamps: dict[str, Any] = {}
    names = {f.name for f in model._meta.concrete_fields}
    if config.stamp_user_field() in names and _user_key(user) is not None:
        stamps[config.stamp_user_field()] = user
    if config.stamp_time_field() in names:
        stamps[config.stamp_time_field()] = timezone.now()
    return stamps


def _names(field: models.Field[Any, Any]) -> set[str]:
    return {field.name, field.attname}


def touched_pairs(sync: ResolvedSync, touched: Collection[str] | None) -> Pairs:
    """The pairs a write of the source fields ``touched`` may have made unequal.

    ``None`` (a create, or a write of unknown fields) means all of them, and so does a write of
    the source's own foreign key to the target: the source now points at another target, which
    must take every synced value.
    """
    if touched is None or (sync.kind == "forward" and _names(sync.source_join) & set(touched)):
        return sync.pairs
    return [(s, t) for s, t in sync.pairs if _names(s) & set(touched)]


def others_listen(target: type[models.Model]) -> bool:
    """Whether a write of ``target`` is heard by anyone but sync: a hook of another part (the
    audit trail) or a receiver of the tracking signals. Then sync writes the target through its
    tracked queryset, so that they hear the writes sync makes too."""
    own = (SOURCE_HOOK, TARGET_HOOK)
    if any(hook.name not in own for hook in tracking.registered(target)):
        return True
    return tracking.post_update_signal.has_listeners(
        target
    ) or tracking.changes_recorded.has_listeners(target)


def push_one(
    sync: ResolvedSync,
    keys: Sequence[Any] | None,
    user: Author,
    using: str,
    pairs: Pairs | None = None,
    target_keys: Sequence[Any] | None = None,
    info: TrackingInfo | None = None,
) -> int:
    """Copy the synced fields of the source rows ``keys`` (``None``: all) onto their targets.

    Only ``pairs`` are copied and compared (``None``: every declared pair); ``target_keys``
    restricts the write to those target rows. Only target rows whose values differ are
    written (and stamped). Returns the number of target rows written.
    """
    pairs = sync.pairs if pairs is None else pairs
    if not pairs or any(given is not None and not given for given in (keys, target_keys)):
        return 0
    connection = connections[using]
    stamps = _stamps(sync, user, connection)
    if tracking.is_tracked(sync.target) and others_listen(sync.target):
        return _push_tracked(sync, keys, pairs, stamps, target_keys, using, info)
    statement, params = sql.target_update(
        sync,
        connection,
        keys,
        {f.column: f.get_db_prep_save(v, connection) for f, v in stamps.items()},
        target_keys=target_keys,
        pairs=pairs,
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return max(cursor.rowcount, 0)


def _push_tracked(
    sync: ResolvedSync,
    keys: Sequence[Any] | None,
    pairs: Pairs,
    stamps: dict[models.Field[Any, Any], Any],
    target_keys: Sequence[Any] | None,
    using: str,
    info: TrackingInfo | None,
) -> int:
    """:func:`push_one` as a tracked ``update()`` of the target rows that differ."""
    connection = connections[using]
    statement, params = sql.drifted_pairs(sync, connection, "target", keys, target_keys, pairs)
    sources = sync.source._base_manager.using(using).filter(
        **{sync.source_join.attname: OuterRef(sync.target_join.attname)}
    )
    if not sync.source_join.unique and keys is not None:
        # Several sources may point at one target: it takes the values of one just written.
        sources = sources.filter(InKeys("pk", sync.source, keys)).order_by("pk")
    values: dict[str, Any] = {t.name: Subquery(sources.values(s.attname)[:1]) for s, t in pairs}
    values.update({f.name: v for f, v in stamps.items()})
    # A plain tracked queryset: the sources are locked already, only the reporting is wanted.
    targets: tracking.TrackedQuerySet[models.Model] = tracking.TrackedQuerySet(
        sync.target, using=using
    ).filter(pk__in=RawSQL(statement, params))
    with _copying.into(sync.target):
        return int(targets.update(tracking_info_=info, **values))


def push(
    model: type[models.Model],
    keys: Sequence[Any],
    touched: Collection[str] | None,
    user: Author,
    using: str,
    info: TrackingInfo | None = None,
) -> int:
    """Copy the synced fields of the rows ``keys`` of the source ``model`` to every target."""
    return sum(
        push_one(sync, keys, user, using, touched_pairs(sync, touched), info=info)
        for sync in declarations_from(model)
    )


def pull_back(
    sync: ResolvedSync,
    keys: Sequence[Any],
    pairs: Pairs,
    user: Author,
    using: str,
    info: TrackingInfo | None = None,
) -> int:
    """Flow the bidirectional ``pairs`` of the target rows ``keys`` back to their sources.

    A tracked ``update()`` of exactly the sources whose values differ (so the change is
    recorded like any other), whose own forward sync then brings the source's other targets
    along and finds this target already equal.
    """
    if not pairs or not keys:
        return 0
    targets = sync.target._base_manager.using(using).filter(
        **{sync.target_join.attname: OuterRef(sync.source_join.attname)}
    )
    if not sync.target_join.unique:
        # Several targets may point at one source: it takes the values of one just written.
        targets = targets.filter(InKeys("pk", sync.target, keys)).order_by("pk")
    values: dict[str, Any] = {s.name: Subquery(targets.values(t.attname)[:1]) for s, t in pairs}
    values.update(source_stamps(sync.source, user))
    statement, params = sql.drifted_pairs(sync, connections[using], "source", None, keys, pairs)
    sources = sync.source._default_manager.using(using).filter(pk__in=RawSQL(statement, params))
    return int(sources.update(tracking_info_=info, **values))


def flows_back(model: type[models.Model], touched: Collection[str] | None) -> bool:
    """Whether writing the fields ``touched`` (``None``: any) of ``model`` may flow a
    bidirectional field back to a source, so the sources must be locked first."""
    for sync in declarations_targeting(model):
        for source_field, target_field in sync.pairs:
            if source_field.name not in sync.bidirectional:
                continue
            if touched is None or {target_field.name, target_field.attname} & set(touched):
                return True
    return False


def lock_sources(model: type[models.Model], targets: models.QuerySet[Any], using: str) -> None:
    """Lock, in primary-key order, the sources a write of ``targets`` may flow back to.

    A flow back locks the target row (its write) and then the source (the update flowing
    back), while a source update locks the source and then the target: run concurrently they
    would deadlock. Locking the sources *before* the target write makes both take their locks
    in one global order -- sources before targets, keys ascending -- so one simply waits for
    the other. Does nothing on databases without row locks.
    """
    if not connections[using].features.has_select_for_update:
        return
    for sync in declarations_targeting(model):
        if not sync.bidirectional:
            continue
        related = targets.values(sync.target_join.attname)
        rows = (
            sync.source._base_manager.using(using)
            .filter(**{f"{sync.source_join.attname}__in": related})
            .order_by("pk")
            .select_for_update()
            .values_list("pk", flat=True)
        )
        list(rows)


def lock_sources_of_instance(
    sender: type[models.Model], instance: models.Model, raw: bool = False, **kwargs: Any
) -> None:
    """``pre_save`` receiver of bidirectional targets: :func:`lock_sources` before the
    target row is written by ``save()``. A new row has nothing to flow back yet."""
    using = kwargs.get("using") or "default"
    if raw or instance._state.adding or not connections[using].in_atomic_block:
        return
    if not flows_back(sender, kwargs.get("update_fields")):
        return
    lock_sources(sender, sender._base_manager.using(using).filter(pk=instance.pk), using)


# -- the hooks --------------------------------------------------------------------------------


def on_source_write(write: tracking.Write) -> None:
    """Hook of every source model: sync the targets of the rows just created or updated."""
    if not write.objects:
        return
    touched = None if write.action is tracking.Action.CREATE else write.fields
    push(write.model, write.keys, touched, write.user, write.using, write.info)


def on_target_write(write: tracking.Write) -> None:
    """Hook of every target model: new or re-pointed targets take their source's values,
    bidirectional fields changed on them flow back to the source.

    A target is re-pointed when its foreign key to the source changed (known from the old
    values, which this hook asks for when a declaration's target holds that key); a row both
    re-pointed and changed takes its new source's values: the source is authoritative.
    """
    if write.model in _copying:
        return
    created = write.action is tracking.Action.CREATE
    for sync in declarations_targeting(write.model):
        join = _names(sync.target_join) if sync.kind == "reverse" else set()
        back = [(s, t) for s, t in sync.pairs if s.name in sync.bidirectional]
        back_names = {n for _, t in back for n in _names(t)}
        fill_keys: list[Any] = []
        back_keys: list[Any] = []
        flowing: set[str] = set()
        for modified in write.objects:
            touched = modified.changed_values.keys() or write.fields
            if created or join & touched:
                fill_keys.append(modified.pk)
            elif back_names & touched:
                back_keys.append(modified.pk)
                flowing.update(touched)
        if fill_keys:
            push_one(sync, None, write.user, write.using, target_keys=fill_keys, info=write.info)
        pairs = [(s, t) for s, t in back if _names(t) & flowing]
        pull_back(sync, back_keys, pairs, write.user, write.using, write.info)
