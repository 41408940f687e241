"""``TrackedQuerySet`` / ``TrackedManager``: bulk writes that report what they changed."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from django.db import models, transaction
from django.db.models.sql import UpdateQuery

from . import writes
from .context import current_tracking_info, explicit_tracking_info
from .deletion import TrackingCollector
from .objects import ModifiedObject, check_tracking_info
from .signals import any_listeners, has_listeners, report

__all__ = ["TrackedManager", "TrackedQuerySet"]

M = TypeVar("M", bound=models.Model)


class TrackedQuerySet(models.QuerySet[M]):
    """A queryset whose writes send the tracking signals; usable on its own::

        class BookQuerySet(TrackedQuerySet):
            def cheap(self): return self.filter(price__lt=10)

        class Book(models.Model):
            objects = BookQuerySet.as_manager()

    Every write takes ``tracking_info_=TrackingInfo(...)``. With no receiver connected, each
    write runs exactly Django's statements.
    """

    def update(self, tracking_info_: Any = None, **kwargs: Any) -> int:
        """``QuerySet.update`` that reports each changed row with its old values."""
        check_tracking_info(tracking_info_)
        if not has_listeners(self.model, "update"):
            return super().update(**kwargs)
        # Same checks, same messages as Django.
        self._not_support_combined_queries("update")  # type: ignore[attr-defined]
        if self.query.is_sliced:
            raise TypeError("Cannot update a query once a slice has been taken.")
        query = UpdateQuery(self.model)
        query.add_update_values(kwargs)
        if not query.values and not query.related_updates:
            return super().update(**kwargs)
        self._for_write = True
        with (
            explicit_tracking_info(tracking_info_),
            transaction.atomic(using=self.db, savepoint=False),
        ):
            count, objects = writes.update(self, query)
            report(self.model, "update", objects, current_tracking_info(), self.db)
        self._result_cache = None
        return count

    update.alters_data = True  # type: ignore[attr-defined]

    def bulk_update(
        self,
        objs: Iterable[M],
        fields: Iterable[str],
        batch_size: int | None = None,
        tracking_info_: Any = None,
    ) -> int:
        """``QuerySet.bulk_update`` that reports changed rows; returns the number of rows."""
        check_tracking_info(tracking_info_)
        if not has_listeners(self.model, "update"):
            return super().bulk_update(objs, fields, batch_size=batch_size)
        objs = tuple(objs)
        fields = list(fields)
        # Same validation, same messages as Django's bulk_update.
        if batch_size is not None and batch_size <= 0:
            raise ValueError("Batch size must be a positive integer.")
        if not fields:
            raise ValueError("Field names must be given to bulk_update().")
        if not all(obj._is_pk_set() for obj in objs):  # type: ignore[attr-defined]
            raise ValueError("All bulk_update() objects must have a primary key set.")
        meta = self.model._meta
        model_fields = [meta.get_field(name) for name in fields]
        if any(not f.concrete or f.many_to_many for f in model_fields):
            raise ValueError("bulk_update() can only be used with concrete fields.")
        if any(getattr(f, "primary_key", False) for f in model_fields):
            raise ValueError("bulk_update() cannot be used with primary key fields.")
        if not objs:
            return 0
        for obj in objs:
            obj._prepare_related_fields_for_save(  # type: ignore[attr-defined]
                operation_name="bulk_update", fields=model_fields
            )
        self._for_write = True
        with (
            explicit_tracking_info(tracking_info_),
            transaction.atomic(using=self.db, savepoint=False),
        ):
            count, objects = writes.bulk_update(self, objs, model_fields, batch_size)  # type: ignore[arg-type]
            report(self.model, "update", objects, current_tracking_info(), self.db)
        return count

    bulk_update.alters_data = True  # type: ignore[attr-defined]

    def bulk_create(
        self, objs: Iterable[M], *args: Any, tracking_info_: Any = None, **kwargs: Any
    ) -> list[M]:
        """``QuerySet.bulk_create`` that reports the created rows.

        With ``ignore_conflicts=True`` only objects that got a primary key back are reported.
        """
        check_tracking_info(tracking_info_)
        if not has_listeners(self.model, "create"):
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
            report(self.model, "create", objects, current_tracking_info(), self.db)
        return created

    bulk_create.alters_data = True  # type: ignore[attr-defined]

    def create(self, tracking_info_: Any = None, **kwargs: Any) -> M:
        """``QuerySet.create`` that reports the new row."""
        check_tracking_info(tracking_info_)
        from .models import TrackedModel  # the model reports its own saves

        if issubclass(self.model, TrackedModel) or not has_listeners(self.model, "create"):
            with explicit_tracking_info(tracking_info_):
                return super().create(**kwargs)
        with (
            explicit_tracking_info(tracking_info_),
            transaction.atomic(using=self.db, savepoint=False),
        ):
            obj = super().create(**kwargs)
            report(
                self.model, "create", [ModifiedObject(obj, {})], current_tracking_info(), self.db
            )
        return obj

    create.alters_data = True  # type: ignore[attr-defined]

    def get_or_create(
        self, defaults: Mapping[str, Any] | None = None, tracking_info_: Any = None, **kwargs: Any
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
        tracking_info_: Any = None,
        **kwargs: Any,
    ) -> tuple[M, bool]:
        """``QuerySet.update_or_create``; the create or the update is reported."""
        check_tracking_info(tracking_info_)
        with explicit_tracking_info(tracking_info_):
            return super().update_or_create(defaults, create_defaults, **kwargs)

    update_or_create.alters_data = True  # type: ignore[attr-defined]

    def delete(self, tracking_info_: Any = None) -> tuple[int, dict[str, int]]:
        """``QuerySet.delete`` that reports the deleted rows, cascades into tracked models too."""
        check_tracking_info(tracking_info_)
        if not any_listeners():
            return super().delete()
        # Same checks, same messages as Django's QuerySet.delete.
        self._not_support_combined_queries("delete")  # type: ignore[attr-defined]
        if self.query.is_sliced:
            raise TypeError("Cannot use 'limit' or 'offset' with delete().")
        if self.query.distinct_fields:
            raise TypeError("Cannot call delete() after .distinct(*fields).")
        if self._fields is not None:  # type: ignore[attr-defined]
            raise TypeError("Cannot call delete() after .values() or .values_list()")
        rows = self._chain()  # type: ignore[attr-defined]
        rows._for_write = True
        rows.query.select_for_update = False
        rows.query.select_related = False
        rows.query.clear_ordering(force=True)
        with explicit_tracking_info(tracking_info_):
            collector = TrackingCollector(using=rows.db, origin=self)
            collector.collect(rows)
            result = collector.delete()
        self._result_cache = None
        return result

    delete.alters_data = True  # type: ignore[attr-defined]
    delete.queryset_only = True  # type: ignore[attr-defined]


class TrackedManager(models.Manager.from_queryset(TrackedQuerySet)):  # type: ignore[misc]
    """The manager of :class:`TrackedQuerySet`.

    ``TrackedManager.from_queryset(MyQuerySet)`` works with any queryset class: one that does
    not derive from ``TrackedQuerySet`` gets it mixed in.
    """

    @classmethod
    def from_queryset(cls, queryset_class: type[Any], class_name: str | None = None) -> type[Any]:
        """A manager class whose querysets are ``queryset_class``, tracked."""
        if not issubclass(queryset_class, TrackedQuerySet):
            queryset_class = type(queryset_class.__name__, (TrackedQuerySet, queryset_class), {})
        return super().from_queryset(queryset_class, class_name)
