"""``SyncQuerySet`` / ``SyncManager``: tracked writes that keep the declared targets equal.

Every write of a synced field -- ``update()``, ``bulk_update()``, the explicit
:meth:`SyncQuerySet.update_synced` / :meth:`SyncQuerySet.bulk_update_synced`, and ``save()``
(through the tracking part's in-transaction ``changes_recorded`` signal) -- runs the target
``UPDATE`` in the same transaction as the source write, so a failing target rolls the source
back.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from django.db import models, transaction

from modelsync import tracking as tracking_api

from . import engine, receivers
from .fields import validate_fields
from .returning import update_returning_keys

_M = TypeVar("_M", bound=models.Model)


def others_track_updates(model: type[models.Model]) -> bool:
    """Whether anyone but sync listens to the tracking signals of updates of ``model``.

    When only sync listens, the tracking part would read every old value just to hand sync
    the keys it can get from ``UPDATE … RETURNING pk`` for a fraction of the cost, so sync
    takes that path; as soon as another receiver (the audit app, a project's receiver)
    listens, the update goes through the tracking part and they get their signals.
    """
    if tracking_api.post_update_signal.has_listeners(model):
        return True
    signal = tracking_api.changes_recorded
    try:
        # Signal has no public "who listens" API; fall back to "yes" (the safe, tracked path).
        sync_receivers, async_receivers = signal._live_receivers(model)
    except Exception:
        return True
    return bool(async_receivers) or any(
        r is not receivers.on_changes_recorded for r in sync_receivers
    )


def tracking_context(user: Any) -> contextlib.AbstractContextManager[Any]:
    """``tracking(user=...)`` when a user is given (the user of the tracked writes)."""
    if user is None:
        return contextlib.nullcontext()
    return tracking_api.tracking(user=user)


def _written_field_names(values: Iterable[str]) -> set[str]:
    # Keyword arguments ending in "_" (tracking_info_) are options, not fields.
    return {name for name in values if not name.endswith("_")}


class SyncQuerySet(tracking_api.TrackedQuerySet):
    """A tracked queryset whose writes keep every :class:`~modelsync.sync.SyncTo` target equal.

    Usable alone: ``objects = SyncManager()`` or ``SyncManager.from_queryset(MyQuerySet)``
    with ``MyQuerySet(SyncQuerySet)``.
    """

    def update(self, tracking_info_: Any = None, **kwargs: Any) -> int:
        """``QuerySet.update`` that also syncs the targets of exactly the rows it wrote."""
        touched = _written_field_names(kwargs)
        validate_fields(self.model, touched)
        if not engine.needs_sync(self.model, touched):
            return super().update(tracking_info_=tracking_info_, **kwargs)
        user = getattr(tracking_info_, "user", None) or engine.current_user()
        with transaction.atomic(using=self.db), engine.handling(self.model) as collected:
            if others_track_updates(self.model):
                count = super().update(tracking_info_=tracking_info_, **kwargs)
                keys = list(collected)
            else:
                keys = update_returning_keys(self, kwargs)
                count = len(keys)
            engine.after_write(self.model, keys, touched, user, self.db)
        return count

    def bulk_update(  # type: ignore[override]  # same signature as the tracking part's
        self,
        objs: Iterable[Any],
        fields: Sequence[str],
        batch_size: int | None = None,
        tracking_info_: Any = None,
    ) -> int:
        """``QuerySet.bulk_update`` that also syncs the targets of ``objs``; returns the count."""
        objs = list(objs)
        touched = set(fields)
        if not engine.needs_sync(self.model, touched):
            return super().bulk_update(objs, fields, batch_size, tracking_info_)
        user = getattr(tracking_info_, "user", None) or engine.current_user()
        with transaction.atomic(using=self.db), engine.handling(self.model):
            count = super().bulk_update(objs, fields, batch_size, tracking_info_)
            engine.after_write(self.model, [o.pk for o in objs], touched, user, self.db)
        return count or 0

    # -- explicit methods (the spec's OrderModelManager, under generic names) ------------

    def update_synced(
        self,
        pk: Any = None,
        instance: Any = None,
        user: Any = None,
        *,
        id_argument: str = "pk",
        **fields: Any,
    ) -> Any:
        """Update one row, given by ``pk`` or ``instance``, and sync its targets.

        The row is locked (``SELECT … FOR UPDATE``), saved with only the given fields plus
        ``updated_by`` (when ``user`` is given) and ``updated_at``, and its targets are
        updated where they differ: three statements. Returns the updated instance (the
        given ``instance`` itself, refreshed, when one was passed).
        """
        if pk is None and instance is None:
            raise ValueError(f"Either {id_argument} or instance must be provided")
        validate_fields(self.model, fields)
        key = pk if pk is not None else instance.pk
        stamps = engine.source_stamps(self.model, user)
        values = {**fields, **stamps}
        with (
            tracking_context(user),
            transaction.atomic(using=self.db),
            engine.handling(self.model),
        ):
            obj = self.select_for_update().get(pk=key)
            for name, value in values.items():
                setattr(obj, name, value)
            obj.save(update_fields=list(values), using=self.db)
            engine.after_write(self.model, [obj.pk], set(fields), user, self.db)
        if instance is not None and instance is not obj:
            for field in self.model._meta.concrete_fields:
                setattr(instance, field.attname, getattr(obj, field.attname))
            return instance
        return obj

    def bulk_update_synced(
        self, queryset: models.QuerySet[Any], user: Any = None, **fields: Any
    ) -> int:
        """Update every row of ``queryset`` with ``fields`` and sync their targets.

        Set-based: one ``UPDATE`` of the sources, then one ``UPDATE … FROM`` per target
        model touching only rows that differ. The synced rows are exactly those the
        queryset matched before the update. Returns the number of rows updated.
        """
        if queryset.model._meta.concrete_model is not self.model._meta.concrete_model:
            raise ValueError(
                f"queryset must be a queryset of {self.model._meta.label}, "
                f"not of {queryset.model._meta.label}"
            )
        validate_fields(self.model, fields)
        if not isinstance(queryset, SyncQuerySet):
            queryset = self.filter(pk__in=queryset.values("pk"))
        values = {**fields, **engine.source_stamps(self.model, user)}
        with tracking_context(user):
            return queryset.update(**values)

    def create_with_user(self, user: Any = None, **fields: Any) -> Any:
        """``create(**fields)`` recording ``user`` as ``updated_by`` (and as the tracked author)."""
        validate_fields(self.model, fields)
        values = {**fields, **engine.source_stamps(self.model, user)}
        values.pop("updated_at", None)  # auto_now fields fill themselves on create
        with tracking_context(user):
            return self.create(**values)


class SyncManager(tracking_api.TrackedManager.from_queryset(SyncQuerySet)):  # type: ignore[misc]
    """Manager of :class:`SyncQuerySet` (a subclass of the tracking manager)."""
