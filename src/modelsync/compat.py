"""Every private Django API django-modelsync touches, in one place.

Each name below wraps one private API, says why the library needs it, and has a test in
``tests/test_compat.py`` that fails when a Django release changes it. Supported: Django 5.2
and 6.0.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import django
from django.db.models import Field, Model, QuerySet
from django.db.models.deletion import Collector

__all__ = [
    "SAVE_UPDATE_RETURNS_ROWS",
    "ListeningCollector",
    "chain",
    "forget_results",
    "is_pk_set",
    "mark_for_write",
    "not_support_combined_queries",
    "prepare_related_fields_for_save",
    "save_update_result",
    "selects_values",
]

#: ``Model._do_update`` -- the one statement of a ``save()`` that updates a row -- is
#: overridden by ``TrackedModel`` to read the old values in that same statement. Django 6.0
#: added a ``returning_fields`` argument and made it return the returned rows (a list, empty
#: when no row matched) instead of a bool.
SAVE_UPDATE_RETURNS_ROWS: bool = django.VERSION >= (6, 0)


def save_update_result(
    count: int, new_values: Sequence[Any], returning: Sequence[Field[Any, Any]] | None
) -> bool | list[tuple[Any, ...]]:
    """What ``Model._do_update`` must return after writing ``count`` rows.

    ``new_values`` holds the written row's values of the ``returning`` fields (Django 6 sets
    them on the instance: e.g. the result of an ``F()`` expression).
    """
    if not SAVE_UPDATE_RETURNS_ROWS:
        return count > 0
    if count == 0:
        return []
    return [tuple(new_values)] if returning else [()]


def is_pk_set(obj: Model) -> bool:
    """``Model._is_pk_set()``: Django's own test of "has a primary key" (a composite key is
    set only when every part is); ``bulk_update`` must refuse the same objects Django does."""
    return bool(obj._is_pk_set())  # type: ignore[attr-defined]


def prepare_related_fields_for_save(
    obj: Model, operation_name: str, fields: Sequence[Field[Any, Any]]
) -> None:
    """``Model._prepare_related_fields_for_save()``: the tracked ``bulk_update`` writes with
    its own statement, and must refuse unsaved related objects with Django's messages."""
    obj._prepare_related_fields_for_save(  # type: ignore[attr-defined]
        operation_name=operation_name, fields=fields
    )


def not_support_combined_queries(queryset: QuerySet[Any], operation_name: str) -> None:
    """``QuerySet._not_support_combined_queries()``: the tracked ``update``/``delete`` refuse
    ``union()``/``intersection()`` querysets with Django's message before taking their own path."""
    queryset._not_support_combined_queries(operation_name)  # type: ignore[attr-defined]


def chain(queryset: QuerySet[Any]) -> QuerySet[Any]:
    """``QuerySet._chain()``: a copy to alter for the tracked ``delete`` (as Django's delete
    alters one), keeping the caller's queryset untouched."""
    return queryset._chain()  # type: ignore[attr-defined]


def mark_for_write(queryset: QuerySet[Any]) -> None:
    """Set ``QuerySet._for_write``: the tracked writes run their own statements, which must go
    to the database the router picks for writes (``queryset.db``), as Django's writes do."""
    queryset._for_write = True  # type: ignore[attr-defined]


def forget_results(queryset: QuerySet[Any]) -> None:
    """Clear ``QuerySet._result_cache`` after a tracked write, as Django's ``update()`` and
    ``delete()`` do: rows read before the write are stale."""
    queryset._result_cache = None


def selects_values(queryset: QuerySet[Any]) -> bool:
    """Whether ``queryset`` came from ``values()``/``values_list()`` (``QuerySet._fields``):
    the tracked ``delete()`` refuses those with Django's message."""
    return queryset._fields is not None  # type: ignore[attr-defined]


class ListeningCollector(Collector):
    """Django's deletion collector with one question made overridable: :meth:`listens`.

    Django loads whole rows (and never fast-deletes) only for models with ``pre_delete`` /
    ``post_delete`` receivers, asking the private ``Collector._has_signal_listeners``; a
    collector that reports deleted rows must answer "yes" for the models it reports.
    """

    def listens(self, model: type[Model]) -> bool:
        """Whether the deleted rows of ``model`` must be loaded whole; override this."""
        return False

    def _has_signal_listeners(self, model: type[Model]) -> bool:
        return self.listens(model) or bool(super()._has_signal_listeners(model))  # type: ignore[misc]
