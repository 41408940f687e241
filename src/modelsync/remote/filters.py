"""Django filters and orderings → OData v4 ``$filter`` and ``$orderby``.

The translation walks the queryset's own ``WhereNode`` tree (the one Django compiles to SQL),
so ``filter()``, ``exclude()``, ``Q`` with ``&``, ``|``, ``~`` and chains all come out exactly
as Django understood them, with the same precedence.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Literal

from django.db import models
from django.db.models.expressions import Col
from django.db.models.functions import Extract
from django.db.models.lookups import Lookup
from django.db.models.sql.where import NothingNode, WhereNode
from django.utils import timezone

from .exceptions import UnsupportedRemoteLookup
from .options import options_of
from .serialization import literal

if TYPE_CHECKING:
    from django.db.models.sql import Query

#: Lookups OData v4 cannot express; named in the error (use ``skip_remote()`` for them).
UNSUPPORTED_LOOKUPS = frozenset(
    {"regex", "iregex", "search", "week_day", "iso_week_day", "week", "quarter", "iso_year"}
)
COMPARISONS = {"exact": "eq", "gt": "gt", "gte": "ge", "lt": "lt", "lte": "le"}
STRING_FUNCTIONS = {
    "contains": "contains",
    "startswith": "startswith",
    "endswith": "endswith",
    "icontains": "contains",
    "istartswith": "startswith",
    "iendswith": "endswith",
}
EXTRACTS = frozenset({"year", "month", "day", "hour", "minute", "second"})
TIME_EXTRACTS = frozenset({"hour", "minute", "second"})


def check_lookup_names(
    model: type[models.Model], args: Iterable[Any], kwargs: dict[str, Any]
) -> None:
    """Reject lookups OData cannot express before Django even parses them.

    Django itself rejects ``__search`` without ``contrib.postgres``; checking the names first
    gives the same clear error for every unsupported lookup.
    """
    names = list(kwargs)
    pending = list(args)
    while pending:
        item = pending.pop()
        if isinstance(item, models.Q):
            for child in item.children:
                if isinstance(child, models.Q):
                    pending.append(child)
                elif isinstance(child, tuple):
                    names.append(child[0])
    for name in names:
        parts = name.split("__")
        for part in parts[1:]:
            if part in UNSUPPORTED_LOOKUPS:
                raise UnsupportedRemoteLookup(
                    f"{model.__name__}: the lookup '{part}' (in {name}=...) cannot be sent to "
                    f"the remote OData service; use skip_remote() to filter local rows only"
                )


class FilterTranslator:
    """Translates one model's ``WhereNode`` into an OData ``$filter`` expression.

    ``resolve_keys`` turns local primary keys (``pk`` and foreign keys) into remote keys with a
    local query; without it (validation at ``filter()`` time) no query is made.
    """

    def __init__(self, model: type[models.Model], resolve_keys: bool = True) -> None:
        self.model = model
        self.options = options_of(model)
        self.resolve_keys = resolve_keys
        self.never = f"{self.options.key_property} eq null"

    # -- tree ------------------------------------------------------------------------------
    def translate(self, where: WhereNode) -> str | None:
        """The ``$filter`` of ``where``, or ``None`` when it matches every row."""
        if not where.children and not where.negated:
            return None
        return self.node(where)

    def node(self, node: Any) -> str:
        """One node of the tree."""
        if isinstance(node, NothingNode):
            return self.never
        if isinstance(node, WhereNode):
            if node.connector not in ("AND", "OR"):
                raise UnsupportedRemoteLookup(f"{node.connector} cannot be sent to the remote")
            parts = [self.node(child) for child in node.children]
            joined = f" {node.connector.lower()} ".join(f"({part})" for part in parts)
            if not parts:
                joined = f"{self.options.key_property} ne null"
            elif len(parts) == 1:
                joined = parts[0]
            return f"not ({joined})" if node.negated else joined
        if isinstance(node, Lookup):
            return self.lookup(node)
        raise UnsupportedRemoteLookup(
            f"{self.model.__name__}: {type(node).__name__} conditions cannot be sent to the remote"
        )

    # -- one condition ---------------------------------------------------------------------
    def lookup(self, lookup: Lookup) -> str:
        """One ``field__lookup=value`` condition."""
        name = lookup.lookup_name or "exact"
        lhs: Any = lookup.lhs
        function = None
        if isinstance(lhs, Extract):
            function = lhs.lookup_name
            if function not in EXTRACTS:
                raise UnsupportedRemoteLookup(
                    f"{self.model.__name__}: the lookup '{function}' cannot be sent to the remote "
                    f"OData service; use skip_remote() to filter local rows only"
                )
            lhs = lhs.lhs
        if name in UNSUPPORTED_LOOKUPS or not isinstance(lhs, Col):
            label = name if isinstance(lhs, Col) else getattr(lhs, "lookup_name", None)
            label = label or type(lhs).__name__
            raise UnsupportedRemoteLookup(
                f"{self.model.__name__}: the lookup '{label}' cannot be sent to the remote "
                f"OData service; use skip_remote() to filter local rows only"
            )
        field = lhs.target
        if field.model._meta.concrete_model is not self.model._meta.concrete_model:
            raise UnsupportedRemoteLookup(
                f"{self.model.__name__}: filters across relations ({field.model.__name__}."
                f"{field.name}) cannot be sent to the remote; filter on the foreign key itself"
            )
        rhs = lookup.rhs
        if hasattr(rhs, "resolve_expression"):
            raise UnsupportedRemoteLookup(
                f"{self.model.__name__}.{field.name}__{name}: only plain values can be sent to "
                f"the remote, not {type(rhs).__name__}"
            )
        if function is not None:
            return self.extract(field, function, name, rhs)
        prop, values = self.property_and_values(field, name, rhs)
        return self.condition(field, prop, name, values)

    def extract(self, field: models.Field, function: str, name: str, rhs: Any) -> str:
        """``year(p) eq 2024`` and friends."""
        if (
            isinstance(field, models.DateTimeField)
            and function in TIME_EXTRACTS | {"day", "month", "year"}
            and timezone.get_current_timezone_name() != "UTC"
        ):
            # The remote extracts in UTC; Django in the current zone: results would differ.
            raise UnsupportedRemoteLookup(
                f"{self.model.__name__}.{field.name}__{function} needs the current time zone to "
                f"be UTC to match the remote; use skip_remote() or a range of datetimes"
            )
        prop = self.options.remote_name(self.model, field.name)
        expression = f"{function}({prop})"
        if name in COMPARISONS:
            return f"{expression} {COMPARISONS[name]} {int(rhs)}"
        if name == "in":
            return f"{expression} in ({','.join(str(int(v)) for v in rhs)})"
        if name == "range":
            low, high = rhs
            return f"{expression} ge {int(low)} and {expression} le {int(high)}"
        raise UnsupportedRemoteLookup(
            f"{self.model.__name__}: the lookup '{function}__{name}' cannot be sent to the remote"
        )

    def condition(self, field: models.Field, prop: str, name: str, values: list[Any]) -> str:
        """The OData condition of a lookup on one remote property."""
        kind = self.key_kind(field)
        if name == "isnull":
            return f"{prop} {'eq' if values[0] else 'ne'} null"
        if name == "in":
            if not values:
                return self.never
            return f"{prop} in ({','.join(literal(v, kind) for v in values)})"
        if name == "range":
            low, high = (literal(v, kind) for v in values)
            return f"{prop} ge {low} and {prop} le {high}"
        if name in COMPARISONS:
            if kind is None and values[0] is None:
                return f"{prop} eq null"
            if values[0] is None and name == "exact":
                return f"{prop} eq null"
            return f"{prop} {COMPARISONS[name]} {literal(values[0], kind)}"
        if name == "iexact":
            return f"tolower({prop}) eq {literal(str(values[0]).lower())}"
        if name in STRING_FUNCTIONS:
            function = STRING_FUNCTIONS[name]
            if name.startswith("i"):
                return f"{function}(tolower({prop}),{literal(str(values[0]).lower())})"
            return f"{function}({prop},{literal(str(values[0]))})"
        raise UnsupportedRemoteLookup(
            f"{self.model.__name__}: the lookup '{name}' cannot be sent to the remote OData "
            f"service; use skip_remote() to filter local rows only"
        )

    # -- keys ------------------------------------------------------------------------------
    def key_kind(self, field: models.Field) -> str | None:
        """The key kind when ``field`` holds remote keys (pk, remote_pk, foreign keys)."""
        if field.primary_key or field.name == "remote_pk":
            return self.options.key_kind
        if field.is_relation and field.related_model is not None:
            return options_of(field.related_model).key_kind
        return None

    def property_and_values(
        self, field: models.Field, name: str, rhs: Any
    ) -> tuple[str, list[Any]]:
        """The remote property and the values to compare, local keys turned into remote keys."""
        values = list(rhs) if name in ("in", "range") else [rhs]
        if field.primary_key:
            if name not in ("exact", "in"):
                raise UnsupportedRemoteLookup(
                    f"{self.model.__name__}: pk__{name} cannot be sent to the remote (local keys "
                    f"are not remote keys); use exact or in, or skip_remote()"
                )
            return self.options.key_property, self.remote_keys(self.model, values)
        if field.is_relation and field.related_model is not None:
            prop = self.options.remote_name(self.model, field.name)
            if name == "isnull":
                return prop, values
            if name not in ("exact", "in"):
                raise UnsupportedRemoteLookup(
                    f"{self.model.__name__}: {field.name}__{name} cannot be sent to the remote; "
                    f"use exact, in or isnull on a foreign key"
                )
            related = field.related_model
            assert not isinstance(related, str)
            return prop, self.remote_keys(related, values)
        return self.options.remote_name(self.model, field.name), values

    def remote_keys(self, model: type[models.Model], local_keys: list[Any]) -> list[Any]:
        """Remote keys of local rows (one local query); rows never mirrored match nothing."""
        if not self.resolve_keys:
            return [None] * len(local_keys) if local_keys else []
        keys = [key.pk if isinstance(key, models.Model) else key for key in local_keys]
        found = model._base_manager.filter(pk__in=keys, remote_pk__isnull=False).values_list(
            "remote_pk", flat=True
        )
        return list(found)


def translate_ordering(model: type[models.Model], query: Query) -> str | Literal[False] | None:
    """The ``$orderby`` of a query: a string, ``None`` (unordered) or ``False`` (not expressible).

    ``order_by('?')`` raises; orderings on local-only fields (such as ``pk``) give ``False``,
    then the caller syncs every matching row instead of a first page.
    """
    ordering = list(query.order_by)
    if not ordering and query.default_ordering:
        ordering = list(model._meta.ordering or ())
    if not ordering:
        return None
    options = options_of(model)
    parts = []
    for item in ordering:
        if not isinstance(item, str):
            return False
        if item == "?":
            raise UnsupportedRemoteLookup(
                f"{model.__name__}: order_by('?') cannot be sent to the remote OData service; "
                f"use skip_remote() to order local rows randomly"
            )
        descending = item.startswith("-")
        name = item.lstrip("-+")
        if name in ("pk", model._meta.pk.name if model._meta.pk else "pk") or "__" in name:
            return False
        if name not in options.fields and name not in ("remote_pk", "modified"):
            return False
        prop = options.remote_name(model, name)
        parts.append(f"{prop} desc" if descending else prop)
    return ",".join(parts)
