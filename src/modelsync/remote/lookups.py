"""One meaning per text lookup, on the remote and on every local database.

A remote queryset's answer must not depend on which rows are already local, so the local
query has to select what the remote selects. Django's text lookups differ between databases
(SQLite's ``LIKE`` ignores ASCII case, PostgreSQL's ``UPPER`` folds every letter), so filters of
remote querysets use these lookups instead:

========================================  =================================================
lookup                                    meaning on the remote and locally
========================================  =================================================
``contains``/``startswith``/``endswith``  case-sensitive (OData ``contains`` etc.); on SQLite
                                          ``GLOB`` instead of ``LIKE``
``iexact``/``icontains``/…                equal after folding A-Z to a-z, other letters as
                                          they are (OData ``tolower`` on SAP CAP / SQLite);
                                          on PostgreSQL ``translate()`` instead of ``UPPER``
========================================  =================================================

Each class only overrides the SQL of the database that differs; elsewhere Django's own SQL
already has this meaning.
"""

from __future__ import annotations

from typing import Any

from django.db.models import lookups
from django.db.models.sql.where import WhereNode

ASCII_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
ASCII_LOWER = ASCII_UPPER.lower()


def glob_escape(value: str) -> str:
    """``value`` as a literal part of a SQLite GLOB pattern (``*``, ``?`` and ``[`` bracketed)."""
    return "".join(f"[{char}]" if char in "*?[" else char for char in value)


def _fold(sql: str) -> str:
    return f"translate({sql}, '{ASCII_UPPER}', '{ASCII_LOWER}')"


class _Sql:
    """Compiles the column without the database's own case handling."""

    def raw_lhs(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        sql, params = lookups.Lookup.process_lhs(self, compiler, connection)  # type: ignore[arg-type]
        return sql, list(params)

    def text(self) -> str:
        return str(self.rhs)  # type: ignore[attr-defined]


class PortableContains(_Sql, lookups.Contains):
    """Case-sensitive ``contains`` (SQLite: ``GLOB``)."""

    def as_sqlite(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        sql, params = self.raw_lhs(compiler, connection)
        return f"{sql} GLOB %s", [*params, f"*{glob_escape(self.text())}*"]


class PortableStartsWith(_Sql, lookups.StartsWith):
    """Case-sensitive ``startswith`` (SQLite: ``GLOB``)."""

    def as_sqlite(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        sql, params = self.raw_lhs(compiler, connection)
        return f"{sql} GLOB %s", [*params, f"{glob_escape(self.text())}*"]


class PortableEndsWith(_Sql, lookups.EndsWith):
    """Case-sensitive ``endswith`` (SQLite: ``GLOB``)."""

    def as_sqlite(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        sql, params = self.raw_lhs(compiler, connection)
        return f"{sql} GLOB %s", [*params, f"*{glob_escape(self.text())}"]


class PortableIExact(_Sql, lookups.IExact):
    """Equal after folding ASCII letters only (PostgreSQL: ``translate()``)."""

    def as_postgresql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        sql, params = self.raw_lhs(compiler, connection)
        return f"{_fold(sql)} = {_fold('%s')}", [*params, self.text()]


class PortableIContains(_Sql, lookups.IContains):
    """``contains`` after folding ASCII letters only (PostgreSQL: ``translate()``)."""

    def as_postgresql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        sql, params = self.raw_lhs(compiler, connection)
        return f"strpos({_fold(sql)}, {_fold('%s')}) > 0", [*params, self.text()]


class PortableIStartsWith(_Sql, lookups.IStartsWith):
    """``startswith`` after folding ASCII letters only (PostgreSQL: ``translate()``)."""

    def as_postgresql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        sql, params = self.raw_lhs(compiler, connection)
        text = self.text()
        return f"left({_fold(sql)}, length(%s)) = {_fold('%s')}", [*params, text, text]


class PortableIEndsWith(_Sql, lookups.IEndsWith):
    """``endswith`` after folding ASCII letters only (PostgreSQL: ``translate()``)."""

    def as_postgresql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        sql, params = self.raw_lhs(compiler, connection)
        text = self.text()
        return f"right({_fold(sql)}, length(%s)) = {_fold('%s')}", [*params, text, text]


PORTABLE: dict[type[lookups.Lookup], type[lookups.Lookup]] = {
    lookups.Contains: PortableContains,
    lookups.StartsWith: PortableStartsWith,
    lookups.EndsWith: PortableEndsWith,
    lookups.IExact: PortableIExact,
    lookups.IContains: PortableIContains,
    lookups.IStartsWith: PortableIStartsWith,
    lookups.IEndsWith: PortableIEndsWith,
}


def portable_where(where: WhereNode) -> WhereNode:
    """A copy of ``where`` with every text lookup replaced by its portable counterpart."""
    children: list[Any] = []
    child: Any
    for child in where.children:
        if isinstance(child, WhereNode):
            children.append(portable_where(child))
        elif type(child) in PORTABLE and not hasattr(child.rhs, "resolve_expression"):
            children.append(PORTABLE[type(child)](child.lhs, child.rhs))
        else:
            children.append(child)
    return WhereNode(children, connector=where.connector, negated=where.negated)
