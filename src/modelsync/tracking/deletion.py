"""Deletes, cascades included: a collector that reports the tracked rows it removes."""

from __future__ import annotations

import copy
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.db.models.deletion import Collector

from .context import current_tracking_info
from .objects import ModifiedObject
from .signals import has_listeners, report

__all__ = ["TrackingCollector"]


def _reported(model: type[Model]) -> bool:
    """Whether deletes of ``model`` are tracked and someone listens to them."""
    from .queryset import TrackedQuerySet

    manager = getattr(model, "_default_manager", None)
    tracked = issubclass(getattr(manager, "_queryset_class", object), TrackedQuerySet)
    return tracked and has_listeners(model, "delete")


class TrackingCollector(Collector):
    """Django's collector, except that rows of tracked models with delete receivers are loaded
    (never fast-deleted) so that each deleted row can be reported.

    Other models are deleted exactly as Django does.
    """

    def can_fast_delete(self, objs: Any, from_field: Any = None) -> bool:
        """Refuse the fast path for models whose deletes are listened to."""
        model = getattr(objs, "model", None) or getattr(getattr(objs, "_meta", None), "model", None)
        if model is not None and _reported(model):
            return False
        return super().can_fast_delete(objs, from_field=from_field)

    def _has_signal_listeners(self, model: type[Model]) -> bool:
        # Receivers see whole rows: Django must not defer the fields of reported models.
        return _reported(model) or super()._has_signal_listeners(model)  # type: ignore[misc]

    def delete(self) -> tuple[int, dict[str, int]]:
        """Delete everything collected and report it, in one transaction."""
        deleted: list[tuple[type[Model], list[tuple[Model, Any]]]] = []
        for model, instances in self.data.items():
            if _reported(model):
                # Django clears the pk of deleted instances; receivers need it. The caller's
                # own instance keeps Django's behaviour: receivers get a copy of it.
                rows = [
                    (copy.copy(obj) if obj is self.origin else obj, obj.pk) for obj in instances
                ]
                deleted.append((model, rows))
        with transaction.atomic(using=self.using, savepoint=False):
            result = super().delete()
            if deleted:
                info = current_tracking_info()
                for model, rows in deleted:
                    pk_attname = model._meta.pk.attname
                    objects: list[ModifiedObject[Any]] = []
                    for obj, pk in rows:
                        setattr(obj, pk_attname, pk)
                        objects.append(ModifiedObject(obj, {}))
                    report(model, "delete", objects, info, self.using)
        return result
