"""``RemoteQuerySet``: querysets that bring the matching remote rows in before answering.

Reads (iteration, ``get``, ``count``, ``exists``, ``first``/``last``, ``latest``/``earliest``,
``in_bulk``) send one remote query (all pages) and one bulk upsert, then run the normal Django
query on the local table. Writes go to both sides in one local transaction. Methods that have
no remote meaning raise :class:`UnsupportedRemoteOperation` naming the method;
``skip_remote()`` returns a new, purely local queryset on which everything works.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from django.db import models, transaction
from django.db.models.utils import resolve_callables

from . import config
from .backend import RemoteQuery
from .connection import get_backend
from .exceptions import UnsupportedRemoteOperation
from .filters import FilterTranslator, RemoteFilter, check_lookup_names
from .local_only import LocalOnlyMethods
from .lookups import portable_where
from .options import key_literal, options_of
from .orderby import ordering_is_portable, translate_ordering
from .pull import pull, refresh_if_newer, upsert
from .writes import (
    assign_client_key,
    push_bulk_create,
    push_delete,
    push_update,
    undo_creates,
    update_payload,
)


class RemoteQuerySet(LocalOnlyMethods, models.QuerySet[Any]):
    """Queryset of a :class:`~modelsync.remote.RemoteModel`, mirrored to the remote service."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._remote_skip = False
        self._remote_pulled = False

    # -- state -----------------------------------------------------------------------------
    def _clone(self) -> RemoteQuerySet:
        # A clone has its own query, so it must pull again; only "skip" is inherited.
        clone = super()._clone()  # type: ignore[misc]
        clone._remote_skip = self._remote_skip
        clone._remote_pulled = False
        return clone

    @property
    def remote_active(self) -> bool:
        """Whether this queryset talks to the remote (not skipped, remote configured)."""
        return not self._remote_skip and config.enabled()

    def skip_remote(self) -> RemoteQuerySet:
        """A new queryset that only reads and writes local rows (the original is unchanged)."""
        clone: RemoteQuerySet = self._chain()  # type: ignore[attr-defined]
        clone._remote_skip = True
        return clone

    # -- building --------------------------------------------------------------------------
    def _filter_or_exclude(self, negate: bool, args: Any, kwargs: Any) -> RemoteQuerySet:
        if self.remote_active:
            check_lookup_names(self.model, args, kwargs)
        clone = super()._filter_or_exclude(negate, args, kwargs)  # type: ignore[misc]
        if self.remote_active:
            # Text lookups mean the same locally as remotely, whatever the local database.
            clone.query.where = portable_where(clone.query.where)
            # Fail at filter() time, naming the lookup, rather than on first use.
            FilterTranslator(self.model, resolve_keys=False).translate(clone.query.where)
        return clone

    def order_by(self, *field_names: Any) -> RemoteQuerySet:
        """Order rows; ``'?'`` has no remote meaning (use ``skip_remote()``)."""
        clone = super().order_by(*field_names)
        if self.remote_active:
            translate_ordering(self.model, clone.query)
        return clone

    # -- reading ---------------------------------------------------------------------------
    def remote_filter(self) -> RemoteFilter:
        """The remote ``$filter`` of this queryset (see :mod:`modelsync.remote.filters`)."""
        if self.query.is_empty():
            return RemoteFilter(None, exact=True, matches_nothing=True)
        return FilterTranslator(self.model).translate(self.query.where)

    def remote_query(self, top: int | None = None, every_row: bool = False) -> RemoteQuery | None:
        """The remote query of this queryset, or ``None`` when it cannot match anything.

        Without any filter, reads fetch ``MODELSYNC_REMOTE_ALL_LIMIT`` rows; ``every_row`` (used
        by ``update()`` and ``delete()``, which must reach every matching row) lifts that.
        A slice fetches only its first rows when the remote selects and sorts exactly as the
        local database does; otherwise every matching row comes, and the local query slices.
        """
        query = self.query
        filter_ = self.remote_filter()
        if filter_.matches_nothing:
            return None
        ordering = translate_ordering(self.model, query)
        if ordering and not query.standard_ordering:
            ordering = ",".join(
                part[:-5] if part.endswith(" desc") else f"{part} desc"
                for part in ordering.split(",")
            )
        if top is None:
            if (
                query.high_mark is not None
                and ordering is not False
                and filter_.exact
                and ordering_is_portable(self.model, query)
            ):
                top = query.high_mark
            elif not query.where.children and not every_row:
                top = config.all_limit()
        elif not filter_.exact:
            top = None
        return RemoteQuery(
            options_of(self.model).entity_set,
            filter=filter_.text,
            orderby=ordering or None,
            top=top,
            select=options_of(self.model).select(),
        )

    def pull(self, every_row: bool = False) -> int:
        """Bring the remote rows of this queryset into the local table; returns their count."""
        if not self.remote_active or self._remote_pulled:
            return 0
        remote_query = self.remote_query(every_row=every_row)
        count = pull(self.model, remote_query) if remote_query is not None else 0
        self._remote_pulled = True
        return count

    def _fetch_all(self) -> None:
        if self._result_cache is None:
            self.pull()
        super()._fetch_all()

    def iterator(self, chunk_size: int | None = None) -> Iterator[Any]:
        """Like ``QuerySet.iterator()``, after one pull."""
        self.pull()
        return super().iterator(chunk_size=chunk_size)

    def count(self) -> int:
        """The number of matching rows, asked from the remote (``$count``, one request).

        When the remote filter is wider than the local one, the rows are pulled and counted
        locally instead, so that ``count()`` always agrees with ``len()``.
        """
        if not self.remote_active or self._result_cache is not None:
            return super().count()
        remote_query = self.remote_query()
        if remote_query is None:
            return 0
        if not self.remote_filter().exact:
            self.pull()
            return super().count()
        total = get_backend().count(remote_query.entity_set, remote_query.filter)
        query = self.query
        high = total if query.high_mark is None else min(total, query.high_mark)
        return max(0, high - query.low_mark)

    def exists(self) -> bool:
        """Whether the remote has a matching row (one request for at most one row)."""
        if not self.remote_active or self._result_cache is not None:
            return super().exists()
        if self.query.is_sliced:
            return self.count() > 0
        remote_query = self.remote_query(top=1)
        if remote_query is None:
            return False
        if not self.remote_filter().exact:
            self.pull()
            return super().exists()
        options = options_of(self.model)
        remote_query = RemoteQuery(
            remote_query.entity_set, filter=remote_query.filter, top=1, select=options.key_property
        )
        return any(page for page in get_backend().fetch(remote_query))

    def get(self, *args: Any, **kwargs: Any) -> Any:
        """One row: from the remote by ``remote_pk``, else local first, refreshed when older.

        ``get(remote_pk=…)`` creates the local row when it is missing; ``get(pk=…)`` compares
        the local row with the remote and refreshes it when the remote is newer (``modified``);
        ``get(field=…)`` asks the remote for the matching rows (at most 21) and refreshes them.
        """
        if not self.remote_active:
            return super().get(*args, **kwargs)
        local = self.skip_remote()
        if not args and not kwargs:
            # latest(), earliest() and plain get(): the query itself decides.
            self.pull()
            return local.get()
        if not args and set(kwargs) == {"remote_pk"}:
            options = options_of(self.model)
            row = get_backend().get(
                options.entity_set, key_literal(self.model, kwargs["remote_pk"]), options.select()
            )
            if row is not None:
                upsert(self.model, [row])
            return local.get(**kwargs)
        check_lookup_names(self.model, args, kwargs)
        if not args and set(kwargs) <= {"pk", "pk__exact", self.model._meta.pk.name}:
            # By local key: compare with the remote copy, refresh only when it is newer.
            try:
                instance = local.get(**kwargs)
            except self.model.DoesNotExist:
                pass
            else:
                refresh_if_newer(instance)
                return instance
        # By field: the matching remote rows come first (a row may exist only there).
        matching = self.filter(*args, **kwargs)
        remote_query = matching.remote_query(top=models.query.MAX_GET_RESULTS)
        if remote_query is not None:
            pull(self.model, remote_query)
        return matching.skip_remote().get()

    # -- writing ---------------------------------------------------------------------------
    def update_or_create(
        self,
        defaults: Mapping[str, Any] | None = None,
        create_defaults: Mapping[str, Any] | None = None,
        **kwargs: Any,
    ) -> tuple[Any, bool]:
        """Like Django's; after ``skip_remote()`` the update is saved locally only."""
        if not self._remote_skip:
            return super().update_or_create(defaults, create_defaults, **kwargs)
        update_defaults = defaults or {}
        with transaction.atomic(using=self.db):
            obj, created = self.select_for_update().get_or_create(
                create_defaults if create_defaults is not None else update_defaults, **kwargs
            )
            if created:
                return obj, created
            for name, value in resolve_callables(update_defaults):
                setattr(obj, name, value)
            obj.save(using=self.db, skip_remote=True)
        return obj, False

    def create(self, **kwargs: Any) -> Any:
        """Create a row locally and remotely (only locally after ``skip_remote()``)."""
        if not self._remote_skip:
            return super().create(**kwargs)
        instance = self.model(**kwargs)
        self._for_write = True
        instance.save(force_insert=True, using=self.db, skip_remote=True)
        return instance

    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> list[Any]:
        """Create rows on both sides: ``$batch`` change sets of ``MODELSYNC_REMOTE_BATCH_SIZE``
        rows, then one local insert."""
        if not self.remote_active:
            return super().bulk_create(objs, *args, **kwargs)
        if kwargs.get("ignore_conflicts") or kwargs.get("update_conflicts"):
            raise UnsupportedRemoteOperation(
                f"{self.model.__name__}.objects.bulk_create(ignore_conflicts/update_conflicts) "
                f"cannot be mirrored to the remote; use skip_remote().bulk_create()"
            )
        objs = list(objs)
        if not objs:
            return objs
        with transaction.atomic(using=self.db):
            if config.outbox():
                for obj in objs:
                    assign_client_key(obj)
                created = super().bulk_create(objs, *args, **kwargs)
                if any(obj.pk is None for obj in objs):
                    # Databases that don't return keys: read them back by remote key.
                    keys = dict(
                        self.model._base_manager.filter(
                            remote_pk__in=[obj.remote_pk for obj in objs]
                        ).values_list("remote_pk", "pk")
                    )
                    for obj in objs:
                        obj.pk = keys.get(obj.remote_pk)
                push_bulk_create(self.model, objs)
                return created
            push_bulk_create(self.model, objs)
            try:
                return super().bulk_create(objs, *args, **kwargs)
            except Exception:
                undo_creates(self.model, [obj.remote_pk for obj in objs])
                raise

    def update(self, **kwargs: Any) -> int:
        """Update matching rows on both sides (remote ``$batch`` PATCH); returns the row count.

        Keyword arguments of other queryset classes mixed in (``tracking_info_``) pass through.
        """
        if not self.remote_active:
            return super().update(**kwargs)
        model = self.model
        values = {name: value for name, value in kwargs.items() if name != "tracking_info_"}
        for name, value in values.items():
            if hasattr(value, "resolve_expression"):
                raise UnsupportedRemoteOperation(
                    f"{model.__name__}.objects.update({name}=...): expressions cannot be sent to "
                    f"the remote; pass plain values or use skip_remote()"
                )
        with transaction.atomic(using=self.db):
            self.pull(every_row=True)
            local = self.skip_remote()
            rows = list(local.select_for_update().values_list("pk", "remote_pk", "remote_etag"))
            count = local.update(**kwargs)
            mirrored = [row for row in rows if row[1] is not None]
            push_update(model, mirrored, update_payload(model, values))
        return count

    def delete(self, **kwargs: Any) -> tuple[int, dict[str, int]]:
        """Delete matching rows on both sides (remote ``$batch`` DELETE).

        Keyword arguments of other queryset classes mixed in (``tracking_info_``) pass through.
        """
        if not self.remote_active:
            return super().delete(**kwargs)
        with transaction.atomic(using=self.db):
            self.pull(every_row=True)
            local = self.skip_remote()
            rows = [
                row
                for row in local.values_list("pk", "remote_pk", "remote_etag")
                if row[1] is not None
            ]
            result = local.delete(**kwargs)
            push_delete(self.model, rows)
        return result


class RemoteManager(models.Manager.from_queryset(RemoteQuerySet)):  # type: ignore[misc]
    """The default manager of remote models (``Model.objects``)."""
