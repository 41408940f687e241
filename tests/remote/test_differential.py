"""Randomized comparison: a remote queryset answers exactly as a plain local model would.

A fixed seed builds rows (case variants, non-ASCII letters, NULLs, datetimes around midnight
and New Year) and hundreds of filters over the whole lookup table, combined with ``&``, ``|``,
``~``, ``exclude()``, chained filters, ordering and slicing. Each filter runs on the mirror
cold (empty local table: the remote decides what comes in) and warm (every row already local),
and both answers, and ``count()``, must equal the plain model's on the same rows. Text lookups
have one meaning on every side (see ``modelsync.remote.lookups``); the plain model is asked
with that meaning too.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db.models import Q, QuerySet

from modelsync.remote import Operation, get_backend
from modelsync.remote.lookups import portable_where

from .models import LocalPerson, Person
from .server import CapServer

pytestmark = pytest.mark.django_db

SEED = 20261201
NAMES = [
    "Brian", "brian", "BRIAN", "Bri", "Åsa", "åsa", "Zoë", "ZOË", "Łukasz", "李", "O'Brien",
    "Anna", "anna-lise", "bri%_x", "Ëmil", "ëmil", "", "a*b?[c]", None,
]  # fmt: skip
CITIES = ["Cork", "cork", "Berlin", "Lyon", "Łódź", None]
TEXT_LOOKUPS = [
    "exact", "iexact", "contains", "icontains", "startswith", "istartswith", "endswith",
    "iendswith", "in", "isnull", "gt", "lte", "range",
]  # fmt: skip
NUMBER_LOOKUPS = ["exact", "gt", "gte", "lt", "lte", "in", "range", "isnull"]
DATE_LOOKUPS = ["exact", "gt", "lt", "range", "year", "month", "day", "year__gte", "isnull"]
DATETIME_LOOKUPS = [
    "gt", "lt", "gte", "range", "year", "month", "day", "hour", "minute", "second",
    "year__gte", "hour__lt", "month__in", "isnull",
]  # fmt: skip
ORDERINGS: list[tuple[str, ...]] = [("seq",), ("-seq",), ("-score", "seq"), ("first_name", "-seq")]


def make_rows(rng: random.Random, count: int) -> list[dict[str, Any]]:
    """Local field values of ``count`` rows."""
    rows = []
    for seq in range(count):
        seen = None
        if rng.random() > 0.15:
            # Around midnight and New Year, so that the time zone changes the day and year.
            base = dt.datetime(rng.choice([2022, 2023, 2024, 2025]), 1, 1, tzinfo=dt.UTC)
            seen = base + dt.timedelta(
                days=rng.choice([-1, 0, 0, 45, 120, 200, 364]),
                hours=rng.choice([0, 1, 22, 23, rng.randrange(24)]),
                minutes=rng.choice([0, 30, rng.randrange(60)]),
                seconds=rng.randrange(60),
            )
        rows.append(
            {
                "seq": seq,
                "first_name": rng.choice(NAMES),
                "last_name": rng.choice(NAMES),
                "city": rng.choice(CITIES),
                "score": rng.choice([None, *range(0, 20)]),
                "balance": rng.choice([None, Decimal("0.00"), Decimal("12.50"), Decimal("-3.25")]),
                "active": rng.random() > 0.4,
                "born": rng.choice([None, dt.date(1990, 2, 3), dt.date(1985, 12, 31)])
                or dt.date(1970 + rng.randrange(40), 1 + rng.randrange(12), 1 + rng.randrange(28)),
                "seen": seen,
            }
        )
    return rows


def seed_both(rows: list[dict[str, Any]]) -> None:
    """The rows on the remote (``People``) and in the plain local model."""
    bodies = []
    for row in rows:
        body = {
            "seq": row["seq"],
            "firstName": row["first_name"],
            "lastName": row["last_name"],
            "city": row["city"],
            "score": row["score"],
            "balance": None if row["balance"] is None else str(row["balance"]),
            "active": row["active"],
            "born": row["born"].isoformat() if row["born"] else None,
            "seen": row["seen"].strftime("%Y-%m-%dT%H:%M:%SZ") if row["seen"] else None,
        }
        bodies.append(Operation("POST", "People", None, body))
    for start in range(0, len(bodies), 100):
        get_backend().batch(bodies[start : start + 100])
    LocalPerson.objects.bulk_create(LocalPerson(**row) for row in rows)


def text_value(rng: random.Random, lookup: str) -> Any:
    name = rng.choice([n for n in NAMES if n]) if rng.random() > 0.1 else rng.choice(CITIES[:-1])
    if lookup in ("contains", "icontains", "startswith", "istartswith", "endswith", "iendswith"):
        start = rng.randrange(len(name))
        name = name[start : start + rng.randrange(1, 4)]
    if lookup.startswith("i") and rng.random() > 0.5:
        name = name.swapcase()
    return name


def leaf(rng: random.Random) -> Q:
    """One random ``field__lookup=value`` condition."""
    kind = rng.choice(["text", "text", "number", "decimal", "bool", "date", "datetime"])
    if kind == "text":
        field, lookup = rng.choice(["first_name", "last_name", "city"]), rng.choice(TEXT_LOOKUPS)
        if lookup == "in":
            value: Any = [text_value(rng, "exact") for _ in range(rng.randrange(1, 4))]
            if rng.random() > 0.5:
                value.append(None)
        elif lookup == "isnull":
            value = rng.random() > 0.5
        elif lookup == "range":
            value = tuple(sorted([text_value(rng, "exact"), text_value(rng, "exact")]))
        else:
            value = text_value(rng, lookup)
    elif kind == "number":
        field, lookup = "score", rng.choice(NUMBER_LOOKUPS)
        value = number_value(rng, lookup, lambda: rng.randrange(-1, 21))
    elif kind == "decimal":
        field, lookup = "balance", rng.choice(["exact", "gt", "lte", "isnull"])
        value = (
            rng.random() > 0.5
            if lookup == "isnull"
            else rng.choice([Decimal("0"), Decimal("12.5"), Decimal("-3.25")])
        )
    elif kind == "bool":
        field, lookup, value = "active", "exact", rng.random() > 0.5
    elif kind == "date":
        field, lookup = "born", rng.choice(DATE_LOOKUPS)
        value = date_value(rng, lookup)
    else:
        field, lookup = "seen", rng.choice(DATETIME_LOOKUPS)
        value = datetime_value(rng, lookup)
    return Q(**{f"{field}__{lookup}": value})


def number_value(rng: random.Random, lookup: str, pick: Callable[[], int]) -> Any:
    if lookup == "isnull":
        return rng.random() > 0.5
    if lookup == "in":
        values: list[Any] = [pick() for _ in range(rng.randrange(1, 4))]
        return [*values, None] if rng.random() > 0.6 else values
    if lookup == "range":
        return tuple(sorted([pick(), pick()]))
    return pick()


def date_value(rng: random.Random, lookup: str) -> Any:
    if lookup == "isnull":
        return rng.random() > 0.5
    if lookup in ("year", "year__gte"):
        return rng.randrange(1970, 2011)
    if lookup == "month":
        return rng.randrange(1, 13)
    if lookup == "day":
        return rng.randrange(1, 32)
    day = dt.date(1970 + rng.randrange(40), 1 + rng.randrange(12), 1 + rng.randrange(28))
    if lookup == "range":
        return (day, day + dt.timedelta(days=rng.randrange(4000)))
    return rng.choice([day, dt.date(1990, 2, 3)])


def datetime_value(rng: random.Random, lookup: str) -> Any:
    if lookup == "isnull":
        return rng.random() > 0.5
    if lookup in ("year", "year__gte"):
        return rng.choice([2021, 2022, 2023, 2024, 2025, 2026])
    if lookup == "month":
        return rng.choice([1, 2, 5, 12])
    if lookup == "month__in":
        return rng.sample([1, 2, 5, 7, 12], 2)
    if lookup == "day":
        return rng.choice([1, 2, 15, 31])
    if lookup in ("hour", "hour__lt"):
        return rng.randrange(24)
    if lookup in ("minute", "second"):
        return rng.choice([0, 30, rng.randrange(60)])
    moment = dt.datetime(2022 + rng.randrange(4), 1 + rng.randrange(12), 1, tzinfo=dt.UTC)
    moment += dt.timedelta(hours=rng.randrange(24 * 28))
    if lookup == "range":
        return (moment, moment + dt.timedelta(days=rng.randrange(400)))
    return moment


def condition(rng: random.Random, depth: int = 0) -> Q:
    """A random tree of conditions joined by ``&``/``|``, some negated with ``~``."""
    if depth >= 2 or rng.random() < 0.45:
        q = leaf(rng)
    else:
        parts = [condition(rng, depth + 1) for _ in range(rng.randrange(2, 4))]
        q = parts[0]
        for part in parts[1:]:
            q = (q & part) if rng.random() > 0.5 else (q | part)
    return ~q if rng.random() < 0.25 else q


Query = Callable[[QuerySet[Any]], QuerySet[Any]]


def random_query(rng: random.Random) -> tuple[str, Query]:
    """A description and a function building the same query on either model."""
    first, second = condition(rng), condition(rng)
    shape = rng.choice(["filter", "exclude", "chain", "filter-exclude"])
    ordering = rng.choice([None, *ORDERINGS])
    window = None
    if ordering is not None and rng.random() < 0.5:
        low = rng.randrange(0, 5)
        window = (low, low + rng.randrange(1, 12))

    def build(qs: QuerySet[Any]) -> QuerySet[Any]:
        if shape == "filter":
            qs = qs.filter(first)
        elif shape == "exclude":
            qs = qs.exclude(first)
        elif shape == "chain":
            qs = qs.filter(first).filter(second)
        else:
            qs = qs.filter(first).exclude(second)
        if ordering is not None:
            qs = qs.order_by(*ordering)
        if window is not None:
            qs = qs[window[0] : window[1]]
        return qs

    return f"{shape} {first!r} {second!r} order={ordering} slice={window}", build


def oracle(build: Query) -> QuerySet[Any]:
    """The plain model's answer, its text lookups given the mirror's single meaning."""
    queryset = build(LocalPerson.objects.all())
    queryset.query.where = portable_where(queryset.query.where)
    return queryset


def answer(queryset: QuerySet[Any], ordered: bool) -> list[int]:
    seqs = [row.seq for row in queryset]
    return seqs if ordered else sorted(seqs)


def run_comparison(count: int) -> int:
    """Compare ``count`` random queries cold, then warm; returns how many had rows."""
    rng = random.Random(SEED)
    seed_both(make_rows(rng, 120))
    queries = [random_query(rng) for _ in range(count)]
    expected = {}
    for description, build in queries:
        expected_qs = oracle(build)
        ordered = bool(expected_qs.query.order_by)
        expected[description] = (ordered, answer(expected_qs, ordered), expected_qs.count())
    for description, build in queries:
        ordered, rows, total = expected[description]
        Person.objects.skip_remote().all().delete()
        assert answer(build(Person.objects.all()), ordered) == rows, f"cold: {description}"
        assert build(Person.objects.all()).count() == total, f"count: {description}"
    list(Person.objects.filter(seq__gte=0))
    assert Person.objects.skip_remote().count() == 120
    for description, build in queries:
        ordered, rows, total = expected[description]
        assert answer(build(Person.objects.all()), ordered) == rows, f"warm: {description}"
    return sum(1 for _, rows, _ in expected.values() if rows)


def test_random_filters_give_the_local_orm_answer_cold_and_warm_in_utc(
    remote: CapServer, settings: Any
) -> None:
    settings.MODELSYNC_REMOTE_ALL_LIMIT = 1000
    nonempty = run_comparison(200)
    assert nonempty > 80  # the filters are not trivially empty


def test_random_filters_give_the_local_orm_answer_in_a_daylight_saving_zone(
    remote: CapServer, settings: Any
) -> None:
    settings.MODELSYNC_REMOTE_ALL_LIMIT = 1000
    settings.TIME_ZONE = "Europe/Berlin"
    nonempty = run_comparison(100)
    assert nonempty > 40
