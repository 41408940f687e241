"""Each lookup has one meaning, whatever the local database and whatever is already local."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db.models import Q

from .models import Account
from .seed import seed_accounts

pytestmark = pytest.mark.django_db

NAMES = ["Brian", "brian", "Bri", "Åsa", "åsa", "Zoë Łukasz 李", "ZOË", "O'Brien"]


def seed_names() -> None:
    seed_accounts(
        [{"name": name, "city": None if n % 3 == 0 else "Cork"} for n, name in enumerate(NAMES)]
    )


def cold_and_warm(build: Any) -> tuple[list[str], list[str], int]:
    """Names answered with an empty local table, then with every row local, and count()."""
    Account.objects.skip_remote().all().delete()
    cold = sorted(a.name for a in build(Account.objects.all()))
    count = build(Account.objects.all()).count()
    list(Account.objects.filter(remote_pk__isnull=False))
    warm = sorted(a.name for a in build(Account.objects.all()))
    return cold, warm, count


def test_contains_is_case_sensitive_on_both_sides_cold_and_warm(remote: object) -> None:
    seed_names()
    cold, warm, count = cold_and_warm(lambda qs: qs.filter(name__contains="Bri"))
    assert cold == warm == ["Bri", "Brian", "O'Brien"]
    assert count == 3
    cold, warm, _ = cold_and_warm(lambda qs: qs.filter(name__startswith="bri"))
    assert cold == warm == ["brian"]
    cold, warm, _ = cold_and_warm(lambda qs: qs.exclude(name__endswith="ian"))
    assert "brian" not in cold and cold == warm and len(cold) == len(NAMES) - 2


def test_iexact_folds_ascii_letters_through_the_servers_tolower(remote: object) -> None:
    seed_names()
    cold, warm, count = cold_and_warm(lambda qs: qs.filter(name__iexact="BRIAN"))
    assert cold == warm == ["Brian", "brian"] and count == 2
    # Non-ASCII letters compare as they are (the test server's tolower folds ASCII only).
    cold, warm, count = cold_and_warm(lambda qs: qs.filter(name__iexact="Åsa"))
    assert cold == warm == ["Åsa"] and count == 1
    cold, warm, _ = cold_and_warm(lambda qs: qs.filter(name__icontains="ŁUKASZ 李"))
    assert cold == warm == ["Zoë Łukasz 李"]


def test_none_in_an_in_list_is_dropped_so_negation_keeps_its_rows(remote: object) -> None:
    seed_names()
    cold, warm, count = cold_and_warm(lambda qs: qs.exclude(city__in=["Cork", None]))
    assert cold == warm == ["Brian", "ZOË", "Åsa"]  # the rows whose city is NULL
    assert count == 3
    cold, warm, _ = cold_and_warm(lambda qs: qs.filter(~Q(name__in=["Åsa", None])))
    assert cold == warm and len(cold) == len(NAMES) - 1


def test_datetime_parts_use_the_current_time_zone(remote: object, settings: Any) -> None:
    settings.TIME_ZONE = "Europe/Berlin"
    seed_accounts(
        [
            {"name": "new-year-berlin", "lastContact": "2023-12-31T23:30:00Z"},  # 00:30 in 2024
            {"name": "summer", "lastContact": "2024-07-01T06:15:00Z"},  # 08:15 CEST
            {"name": "winter", "lastContact": "2024-01-10T07:15:00Z"},  # 08:15 CET
        ]
    )
    cold, warm, count = cold_and_warm(lambda qs: qs.filter(last_contact__year=2024))
    assert cold == warm == ["new-year-berlin", "summer", "winter"] and count == 3
    cold, warm, count = cold_and_warm(lambda qs: qs.filter(last_contact__hour=8))
    assert cold == warm == ["summer", "winter"] and count == 2
    cold, warm, _ = cold_and_warm(lambda qs: qs.exclude(last_contact__day=1))
    assert cold == warm == ["winter"]
    cold, warm, _ = cold_and_warm(
        lambda qs: qs.filter(last_contact__month=1, last_contact__minute=30)
    )
    assert cold == warm == ["new-year-berlin"]
    assert dt.datetime(2023, 12, 31, 23, 30, tzinfo=dt.UTC).year == 2023  # UTC says 2023
