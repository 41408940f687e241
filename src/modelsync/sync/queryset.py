"""``SyncQuerySet`` / ``SyncManager``: tracked writes that keep the declared targets equal.

Every write of a synced field -- ``update()``, ``bulk_update()``, the explicit
:meth:`SyncQuerySet.update_synced` / :meth:`SyncQuerySet.bulk_update_synced`, and ``save()``
(through the tracking part's in-transaction ``changes_recorded`` signal) -- runs the target
``UPDATE`` in the same transaction as the source write, so a failing target rolls the source
back.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import models, transaction

from modelsync import tracking
from modelsync.tracking import TrackingInfo

from . import engine
from .exceptions import SyncArgumentError
from .expressions import InKeys
from .fields import validate_fields

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

_M = TypeVar("_M", bound=models.Model)


def tracking_context(user: AbstractBaseUser | None) -> contextlib.AbstractContextManager[object]:
    """``tracking(user=...)`` when a user is given (the user of the tracked writes)."""
    if user is None:
        return contextlib.nullcontext()
    return tracking.tracking(user=user)


class SyncQuerySet(tracking.TrackedQuerySet[_M]):
    """A tracked queryset whose writes keep every :class:`~modelsync.sync.SyncTo` target equal.

    The sync itself is a hook on the write pipeline and follows every tracked write; this
    queryset adds what must happen *before* a write: unknown field names are refused, and a
    write of a bidirectional field of a target locks the sources first (see
    :func:`~modelsync.sync.engine.lock_sources`). It also offers the explicit
    :meth:`update_synced` / :meth:`bulk_update_synced`. Use it as ``objects = SyncManager()``
    or ``SyncManager.from_queryset(MyQuerySet)`` with ``MyQuerySet(SyncQuerySet)``.
    """

    def update(self, tracking_info_: TrackingInfo | None = None, **kwargs: Any) -> int:
        """``QuerySet.update``; the targets of exactly the rows it wrote follow."""
        validate_fields(self.model, kwargs)
        if self.query.is_sliced or not engine.flows_back(self.model, kwargs):
            return super().update(tracking_info_=tracking_info_, **kwargs)
        with transaction.atomic(using=self.db):
            engine.lock_sources(self.model, self, self.db)
            return super().update(tracking_info_=tracking_info_, **kwargs)

    update.alters_data = True  # type: ignore[attr-defined]

    def bulk_update(
        self,
        objs: Iterable[_M],
        fields: Iterable[str],
        batch_size: int | None = None,
        tracking_info_: TrackingInfo | None = None,
    ) -> int:
        """``QuerySet.bulk_update``; the targets of ``objs`` follow. Returns the row count."""
        objs = list(objs)
        fields = list(fields)
        validate_fields(self.model, fields)
        if not objs or not engine.flows_back(self.model, fields):
            return super().bulk_update(objs, fields, batch_size, tracking_info_)
        with transaction.atomic(using=self.db):
            written = self.model._base_manager.using(self.db).filter(
                InKeys("pk", self.model, [obj.pk for obj in objs])
            )
            engine.lock_sources(self.model, written, self.db)
            return super().bulk_update(objs, fields, batch_size, tracking_info_)

    bulk_update.alters_data = True  # type: ignore[attr-defined]

    # -- explicit methods: one row or a queryset, with who did it ------------------------------

    def update_synced(
        self,
        pk: Any = None,
        instance: _M | None = None,
        user: AbstractBaseUser | None = None,
        *,
        id_argument: str = "pk",
        **fields: Any,
    ) -> _M:
        """Update one row, given by ``pk`` or ``instance``, and sync its targets.

        The row is locked (``SELECT … FOR UPDATE``), saved with only the given fields plus
        ``updated_by`` (when ``user`` is given) and ``updated_at``, and its targets are
        updated where they differ. Returns the updated instance (the given ``instance``
        itself, refreshed, when one was passed); fields given as expressions
        (``F("total_amount") + 1``) are read back, so it holds their new values.

        ``id_argument`` is the name the caller's own method gives ``pk`` (e.g. ``"order_id"``),
        used in the error raised when neither ``pk`` nor ``instance`` is given.
        """
        if pk is None and instance is None:
            raise SyncArgumentError(f"Either {id_argument} or instance must be provided")
        validate_fields(self.model, fields)
        key = pk if pk is not None else instance.pk  # type: ignore[union-attr]
        values = {**fields, **engine.source_stamps(self.model, user)}
        # An expression is computed by the database: read its result back.
        computed = [name for name, value in values.items() if hasattr(value, "resolve_expression")]
        with tracking_context(user), transaction.atomic(using=self.db):
            obj = self.select_for_update().get(pk=key)
            for name, value in values.items():
                setattr(obj, name, value)
            obj.save(update_fields=list(values), using=self.db)
        if computed:
            obj.refresh_from_db(using=self.db, fields=computed)
        if instance is not None and instance is not obj:
            for field in self.model._meta.concrete_fields:
                setattr(instance, field.attname, getattr(obj, field.attname))
            return instance
        return obj

    def bulk_update_synced(
        self,
        queryset: models.QuerySet[_M],
        user: AbstractBaseUser | None = None,
        **fields: Any,
    ) -> int:
        """Update every row of ``queryset`` with ``fields`` and sync their targets.

        Set-based: one ``UPDATE`` of the sources, then one ``UPDATE … FROM`` per target
        model touching only rows that differ. The synced rows are exactly those the
        queryset matched before the update. Returns the number of rows updated (0 for an
        empty queryset).
        """
        if queryset.model._meta.concrete_model is not self.model._meta.concrete_model:
            raise SyncArgumentError(
                f"queryset must be a queryset of {self.model._meta.label}, "
                f"not of {queryset.model._meta.label}"
            )
        validate_fields(self.model, fields)
        if not isinstance(queryset, SyncQuerySet):
            queryset = self.filter(pk__in=queryset.values("pk"))
        values = {**fields, **engine.source_stamps(self.model, user)}
        with tracking_context(user):
            return queryset.update(**values)

    def create_with_user(self, user: AbstractBaseUser | None = None, **fields: Any) -> _M:
        """``create(**fields)`` recording ``user`` as ``updated_by`` (and as the tracked author)."""
        validate_fields(self.model, fields)
        values = {**fields, **engine.source_stamps(self.model, user)}
        values.pop("updated_at", None)  # auto_now fields fill themselves on create
        with tracking_context(user):
            return self.create(**values)


class SyncManager(tracking.TrackedManager.from_queryset(SyncQuerySet)):  # type: ignore[misc]
    """Manager of :class:`SyncQuerySet` (a subclass of the tracking manager)."""
