"""The generic dialect: what any Django backend can do, and the shape every dialect shares.

A subclass per vendor (:mod:`.postgresql`, :mod:`.sqlite`) overrides the operations its
database does better. Every operation takes the connection (or the queryset) it works on; a
dialect holds no state, so one instance per vendor serves every connection.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorWrapper
from django.db.models import Field, Model, QuerySet
from django.db.models.sql import UpdateQuery

from modelsync.errors import ModelsyncError

from .chunks import chunked, max_rows

__all__ = ["Batch", "Dialect", "JsonItem", "Row", "UnsupportedStatement", "plain_queryset"]

#: One row as the database returned it.
Row = tuple[Any, ...]
#: How an item of a JSON row is read (see :meth:`Dialect.json_row_item`).
JsonItem = Literal["text", "json", "uuid"]


@dataclass(frozen=True, slots=True)
class Batch:
    """One batch of a bulk write: new values of ``fields`` of ``model`` rows, one list per
    column in ``columns`` (database-ready keys first, then one list per field)."""

    model: type[Model]
    fields: Sequence[Field[Any, Any]]
    columns: list[list[Any]]


class UnsupportedStatement(ModelsyncError, NotImplementedError):
    """The database can't run this statement; the caller takes its generic path instead."""


def plain_queryset(model: type[Model], using: str) -> QuerySet[Any]:
    """An untracked queryset of ``model``: statements built for a tracked write must not be
    tracked a second time."""
    return QuerySet(model=model, using=using)


class Dialect:
    """Operations whose SQL differs between databases; this class is the generic fallback.

    ``returns_rows`` says whether the ``*_returning_*`` operations work (``UPDATE …
    RETURNING``); without it callers read before and after the write instead.
    """

    vendor: ClassVar[str] = "generic"
    #: ``UPDATE … RETURNING`` (and ``UPDATE … FROM``) is available.
    returns_rows: ClassVar[bool] = False
    #: ``pg_advisory_xact_lock``-style transaction locks on an arbitrary key exist.
    advisory_locks: ClassVar[bool] = False

    # -- reads ---------------------------------------------------------------------------

    def locked_read(
        self, queryset: QuerySet[Any], fields: Sequence[Field[Any, Any]]
    ) -> QuerySet[Any]:
        """``(pk, *fields)`` of the rows of ``queryset``, locked ``FOR UPDATE`` where supported.

        Rows are locked in primary-key order, so that two writers locking overlapping rows
        wait for each other instead of deadlocking. Querysets whose SQL can't carry ``FOR
        UPDATE`` (``DISTINCT``, ``GROUP BY``, unions) are wrapped as ``pk IN (...)``.
        """
        model = queryset.model
        query = queryset.query
        features = connections[queryset.db].features
        if query.distinct or query.group_by is not None or query.combinator:
            rows = plain_queryset(model, queryset.db).filter(
                pk__in=queryset.order_by().values("pk")
            )
        else:
            rows = queryset.order_by()
        if features.has_select_for_update:
            rows = rows.order_by("pk")
            if features.has_select_for_update_of:
                # The parents' rows too (multi-table inheritance): their fields are written too.
                parents = [link.name for link in model._meta.parents.values() if link is not None]
                rows = rows.select_for_update(of=("self", *parents))
            else:
                rows = rows.select_for_update()
        return rows.values_list(model._meta.pk.attname, *(f.attname for f in fields))

    # -- writes that return rows (``returns_rows``) ---------------------------------------

    def update_returning_old(
        self, queryset: QuerySet[Any], query: UpdateQuery, fields: Sequence[Field[Any, Any]]
    ) -> list[Row]:
        """Apply ``query``'s SET to the rows of ``queryset`` (one table, no parents).

        Returns one row per row written: the OLD values of ``fields``, then every concrete
        column of the model as written.
        """
        raise UnsupportedStatement(f"{self.vendor}: UPDATE … RETURNING is not available")

    def update_returning_keys(self, queryset: QuerySet[Any], query: UpdateQuery) -> list[Any]:
        """Apply ``query``'s SET to the rows of ``queryset`` (one table); return their keys."""
        raise UnsupportedStatement(f"{self.vendor}: UPDATE … RETURNING is not available")

    def bulk_update_returning_old(
        self,
        model: type[Model],
        using: str,
        objs: Sequence[Model],
        fields: Sequence[Field[Any, Any]],
        batch_size: int | None,
    ) -> list[Row]:
        """Write ``fields`` of ``objs`` (distinct keys, plain values), batch by batch.

        Returns one row per row written: the OLD values of ``fields``, the raw primary key,
        then the new values of ``fields``. Batches are at most ``batch_size`` objects, and
        never more than the database takes in one statement.
        """
        if not self.returns_rows:
            raise UnsupportedStatement(f"{self.vendor}: UPDATE … RETURNING is not available")
        connection = connections[using]
        size = min(batch_size or len(objs), self.max_batch(connection, len(fields) + 1))
        rows: list[Row] = []
        with connection.cursor() as cursor:
            for objects in chunked(objs, size):
                columns = self.batch_columns(connection, model, objects, fields)
                rows.extend(self.write_batch(cursor, Batch(model, fields, columns)))
        return rows

    def max_batch(self, connection: BaseDatabaseWrapper, width: int) -> int:
        """The most objects of ``width`` values one batch statement may carry."""
        return max_rows(connection, width)

    def write_batch(self, cursor: CursorWrapper, batch: Batch) -> list[Row]:
        """Write one batch; its rows as :meth:`bulk_update_returning_old` returns them."""
        raise UnsupportedStatement(f"{self.vendor}: UPDATE … RETURNING is not available")

    # -- pieces of SQL ---------------------------------------------------------------------

    def key_set(
        self,
        connection: BaseDatabaseWrapper,
        column_sql: str,
        model: type[Model],
        keys: Sequence[Any],
    ) -> tuple[str, list[Any]]:
        """``column IN keys`` as SQL, in one parameter where the database can take a list."""
        if all(type(k) is int for k in keys):
            # Integer keys (the common case) need no field conversion, and one text parameter
            # is far cheaper to send than a list adapted element by element (100k keys: ~1s).
            condition = self.int_key_set(column_sql, ",".join(map(str, keys)))
            if condition is not None:
                return condition
        pk_field = model._meta.pk
        values = [pk_field.get_db_prep_value(k, connection) for k in keys]
        return self.value_key_set(column_sql, values)

    def int_key_set(self, column_sql: str, joined: str) -> tuple[str, list[Any]] | None:
        """``column IN`` the comma-``joined`` integers in one parameter; ``None``: not possible."""
        return None

    def value_key_set(self, column_sql: str, values: Sequence[Any]) -> tuple[str, list[Any]]:
        """``column IN values`` (database-ready values)."""
        placeholders = ", ".join(["%s"] * len(values))
        return f"{column_sql} IN ({placeholders})", list(values)

    def is_distinct(self, left: str, right: str) -> str:
        """NULL-safe inequality: NULL vs a value is a difference, NULL vs NULL is not."""
        return f"{left} IS DISTINCT FROM {right}"

    def json_rows_source(self) -> str | None:
        """A ``FROM`` source turning one JSON-array parameter (``%s``) into rows named ``e``,
        one per element (each element an array); ``None``: not available."""
        return None

    def json_row_item(self, index: int, kind: JsonItem) -> str:
        """Item ``index`` of a row of :meth:`json_rows_source`: as text, as JSON, or as a
        UUID column value."""
        raise UnsupportedStatement(f"{self.vendor}: no JSON rows")

    def advisory_lock_sql(self) -> str:
        """``SELECT`` taking a transaction lock on ``(%s, %s)`` (only with ``advisory_locks``)."""
        raise UnsupportedStatement(f"{self.vendor}: no advisory locks")

    # -- shared by the dialects' bulk writes -------------------------------------------------

    @staticmethod
    def batch_columns(
        connection: BaseDatabaseWrapper,
        model: type[Model],
        batch: Sequence[Model],
        fields: Sequence[Field[Any, Any]],
    ) -> list[list[Any]]:
        """The database-ready values of a batch, one list per column: keys first, then fields."""
        prepare_pk = model._meta.pk.get_db_prep_value
        columns = [[prepare_pk(obj.pk, connection) for obj in batch]]
        for field in fields:
            attname, prepare = field.attname, field.get_db_prep_save
            columns.append([prepare(getattr(obj, attname), connection) for obj in batch])
        return columns
