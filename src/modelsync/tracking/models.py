"""``TrackedModel``: the abstract base whose every write -- single or bulk -- is tracked."""

from __future__ import annotations

from collections.abc import Iterable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.db import models, router, transaction
from django.db.models import Field
from django.db.models.sql import UpdateQuery

from modelsync import compat
from modelsync.db import plain_queryset

from . import fallback, pipeline
from .context import explicit_tracking_info
from .hooks import Action, Need
from .objects import ModifiedObject, TrackingInfo, check_tracking_info
from .queryset import TrackedManager, TrackingCollector

__all__ = ["BulkTrackerModel", "TrackedModel"]


@dataclass
class _Save:
    """What happened during one ``save()`` of a tracked instance."""

    instance: models.Model
    #: The old values are read by the UPDATE itself (see ``_do_update``).
    in_one_statement: bool
    inserted: bool = False
    updates: list[list[ModifiedObject[Any]]] = field(default_factory=list)


_saving: ContextVar[_Save | None] = ContextVar("modelsync_saving", default=None)


class TrackedModel(models.Model):
    """Abstract model base: ``save()``, ``delete()`` and every bulk write are tracked.

    No ``FieldTracker`` and no copy of the instance on load: the old values are read from the
    database, under a row lock, by the write itself -- and only when someone needs them.
    Import it from ``modelsync.tracking.models`` (defining a model needs the app registry).
    """

    objects = TrackedManager()

    #: Read by ``TrackedQuerySet.create``: this model's ``save()`` (also when a subclass
    #: overrides it) reports the created row itself, so the queryset must not report it again.
    reports_own_saves: ClassVar[bool] = True

    class Meta:
        abstract = True

    def save(self, *args: Any, tracking_info_: TrackingInfo | None = None, **kwargs: Any) -> None:
        """``Model.save`` that reports the created row, or the fields whose value changed."""
        check_tracking_info(tracking_info_)
        model = type(self)
        create_needs = pipeline.needs(model, Action.CREATE)
        update_needs = pipeline.needs(model, Action.UPDATE)
        if create_needs is None and update_needs is None:
            super().save(*args, **kwargs)
            return
        using = kwargs.get("using") or router.db_for_write(model, instance=self)
        meta = self._meta
        old_values = update_needs is not None and update_needs != Need.KEYS
        # Multi-table inheritance writes several tables, select_on_save a SELECT first: both
        # read the old values with a locked SELECT before Django's own statements.
        state = _Save(self, old_values and not meta.parents and not meta.select_on_save)
        token = _saving.set(state)
        try:
            with (
                explicit_tracking_info(tracking_info_),
                transaction.atomic(using=using, savepoint=False),
            ):
                fields = self._fields_to_save(kwargs.get("update_fields"))
                names = [f.name for f in fields]
                old = None
                if old_values and not state.in_one_statement and self.pk is not None and fields:
                    old = fallback.read_old(plain_queryset(model, using).filter(pk=self.pk), fields)
                super().save(*args, **kwargs)
                if state.inserted:
                    pipeline.record(model, Action.CREATE, [ModifiedObject(self, {})], using)
                elif not old_values:
                    if fields:  # Django wrote the row (keys are all anyone needs)
                        pipeline.record(
                            model, Action.UPDATE, [ModifiedObject(self, {})], using, names
                        )
                elif old:
                    new = {self.pk: plain_queryset(model, using).get(pk=self.pk)}
                    changed = fallback.diff(old, new, fields).get(self.pk)
                    objects = [ModifiedObject(self, changed)] if changed else []
                    pipeline.record(model, Action.UPDATE, objects, using, names)
                else:
                    for objects in state.updates:
                        pipeline.record(model, Action.UPDATE, objects, using, names)
        finally:
            _saving.reset(token)

    save.alters_data = True  # type: ignore[attr-defined]

    def _fields_to_save(self, update_fields: Iterable[str] | None) -> list[Field[Any, Any]]:
        """The concrete non-pk fields a save writes."""
        fields = [f for f in self._meta.concrete_fields if not f.primary_key]
        if update_fields is not None:
            names = set(update_fields)
            fields = [f for f in fields if f.name in names or f.attname in names]
        return fields

    # Django's private per-statement hooks of save(); see modelsync.compat.

    def _do_insert(
        self, manager: Any, using: Any, fields: Any, returning_fields: Any, raw: Any
    ) -> Any:
        state = _saving.get()
        if state is not None and state.instance is self:
            state.inserted = True
        return super()._do_insert(  # type: ignore[misc]
            manager, using, fields, returning_fields, raw
        )

    def _do_update(self, base_qs: Any, using: Any, pk_val: Any, values: Any, *args: Any) -> Any:
        state = _saving.get()
        if state is None or state.instance is not self or not state.in_one_statement or not values:
            return super()._do_update(base_qs, using, pk_val, values, *args)
        # Django 6 passes the fields whose written value it wants back (update_fields and
        # forced_update come first).
        returning = args[2] if compat.SAVE_UPDATE_RETURNS_ROWS else None
        # Read the old values and write the new ones in one statement (under a row lock).
        query = UpdateQuery(base_qs.model)
        query.add_update_fields(values)
        count, objects = pipeline.update(base_qs.filter(pk=pk_val), query, instance=self)
        state.updates.append(objects)
        new_values: list[Any] = []
        if returning and count:
            # The expressions Django wants resolved: re-read them (a rare case, e.g. F() + 1).
            row = (
                plain_queryset(type(self), using)
                .filter(pk=pk_val)
                .values_list(*(f.attname for f in returning))
            )
            new_values = list(row[0])
        return compat.save_update_result(count, new_values, returning)

    def delete(
        self,
        using: str | None = None,
        keep_parents: bool = False,
        tracking_info_: TrackingInfo | None = None,
    ) -> tuple[int, dict[str, int]]:
        """``Model.delete`` that reports this row and the tracked rows deleted by cascade."""
        check_tracking_info(tracking_info_)
        if not pipeline.needs_anywhere():
            return super().delete(using=using, keep_parents=keep_parents)
        if self.pk is None:
            raise ValueError(
                f"{self._meta.object_name} object can't be deleted because its "
                f"{self._meta.pk.attname} attribute is set to None."
            )
        using = using or router.db_for_write(type(self), instance=self)
        with explicit_tracking_info(tracking_info_):
            collector = TrackingCollector(using=using, origin=self)
            collector.collect([self], keep_parents=keep_parents)
            return collector.delete()

    delete.alters_data = True  # type: ignore[attr-defined]


#: :class:`TrackedModel` under the name django-bulk-tracker gives it, for code moving over.
BulkTrackerModel = TrackedModel
