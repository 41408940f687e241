"""Django filters and orderings → OData v4 ``$filter`` and ``$orderby``.

The translation walks the queryset's own ``WhereNode`` tree (the one Django compiles to SQL),
so ``filter()``, ``exclude()``, ``Q`` with ``&``, ``|``, ``~`` and chains come out exactly as
Django understood them, with the same precedence.

The remote filter selects *at least* the rows the local database would select on the same
values: the local query then decides (see :mod:`modelsync.remote.lookups`). Most lookups are
translated exactly. A condition OData cannot state exactly (a month or day of a datetime in a
time zone with daylight saving time) is widened: replaced by "every row" where it narrows the
result and by "no row" where it is negated, so the remote never leaves a matching row out.
:attr:`RemoteFilter.exact` says whether that happened: only an exact filter may be answered by
the remote alone (``$count``, ``$top``).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.db import models
from django.db.models.expressions import Col
from django.db.models.functions import Extract
from django.db.models.lookups import Lookup
from django.db.models.sql.where import NothingNode, WhereNode
from django.utils import timezone

from .exceptions import UnsupportedRemoteLookup
from .options import options_of
from .serialization import datetime_text, literal

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
#: The range of each datetime part, to list the remote values a local value can come from.
PART_VALUES = {"hour": range(24), "minute": range(60), "second": range(60)}
#: The unit (in seconds) each part is counted in: a zone offset that is a multiple of it leaves
#: the part unchanged, e.g. the minute of 10:15 UTC is 15 in every zone with whole-hour offsets.
PART_UNITS = {"minute": 3600, "second": 60}

#: A well-formed key of each kind, standing in for local keys while a filter is only checked.
KEY_PLACEHOLDERS: dict[str, object] = {
    "guid": "00000000-0000-0000-0000-000000000000",
    "string": "",
    "int": 0,
}

#: A translated condition: OData text, or a constant (``True``: every row, ``False``: none).
Expression = str | bool


@dataclass(frozen=True)
class RemoteFilter:
    """The ``$filter`` of a queryset. ``text`` is ``None`` when every row matches;
    ``matches_nothing`` when no row can; ``exact`` when the remote selects exactly the rows
    the local query would (else a superset of them)."""

    text: str | None
    exact: bool
    matches_nothing: bool = False


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
        for part in name.split("__")[1:]:
            if part in UNSUPPORTED_LOOKUPS:
                raise UnsupportedRemoteLookup(
                    f"{model.__name__}: the lookup '{part}' (in {name}=...) cannot be sent to "
                    f"the remote OData service; use skip_remote() to filter local rows only"
                )


@functools.lru_cache(maxsize=32)
def zone_offsets(zone_name: str) -> frozenset[int]:
    """Every UTC offset (seconds) the zone has used from 1900 to 2100, sampled twice a month."""
    if zone_name == "UTC":
        return frozenset({0})
    zone = ZoneInfo(zone_name)
    offsets = set()
    for year in range(1900, 2101):
        for month in range(1, 13):
            for day in (1, 16):
                offset = dt.datetime(year, month, day, 12, tzinfo=zone).utcoffset()
                offsets.add(int(offset.total_seconds()) if offset else 0)
    return frozenset(offsets)


def _and(parts: list[Expression]) -> Expression:
    if any(part is False for part in parts):
        return False
    texts = [part for part in parts if isinstance(part, str)]
    if not texts:
        return True
    return texts[0] if len(texts) == 1 else " and ".join(f"({text})" for text in texts)


def _or(parts: list[Expression]) -> Expression:
    if any(part is True for part in parts):
        return True
    texts = [part for part in parts if isinstance(part, str)]
    if not texts:
        return False
    return texts[0] if len(texts) == 1 else " or ".join(f"({text})" for text in texts)


def _not(part: Expression) -> Expression:
    return (not part) if isinstance(part, bool) else f"not ({part})"


class FilterTranslator:
    """Translates one model's ``WhereNode`` into an OData ``$filter`` expression.

    ``resolve_keys`` turns local primary keys (``pk`` and foreign keys) into remote keys with a
    local query; without it (validation at ``filter()`` time) no query is made.
    """

    def __init__(self, model: type[models.Model], resolve_keys: bool = True) -> None:
        self.model = model
        self.options = options_of(model)
        self.resolve_keys = resolve_keys
        self.exact = True

    # -- tree ------------------------------------------------------------------------------
    def translate(self, where: WhereNode) -> RemoteFilter:
        """The remote filter of ``where``."""
        self.exact = True
        expression = self.node(where, positive=True)
        if expression is False:
            return RemoteFilter(None, self.exact, matches_nothing=True)
        return RemoteFilter(None if expression is True else expression, self.exact)

    def node(self, node: Any, positive: bool) -> Expression:
        """One node of the tree; ``positive`` is false under an odd number of negations."""
        if isinstance(node, NothingNode):
            return False
        if isinstance(node, WhereNode):
            if node.connector not in ("AND", "OR"):
                raise UnsupportedRemoteLookup(f"{node.connector} cannot be sent to the remote")
            inner = positive != node.negated
            parts = [self.node(child, inner) for child in node.children]
            joined = _and(parts) if node.connector == "AND" else _or(parts)
            return _not(joined) if node.negated else joined
        if isinstance(node, Lookup):
            return self.lookup(node, positive)
        raise UnsupportedRemoteLookup(
            f"{self.model.__name__}: {type(node).__name__} conditions cannot be sent to the remote"
        )

    def widened(self, positive: bool) -> Expression:
        """A condition the remote cannot state: keep every row it could concern."""
        self.exact = False
        return positive

    # -- one condition ---------------------------------------------------------------------
    def lookup(self, lookup: Lookup, positive: bool) -> Expression:
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
            return self.extract(field, function, name, rhs, positive)
        prop, values = self.property_and_values(field, name, rhs)
        return self.condition(field, prop, name, values)

    def extract(
        self, field: models.Field, function: str, name: str, rhs: Any, positive: bool
    ) -> Expression:
        """``birthday__month=2``, ``last_contact__hour__gte=9`` and friends.

        Django extracts datetime parts in the current time zone, the remote in UTC. Years
        become ranges of UTC instants (exact in every zone); an hour, minute or second is
        matched against the UTC values it can come from (exact when the zone's offsets leave a
        single candidate); a month or day of a datetime outside UTC is widened.
        """
        prop = self.options.remote_name(self.model, field.name)
        values = [int(value) for value in (rhs if name in ("in", "range") else [rhs])]
        if name not in (*COMPARISONS, "in", "range"):
            raise UnsupportedRemoteLookup(
                f"{self.model.__name__}: the lookup '{function}__{name}' cannot be sent to the "
                f"remote"
            )
        if not isinstance(field, models.DateTimeField):
            return self.compare(f"{function}({prop})", name, values)
        zone = timezone.get_current_timezone_name()
        if function == "year":
            return self.year_range(prop, name, values)
        offsets = zone_offsets(zone)
        if offsets == {0}:
            return self.compare(f"{function}({prop})", name, values)
        if function in PART_UNITS and all(o % PART_UNITS[function] == 0 for o in offsets):
            return self.compare(f"{function}({prop})", name, values)
        if function != "hour" or any(offset % 3600 for offset in offsets):
            return self.widened(positive)
        wanted = {value for value in PART_VALUES["hour"] if matches(value, name, values)}
        utc_hours = {
            hour
            for hour in PART_VALUES["hour"]
            for offset in offsets
            if (hour + offset // 3600) % 24 in wanted
        }
        if len(offsets) > 1:
            # With two offsets a UTC hour can mean two local hours: only a superset is sure.
            if not positive:
                return self.widened(positive)
            self.exact = False
        if not utc_hours:
            return False
        if len(utc_hours) == 24:
            return True
        return f"{function}({prop}) in ({','.join(str(hour) for hour in sorted(utc_hours))})"

    @staticmethod
    def compare(expression: str, name: str, values: list[int]) -> Expression:
        """``expression`` compared with integer ``values`` by a Django lookup name."""
        if name in COMPARISONS:
            return f"{expression} {COMPARISONS[name]} {values[0]}"
        if name == "in":
            return f"{expression} in ({','.join(map(str, values))})" if values else False
        low, high = values
        return f"{expression} ge {low} and {expression} le {high}"

    def year_range(self, prop: str, name: str, values: list[int]) -> Expression:
        """A year of a datetime as UTC bounds of that year in the current time zone."""

        def start(year: int) -> str:
            local = dt.datetime(year, 1, 1)
            return datetime_text(timezone.make_aware(local))

        def within(low: int, high: int) -> str:
            return f"{prop} ge {start(low)} and {prop} lt {start(high + 1)}"

        if name == "in":
            return _or([within(value, value) for value in values])
        if name == "range":
            return within(values[0], values[1])
        year = values[0]
        return {
            "exact": within(year, year),
            "gt": f"{prop} ge {start(year + 1)}",
            "gte": f"{prop} ge {start(year)}",
            "lt": f"{prop} lt {start(year)}",
            "lte": f"{prop} lt {start(year + 1)}",
        }[name]

    def condition(self, field: models.Field, prop: str, name: str, values: list[Any]) -> Expression:
        """The OData condition of a lookup on one remote property."""
        kind = self.key_kind(field)
        if name == "isnull":
            return f"{prop} {'eq' if values[0] else 'ne'} null"
        if name == "in":
            # SQL's IN never matches NULL, and Django drops None from the list for that reason;
            # OData's `in (…, null)` would match it (and break `not`): drop it here as well.
            present = [value for value in values if value is not None]
            if not present:
                return False
            return f"{prop} in ({','.join(literal(v, kind) for v in present)})"
        if name == "range":
            low, high = (literal(v, kind) for v in values)
            return f"{prop} ge {low} and {prop} le {high}"
        if name in COMPARISONS:
            return f"{prop} {COMPARISONS[name]} {literal(values[0], kind)}"
        if name == "iexact":
            # Both sides through the server's tolower(): folding the value in Python could
            # fold letters the server leaves alone, and then nothing would match.
            return f"tolower({prop}) eq tolower({literal(str(values[0]))})"
        if name in STRING_FUNCTIONS:
            function = STRING_FUNCTIONS[name]
            if name.startswith("i"):
                return f"{function}(tolower({prop}),tolower({literal(str(values[0]))}))"
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
            # Validation only: a placeholder key per value keeps the expression's shape.
            return [KEY_PLACEHOLDERS[options_of(model).key_kind]] * len(local_keys)
        keys = [key.pk if isinstance(key, models.Model) else key for key in local_keys]
        found = model._base_manager.filter(pk__in=keys, remote_pk__isnull=False).values_list(
            "remote_pk", flat=True
        )
        return list(found)


def matches(value: int, name: str, values: list[int]) -> bool:
    """Whether ``value`` satisfies the Django lookup ``name`` against ``values``."""
    if name == "in":
        return value in values
    if name == "range":
        return values[0] <= value <= values[1]
    target = values[0]
    return {
        "exact": value == target,
        "gt": value > target,
        "gte": value >= target,
        "lt": value < target,
        "lte": value <= target,
    }[name]
