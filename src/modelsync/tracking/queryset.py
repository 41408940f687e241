"""``TrackedQuerySet`` / ``TrackedManager``: bulk writes that report what they changed, and the
collector that reports deletes (cascades included)."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from django.db import models, transaction
from django.db.models import Field
from django.db.models.sql import UpdateQuery

from modelsync import compat

from . import pipeline
from .context import explicit_tracking_info
from .hooks import Action
from .objects import ModifiedObject, TrackingInfo, check_tracking_info

__all__ = ["TrackedManager", "TrackedQuerySet", "TrackingCollector", "is_tracked"]

M = TypeVar("M", bound=models.Model)


def is_tracked(model: type[models.Model]) -> bool:
    """Whether the writes of ``model`` are tracked: its default manager makes tracked querysets.

    Its ``save()`` and ``delete()`` are tracked too when it derives from
    :class:`~modelsync.tracking.models.TrackedModel`.
    """
    manager = getattr(model, "_default_manager", None)
    return issubclass(getattr(manager, "_queryset_class", object), TrackedQuerySet)


def _reports_deletes(model: type[models.Model]) -> bool:
    return is_tracked(model) and pipeline.needs(model, Action.DELETE) is not None


class TrackedQuerySet(models.QuerySet[M]):
    """A queryset whose writes send the tracking signals; usable on its own::

        class BookQuerySet(TrackedQuerySet):
            def cheap(self): return self.filter(price__lt=10)

        class Book(models.Model):
            objects = BookQuerySet.as_manager()

    Every write takes ``tracking_info_=TrackingInfo(...)``. With no receiver connected, each
    write runs exactly Django's statements.
    """

    def update(self, tracking_info_: TrackingInfo | None = None, **kwargs: Any) -> int:
        """``QuerySet.update`` that reports each changed row with its old values."""
        check_tracking_info(tracking_info_)
        if pipeline.needs(self.model, Action.UPDATE) is None:
            return super().update(**kwargs)
        # Same checks, same messages as Django.
        compat.not_support_combined_queries(self, "update")
        if self.query.is_sliced:
            raise TypeError("Cannot update a query once a slice has been taken.")
        query = UpdateQuery(self.model)
        if self.query.annotations:
            # F("x") of an annotation is its expression, as in Django's update(): resolve the
            # values against this queryset, which holds the annotations.
            scope = self.query.clone()
            kwargs = {
                name: value.resolve_expression(scope, allow_joins=False, for_save=True)
                if hasattr(value, "resolve_expression")
                else value
                for name, value in kwargs.items()
            }
        query.add_update_values(kwargs)
        if not query.values and not query.related_updates:
            return super().update(**kwargs)
        compat.mark_for_write(self)
        with (
            explicit_tracking_info(tracking_info_),
            transaction.atomic(using=self.db, savepoint=False),
        ):
            count, objects = pipeline.update(self, query)
            names = [f.name for f in pipeline.set_fields(query)]
            pipeline.record(self.model, Action.UPDATE, objects, self.db, names)
        compat.forget_results(self)
        return count

    update.alters_data = True  # type: ignore[attr-defined]

    def bulk_update(
        self,
        objs: Iterable[M],
        fields: Iterable[str],
        batch_size: int | None = None,
        tracking_info_: TrackingInfo | None = None,
    ) -> int:
        """``QuerySet.bulk_update`` that reports changed rows; returns the number of rows."""
        check_tracking_info(tracking_info_)
        if pipeline.needs(self.model, Action.UPDATE) is None:
            return super().bulk_update(objs, fields, batch_size=batch_size)
        objs = tuple(objs)
        fields = list(fields)
        # Same validation, same messages as Django's bulk_update.
        if batch_size is not None and batch_size <= 0:
            raise ValueError("Batch size must be a positive integer.")
        if not fields:
            raise ValueError("Field names must be given to bulk_update().")
        if not all(compat.is_pk_set(obj) for obj in objs):
            raise ValueError("All bulk_update() objects must have a primary key set.")
        meta = self.model._meta
        found = [meta.get_field(name) for name in fields]
        model_fields = [f for f in found if isinstance(f, Field) and f.concrete]
        if len(model_fields) < len(found) or any(f.many_to_many for f in model_fields):
            raise ValueError("bulk_update() can only be used with concrete fields.")
        if any(f.primary_key for f in model_fields):
            raise ValueError("bulk_update() cannot be used with primary key fields.")
        if not objs:
            return 0
        for obj in objs:
            compat.prepare_related_fields_for_save(obj, "bulk_update", model_fields)
        compat.mark_for_write(self)
        with (
            explicit_tracking_info(tracking_info_),
            transaction.atomic(using=self.db, savepoint=False),
        ):
            count, objects = pipeline.bulk_update(self, objs, model_fields, batch_size)
            names = [f.name for f in model_fields]
            pipeline.record(self.model, Action.UPDATE, objects, self.db, names)
        return count

    bulk_update.alters_data = True  # type: ignore[attr-defined]

    def bulk_create(
        self,
        objs: Iterable[M],
        *args: Any,
        tracking_info_: TrackingInfo | None = None,
        **kwargs: Any,
    ) -> list[M]:
        """``QuerySet.bulk_create`` that reports the created rows.

        With ``ignore_conflicts=True`` only objects that got a primary key back are reported.
        """
        check_tracking_info(tracking_info_)
        if pipeline.needs(self.model, Action.CREATE) is None:
            return super().bulk_create(objs, *args, **kwargs)
        with (
            explicit_tracking_info(tracking_info_),
            transaction.atomic(using=self.db, savepoint=False),
        ):
            created = super().bulk_create(objs, *args, **kwargs)
            ignored = kwargs.get("ignore_conflicts") or (len(args) > 1 and args[1])
            objects = [
                ModifiedObject(obj, {}) for obj in created if not ignored or obj.pk is not None
            ]
            pipeline.record(self.model, Action.CREATE, objects, self.db)
        return created

    bulk_create.alters_data = True  # type: ignore[attr-defined]

    def create(self, tracking_info_: TrackingInfo | None = None, **kwargs: Any) -> M:
        """``QuerySet.create`` that reports the new row."""
        check_tracking_info(tracking_info_)
        reported_by_save = getattr(self.model, "reports_own_saves", False)  # a TrackedModel
        if reported_by_save or pipeline.needs(self.model, Action.CREATE) is None:
            with explicit_tracking_info(tracking_info_):
                return super().create(**kwargs)
        with (
            explicit_tracking_info(tracking_info_),
            transaction.atomic(using=self.db, savepoint=False),
        ):
            obj = super().create(**kwargs)
            pipeline.record(self.model, Action.CREATE, [ModifiedObject(obj, {})], self.db)
        return obj

    create.alters_data = True  # type: ignore[attr-defined]

    def get_or_create(
        self,
        defaults: Mapping[str, Any] | None = None,
        tracking_info_: TrackingInfo | None = None,
        **kwargs: Any,
    ) -> tuple[M, bool]:
        """``QuerySet.get_or_create``; the create is reported."""
        check_tracking_info(tracking_info_)
        with explicit_tracking_info(tracking_info_):
            return super().get_or_create(defaults, **kwargs)

    get_or_create.alters_data = True  # type: ignore[attr-defined]

    def update_or_create(
        self,
        defaults: Mapping[str, Any] | None = None,
        create_defaults: Mapping[str, Any] | None = None,
        tracking_info_: TrackingInfo | None = None,
        **kwargs: Any,
    ) -> tuple[M, bool]:
        """``QuerySet.update_or_create``; the create or the update is reported."""
        check_tracking_info(tracking_info_)
        with explicit_tracking_info(tracking_info_):
            return super().update_or_create(defaults, create_defaults, **kwargs)

    update_or_create.alters_data = True  # type: ignore[attr-defined]

    def delete(self, tracking_info_: TrackingInfo | None = None) -> tuple[int, dict[str, int]]:
        """``QuerySet.delete`` that reports the deleted rows, cascades into tracked models too."""
        check_tracking_info(tracking_info_)
        if not pipeline.needs_anywhere():
            return super().delete()
        # Same checks, same messages as Django's QuerySet.delete.
        compat.not_support_combined_queries(self, "delete")
        if self.query.is_sliced:
            raise TypeError("Cannot use 'limit' or 'offset' with delete().")
        if self.query.distinct_fields:
            raise TypeError("Cannot call delete() after .distinct(*fields).")
        if compat.selects_values(self):
            raise TypeError("Cannot call delete() after .values() or .values_list()")
        rows = compat.chain(self)
        compat.mark_for_write(rows)
        rows.query.select_for_update = False
        rows.query.select_related = False
        rows.query.clear_ordering(force=True)
        with explicit_tracking_info(tracking_info_):
            collector = TrackingCollector(using=rows.db, origin=self)
            collector.collect(rows)  # type: ignore[arg-type]  # stubs: querysets are accepted
            result = collector.delete()
        compat.forget_results(self)
        return result

    delete.alters_data = True  # type: ignore[attr-defined]
    delete.queryset_only = True  # type: ignore[attr-defined]


class TrackedManager(models.Manager.from_queryset(TrackedQuerySet)):  # type: ignore[misc]
    """The manager of :class:`TrackedQuerySet`.

    ``TrackedManager.from_queryset(MyQuerySet)`` works with any queryset class: one that does
    not derive from ``TrackedQuerySet`` gets it mixed in.
    """

    @classmethod
    def from_queryset(
        cls, queryset_class: type[models.QuerySet[Any]], class_name: str | None = None
    ) -> type[models.Manager[Any]]:
        """A manager class whose querysets are ``queryset_class``, tracked."""
        if not issubclass(queryset_class, TrackedQuerySet):
            queryset_class = type(queryset_class.__name__, (TrackedQuerySet, queryset_class), {})
        return super().from_queryset(queryset_class, class_name)


class TrackingCollector(compat.ListeningCollector):
    """Django's collector, except that rows of tracked models whose deletes are listened to
    are loaded (never fast-deleted), so that each deleted row can be reported.

    Other models are deleted exactly as Django does.
    """

    def __init__(self, using: str, origin: models.Model | models.QuerySet[Any] | None) -> None:
        super().__init__(using=using, origin=origin)

    def can_fast_delete(self, objs: Any, from_field: Any = None) -> bool:
        """Refuse the fast path for models whose deletes are listened to."""
        model = getattr(objs, "model", None) or getattr(getattr(objs, "_meta", None), "model", None)
        if model is not None and _reports_deletes(model):
            return False
        return super().can_fast_delete(objs, from_field=from_field)

    def listens(self, model: type[models.Model]) -> bool:
        """Receivers see whole rows: Django must not defer the fields of reported models."""
        return _reports_deletes(model)

    def delete(self) -> tuple[int, dict[str, int]]:
        """Delete everything collected and report it, in one transaction."""
        deleted: list[tuple[type[models.Model], list[tuple[models.Model, Any]]]] = []
        for model, instances in self.data.items():
            if _reports_deletes(model):
                # Django clears the pk of deleted instances; receivers need it. The caller's
                # own instance keeps Django's behaviour: receivers get a copy of it.
                rows = [
                    (copy.copy(obj) if obj is self.origin else obj, obj.pk) for obj in instances
                ]
                deleted.append((model, rows))
        with transaction.atomic(using=self.using, savepoint=False):
            result = super().delete()
            for model, rows in deleted:
                pk_attname = model._meta.pk.attname
                objects: list[ModifiedObject[Any]] = []
                for obj, pk in rows:
                    setattr(obj, pk_attname, pk)
                    objects.append(ModifiedObject(obj, {}))
                pipeline.record(model, Action.DELETE, objects, self.using)
        return result
