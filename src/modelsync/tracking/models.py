"""``TrackedModel``: the abstract base whose every write -- single or bulk -- is tracked."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

import django
from django.db import models, router, transaction
from django.db.models.sql import UpdateQuery

from . import writes
from .context import current_tracking_info, explicit_tracking_info
from .deletion import TrackingCollector
from .objects import ModifiedObject, check_tracking_info
from .queryset import TrackedManager
from .signals import any_listeners, has_listeners, report
from .sql.common import locked_rows, plain_queryset
from .sql.generic import diff

__all__ = ["TrackedModel"]

# Django 6 changed the private ``_do_update`` hook; there the save takes the generic path.
_HOOKS_SUPPORTED = django.VERSION < (6, 0)


@dataclass
class _Save:
    """What happened during one ``save()`` of a tracked instance."""

    instance: models.Model
    in_one_statement: bool
    inserted: bool = False
    updates: list[tuple[int, list[ModifiedObject[Any]]]] = field(default_factory=list)


_saving: ContextVar[_Save | None] = ContextVar("modelsync_saving", default=None)


class TrackedModel(models.Model):
    """Abstract model base: ``save()``, ``delete()`` and every bulk write send tracking signals.

    No ``FieldTracker`` and no copy of the instance on load: the old values are read from the
    database, under a row lock, by the write itself.
    """

    objects = TrackedManager()

    class Meta:
        abstract = True

    def save(self, *args: Any, tracking_info_: Any = None, **kwargs: Any) -> None:
        """``Model.save`` that reports the created row, or the fields whose value changed."""
        check_tracking_info(tracking_info_)
        model = type(self)
        if not (has_listeners(model, "create") or has_listeners(model, "update")):
            super().save(*args, **kwargs)
            return
        using = kwargs.get("using") or router.db_for_write(model, instance=self)
        meta = self._meta
        in_one_statement = _HOOKS_SUPPORTED and not meta.parents and not meta.select_on_save
        state = _Save(self, in_one_statement)
        token = _saving.set(state)
        try:
            with (
                explicit_tracking_info(tracking_info_),
                transaction.atomic(using=using, savepoint=False),
            ):
                fields = self._fields_to_save(kwargs.get("update_fields"))
                old = None
                if not in_one_statement and self.pk is not None and fields:
                    rows = locked_rows(plain_queryset(model, using).filter(pk=self.pk), fields)
                    old = {row[0]: row[1:] for row in rows}
                super().save(*args, **kwargs)
                info = current_tracking_info()
                if state.inserted:
                    report(model, "create", [ModifiedObject(self, {})], info, using)
                elif old:
                    new = {self.pk: plain_queryset(model, using).get(pk=self.pk)}
                    changed = diff(old, new, fields).get(self.pk)
                    objects = [ModifiedObject(self, changed)] if changed else []
                    report(model, "update", objects, info, using)
                else:
                    for _count, objects in state.updates:
                        report(model, "update", objects, info, using)
        finally:
            _saving.reset(token)

    save.alters_data = True  # type: ignore[attr-defined]

    def _fields_to_save(self, update_fields: Any) -> list[Any]:
        """The concrete non-pk fields a save writes."""
        fields = [f for f in self._meta.concrete_fields if not f.primary_key]
        if update_fields is not None:
            names = set(update_fields)
            fields = [f for f in fields if f.name in names or f.attname in names]
        return fields

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
        # Read the old values and write the new ones in one statement (under a row lock).
        query = UpdateQuery(base_qs.model)
        query.add_update_fields(values)
        count, objects = writes.update(base_qs.filter(pk=pk_val), query, instance=self)
        state.updates.append((count, objects))
        return count > 0

    def delete(
        self, using: Any = None, keep_parents: bool = False, tracking_info_: Any = None
    ) -> tuple[int, dict[str, int]]:
        """``Model.delete`` that reports this row and the tracked rows deleted by cascade."""
        check_tracking_info(tracking_info_)
        if not any_listeners():
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
