"""Turning rows returned by the database into :class:`ModifiedObject` lists."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import partial
from typing import Any, TypeVar

from django.db import connections
from django.db.models import Field, Model

from .objects import LazyModifiedObject, ModifiedObject

__all__ = [
    "RowBuilder",
    "changed_rows",
    "concrete_indexes",
    "converters_for",
    "key_objects",
    "modified_objects",
]

Converter = Callable[[Any, Any, Any], Any]
T = TypeVar("T")


def converters_for(field: Field[Any, Any], using: str) -> tuple[list[Converter], Any]:
    """The ``from_db`` converters Django applies to ``field`` read raw, and the column they take."""
    connection = connections[using]
    column = field.get_col(field.model._meta.db_table)
    converters = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
    return converters, column


class RowBuilder:
    """Builds a model instance from the values of ``fields`` (default: every concrete field)
    at ``row[offset:]``; the fields left out are deferred, loaded on first access."""

    __slots__ = (
        "attnames",
        "connection",
        "converters",
        "index_of",
        "model",
        "offset",
        "pk_index",
        "using",
    )

    def __init__(
        self,
        model: type[Model],
        using: str,
        offset: int,
        fields: Sequence[Field[Any, Any]] | None = None,
    ) -> None:
        self.model = model
        self.using = using
        self.offset = offset
        self.connection = connections[using]
        if fields is None:
            fields = model._meta.concrete_fields
        self.attnames = [f.attname for f in fields]
        self.index_of = {attname: index for index, attname in enumerate(self.attnames)}
        self.pk_index = self.index_of[model._meta.pk.attname]
        self.converters: list[tuple[int, list[Converter], Any]] = []
        for index, field in enumerate(fields):
            converters, column = converters_for(field, using)
            if converters:
                self.converters.append((index, converters, column))

    def build(self, row: Sequence[Any]) -> Any:
        """The instance of the row, as if loaded by a queryset."""
        values = list(row[self.offset :])
        for index, converters, column in self.converters:
            value = values[index]
            for convert in converters:
                value = convert(value, column, self.connection)
            values[index] = value
        return self.model.from_db(self.using, self.attnames, values)

    def pk(self, row: Sequence[Any]) -> Any:
        """The primary key of the row, converted like ``build`` would, without the instance."""
        return self._converted(row, self.pk_index)

    def value(self, row: Sequence[Any], attname: str) -> tuple[bool, Any]:
        """``(True, value)`` of field ``attname``, converted like ``build`` would, without the
        instance; ``(False, None)`` when the row doesn't hold the field (it is deferred)."""
        index = self.index_of.get(attname)
        if index is None:
            return False, None
        return True, self._converted(row, index)

    def _converted(self, row: Sequence[Any], index: int) -> Any:
        value = row[self.offset + index]
        for converted, converters, column in self.converters:
            if converted == index:
                for convert in converters:
                    value = convert(value, column, self.connection)
        return value


def changed_rows(
    rows: Iterable[Sequence[Any]],
    fields: Sequence[Field[Any, Any]],
    new_indexes: Sequence[int],
    using: str,
    make: Callable[[Sequence[Any], dict[str, Any]], T],
) -> list[T]:
    """``make(row, changed_values)`` of each row whose fields changed.

    ``row[i]`` holds the OLD raw value of ``fields[i]`` and ``row[new_indexes[i]]`` its new raw
    value. Raw database values are compared (both sides come from the same column), so only
    the old values that changed are converted to Python. Unchanged rows are left out.
    """
    connection = connections[using]
    pairs = []
    for i, field in enumerate(fields):
        converters, column = converters_for(field, using)
        pairs.append((i, field.name, new_indexes[i], converters, column))
    if len(pairs) == 1 and not pairs[0][3]:
        # The common case (one plain field), kept tight: it runs once per row.
        old, name, new, _converters, _column = pairs[0]
        return [make(row, {name: row[old]}) for row in rows if row[old] != row[new]]
    result: list[T] = []
    append = result.append
    for row in rows:
        changed: dict[str, Any] | None = None
        for old_index, name, new_index, converters, column in pairs:
            old = row[old_index]
            if old != row[new_index]:
                for convert in converters:
                    old = convert(old, column, connection)
                if changed is None:
                    changed = {name: old}
                else:
                    changed[name] = old
        if changed is not None:
            append(make(row, changed))
    return result


def concrete_indexes(
    model: type[Model], fields: Sequence[Field[Any, Any]], offset: int
) -> list[int]:
    """Where each of ``fields`` sits in a row of all concrete fields starting at ``offset``."""
    position = {f.attname: i for i, f in enumerate(model._meta.concrete_fields)}
    return [offset + position[f.attname] for f in fields]


def modified_objects(
    model: type[Model],
    rows: Sequence[Sequence[Any]],
    fields: Sequence[Field[Any, Any]],
    using: str,
    instance: Model | None,
) -> list[ModifiedObject[Any]]:
    """Modified objects of rows laid out as ``(old values of fields..., all new columns...)``.

    With ``instance`` (a single save) every object is that instance; otherwise instances are
    built from their row on first access.
    """
    offset = len(fields)
    indexes = concrete_indexes(model, fields, offset)
    if instance is not None:
        return changed_rows(
            rows, fields, indexes, using, lambda _row, c: ModifiedObject(instance, c)
        )
    # A partial, not a lambda: one Python call less per changed row.
    make = partial(LazyModifiedObject, RowBuilder(model, using, offset))
    return changed_rows(rows, fields, indexes, using, make)


def key_objects(model: type[Model], using: str, keys: Sequence[Any]) -> list[ModifiedObject[Any]]:
    """Modified objects of rows known only by their raw ``keys`` (no value was read).

    ``pk`` costs nothing; ``instance`` is built with every other field deferred, so reading one
    loads it from the database.
    """
    builder = RowBuilder(model, using, 0, [model._meta.pk])
    return [LazyModifiedObject(builder, (key,), {}) for key in keys]
