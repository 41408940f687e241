"""Values and filters as OData v4 text (no server needed)."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db.models import Q

from modelsync.remote.exceptions import UnsupportedRemoteLookup, UnsupportedRemoteOperation
from modelsync.remote.filters import FilterTranslator
from modelsync.remote.serialization import from_payload, literal, quote_string

from .models import Account


@pytest.fixture(autouse=True)
def remote_configured(settings: pytest.FixtureRequest) -> None:
    """A remote URL that is never contacted: these tests only build queries."""
    settings.MODELSYNC_REMOTE_URL = "http://127.0.0.1:9/odata/v4/crm/"  # type: ignore[attr-defined]


def odata_filter(queryset: object) -> str | None:
    """The ``$filter`` a queryset would send."""
    return FilterTranslator(Account).translate(queryset.query.where).text  # type: ignore[attr-defined]


def test_quotes_are_doubled_so_a_name_stays_a_string() -> None:
    assert quote_string("O'Brien") == "'O''Brien'"
    assert literal("' or 1 eq 1") == "''' or 1 eq 1'"


def test_injection_attempt_cannot_change_the_expression() -> None:
    text = odata_filter(Account.objects.filter(name="' or 1 eq 1"))
    assert text == "name eq ''' or 1 eq 1'"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, "null"),
        (True, "true"),
        (False, "false"),
        (42, "42"),
        (Decimal("12.50"), "12.50"),
        (Decimal("-0.001"), "-0.001"),
        (dt.date(2024, 2, 29), "2024-02-29"),
        (dt.datetime(2024, 5, 1, 12, 0, tzinfo=ZoneInfo("Europe/Berlin")), "2024-05-01T10:00:00Z"),
        (dt.datetime(2024, 5, 1, 10, 0, 0, 250000, tzinfo=dt.UTC), "2024-05-01T10:00:00.250000Z"),
        (
            uuid.UUID("3fa85f64-5717-4562-b3fc-2c963f66afa6"),
            "3fa85f64-5717-4562-b3fc-2c963f66afa6",
        ),
    ],
)
def test_literals_follow_odata_v4(value: object, expected: str) -> None:
    assert literal(value) == expected


def test_remote_values_come_back_as_field_types() -> None:
    fields = Account._meta
    assert from_payload(fields.get_field("balance"), 1.2) == Decimal("1.20")
    assert from_payload(fields.get_field("last_contact"), "2024-05-01T10:11:12Z") == dt.datetime(
        2024, 5, 1, 10, 11, 12, tzinfo=dt.UTC
    )
    assert from_payload(fields.get_field("birthday"), "1990-02-03") == dt.date(1990, 2, 3)
    # NULL where the local column cannot hold one: the field's default.
    assert from_payload(fields.get_field("active"), None) is True
    assert from_payload(fields.get_field("score"), None) is None


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        (lambda qs: qs.filter(name="A"), "name eq 'A'"),
        (lambda qs: qs.filter(Q(name="A") | Q(city="B")), "(name eq 'A') or (city eq 'B')"),
        (lambda qs: qs.filter(name="A").filter(city="B"), "(name eq 'A') and (city eq 'B')"),
        (lambda qs: qs.exclude(score=3), "not ((score eq 3) and (score ne null))"),
        (lambda qs: qs.filter(name__icontains="ObR"), "contains(tolower(name),tolower('ObR'))"),
        (lambda qs: qs.filter(name__iexact="Å"), "tolower(name) eq tolower('Å')"),
        (lambda qs: qs.exclude(city__in=["A", None]), "not ((city in ('A')) and (city ne null))"),
        (lambda qs: qs.filter(birthday__month=2), "month(birthday) eq 2"),
        (lambda qs: qs.filter(score__range=(1, 3)), "score ge 1 and score le 3"),
        (lambda qs: qs.filter(city__in=["A", "B'"]), "city in ('A','B''')"),
        (lambda qs: qs.filter(note__isnull=True), "note eq null"),
    ],
)
def test_django_filters_become_one_odata_expression(build: object, expected: str) -> None:
    assert odata_filter(build(Account.objects.all())) == expected  # type: ignore[operator]


@pytest.mark.parametrize("lookup", ["regex", "iregex", "search", "week_day"])
def test_unsupported_lookup_names_the_lookup(lookup: str) -> None:
    value = 1 if lookup == "week_day" else "x"
    field = "birthday" if lookup == "week_day" else "name"
    with pytest.raises(UnsupportedRemoteLookup, match=f"'{lookup}'"):
        Account.objects.filter(**{f"{field}__{lookup}": value})


@pytest.mark.django_db
@pytest.mark.parametrize("lookup", ["regex", "iregex", "week_day"])
def test_unsupported_lookup_works_after_skip_remote(lookup: str) -> None:
    value = 1 if lookup == "week_day" else "x"
    field = "birthday" if lookup == "week_day" else "name"
    assert list(Account.objects.skip_remote().filter(**{f"{field}__{lookup}": value})) == []


def test_random_order_is_refused_naming_it() -> None:
    with pytest.raises(UnsupportedRemoteLookup, match=r"order_by\('\?'\)"):
        Account.objects.order_by("?")
    assert Account.objects.skip_remote().order_by("?").query.order_by == ("?",)


@pytest.mark.parametrize("method", ["annotate", "distinct", "values", "values_list", "only"])
def test_methods_without_remote_meaning_name_the_method(method: str) -> None:
    args = ("name",) if method in ("values", "values_list", "only") else ()
    with pytest.raises(UnsupportedRemoteOperation, match=rf"objects\.{method}\(\)"):
        getattr(Account.objects.all(), method)(*args)
    getattr(Account.objects.skip_remote(), method)(*args)  # no error


def test_a_clone_never_shares_remote_state_with_its_original() -> None:
    original = Account.objects.filter(name="A")
    narrowed = original.filter(city="B")
    local = original.skip_remote()
    assert odata_filter(original) == "name eq 'A'"
    assert odata_filter(narrowed) == "(name eq 'A') and (city eq 'B')"
    assert original.remote_active and not local.remote_active
    original._remote_pulled = True
    assert original._chain()._remote_pulled is False
