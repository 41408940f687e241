"""Reads through the remote: paging, all(), slicing, get(), count() and friends."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from modelsync.remote import Operation, get_backend

from .models import Account, Contact
from .seed import seed_accounts, seed_many

pytestmark = pytest.mark.django_db

PAGE = 20  # @cds.query.limit of the test service


def test_filter_follows_every_page_with_constant_local_statements(
    remote: object, requests_made: Callable[[], int]
) -> None:
    seed_many(45)
    before = requests_made()
    with CaptureQueriesContext(connection) as statements:
        rows = list(Account.objects.filter(city="Bulk"))
    assert len(rows) == 45
    assert requests_made() - before == 3  # pages of 20, 20 and 5
    # one bulk upsert (SQLite may split it in batches) + the SELECT of the result
    writes = [q for q in statements.captured_queries if q["sql"].startswith("INSERT")]
    assert len(writes) <= 2 and len(statements.captured_queries) <= 3


def test_local_statements_do_not_grow_with_the_rows_synced(remote: object) -> None:
    seed_many(5, prefix="few")
    seed_many(60, prefix="many")
    with CaptureQueriesContext(connection) as few:
        assert len(list(Account.objects.filter(name__startswith="few"))) == 5
    with CaptureQueriesContext(connection) as many:
        assert len(list(Account.objects.filter(name__startswith="many"))) == 60
    if connection.vendor == "postgresql":
        assert len(many.captured_queries) == len(few.captured_queries) == 2


def test_all_syncs_only_the_first_50(remote: object, settings: object) -> None:
    seed_many(60)
    assert len(list(Account.objects.all())) == 50
    assert Account.objects.skip_remote().count() == 50
    settings.MODELSYNC_REMOTE_ALL_LIMIT = 5  # type: ignore[attr-defined]
    Account.objects.skip_remote().all().delete()
    assert len(list(Account.objects.all())) == 5


def test_slice_ordered_by_a_nullable_field_pulls_every_match_to_sort_locally(
    remote: object, requests_made: Callable[[], int]
) -> None:
    # NULLs sort first on some databases and last on others: the remote's first rows
    # need not be the local database's, so the local query picks them from every match.
    seed_many(45)
    before = requests_made()
    top = list(Account.objects.filter(city="Bulk").order_by("-score")[:3])
    assert [a.score for a in top] == [44, 43, 42]
    assert requests_made() - before == 3
    assert Account.objects.skip_remote().count() == 45


def test_evaluating_twice_queries_once_and_a_new_filter_queries_again(
    remote: object, requests_made: Callable[[], int]
) -> None:
    seed_accounts()
    queryset = Account.objects.filter(city="Cork")
    before = requests_made()
    assert len(queryset) == 2
    assert len(list(queryset)) == 2
    assert requests_made() - before == 1
    assert queryset.filter(score=7).get().name == "O'Brien"
    assert requests_made() - before == 2


def test_skip_remote_and_none_send_nothing(
    remote: object, requests_made: Callable[[], int]
) -> None:
    seed_accounts()
    before = requests_made()
    assert list(Account.objects.skip_remote().filter(city="Cork")) == []
    assert list(Account.objects.none()) == []
    assert list(Account.objects.filter(name__in=[])) == []
    assert requests_made() == before


def test_count_and_exists_ask_the_remote(remote: object) -> None:
    seed_accounts()
    assert Account.objects.count() == 6
    assert Account.objects.filter(city="Cork").count() == 2
    assert Account.objects.filter(city="Cork")[1:].count() == 1
    assert Account.objects.filter(city="Cork").exists()
    assert not Account.objects.filter(city="Nowhere").exists()
    assert Account.objects.skip_remote().count() == 0  # nothing had to be copied


def test_first_last_latest_earliest(remote: object) -> None:
    seed_accounts()
    # NULLs sort differently on each database: compare rows that have a score.
    scored = Account.objects.filter(score__isnull=False)
    assert scored.order_by("score").first().name == "Carl"
    assert scored.order_by("score").last().name == "Bob"
    contacted = Account.objects.filter(last_contact__isnull=False)
    assert contacted.latest("last_contact").name == "Bob"
    assert contacted.earliest("birthday").name == "Bob"
    assert Account.objects.filter(city="Berlin").order_by("name").first().name == "Anna"
    assert Account.objects.filter(city="Nowhere").first() is None


def test_in_bulk_by_remote_key_brings_missing_rows(remote: object) -> None:
    keys = seed_accounts()
    found = Account.objects.in_bulk(keys[:2], field_name="remote_pk")
    assert set(found) == set(keys[:2])
    assert Account.objects.skip_remote().count() == 2
    by_pk = Account.objects.in_bulk([account.pk for account in found.values()])
    assert {a.remote_pk for a in by_pk.values()} == set(keys[:2])


def test_get_by_remote_pk_creates_the_missing_local_row(remote: object) -> None:
    keys = seed_accounts()
    account = Account.objects.get(remote_pk=keys[0])
    assert account.name == "O'Brien" and account.pk is not None
    with pytest.raises(Account.DoesNotExist):
        Account.objects.get(remote_pk="00000000-0000-4000-8000-000000000000")


def test_get_by_field_looks_remotely_when_not_local(remote: object) -> None:
    seed_accounts()
    assert Account.objects.get(name="Bob").score == 10
    with pytest.raises(Account.DoesNotExist):
        Account.objects.get(name="nobody")
    with pytest.raises(Account.MultipleObjectsReturned):
        Account.objects.get(city="Cork")


def test_get_refreshes_the_local_row_only_when_the_remote_is_newer(remote: object) -> None:
    account = Account.objects.create(name="Dora", score=1)
    get_backend().update("Accounts", account.remote_pk, {"score": 2})
    with CaptureQueriesContext(connection) as refreshed:
        assert Account.objects.get(pk=account.pk).score == 2
    assert Account.objects.skip_remote().get(pk=account.pk).score == 2
    assert any(q["sql"].startswith("UPDATE") for q in refreshed.captured_queries)
    with CaptureQueriesContext(connection) as unchanged:
        assert Account.objects.get(pk=account.pk).score == 2
    assert not any(q["sql"].startswith("UPDATE") for q in unchanged.captured_queries)


def test_foreign_keys_follow_remote_keys(remote: object) -> None:
    keys = seed_accounts()
    get_backend().batch(
        [
            Operation("POST", "Contacts", None, {"fullName": "Ciara", "account_ID": keys[0]}),
            Operation("POST", "Contacts", None, {"fullName": "Nobody's", "account_ID": None}),
        ]
    )
    contact = Contact.objects.get(full_name="Ciara")  # the account is pulled along
    assert contact.account is not None and contact.account.name == "O'Brien"
    assert [c.full_name for c in Contact.objects.filter(account=contact.account)] == ["Ciara"]
    assert [c.full_name for c in contact.account.contacts.all()] == ["Ciara"]
    assert [c.full_name for c in Contact.objects.filter(account__isnull=True)] == ["Nobody's"]


def test_iterator_syncs_first(remote: object, requests_made: Callable[[], int]) -> None:
    seed_accounts()
    before = requests_made()
    assert sorted(a.name for a in Account.objects.filter(city="Cork").iterator()) == [
        "Bob",
        "O'Brien",
    ]
    assert requests_made() - before == 1


def test_exclude_by_local_key_is_sent_as_remote_keys(remote: object) -> None:
    seed_accounts()
    bob = Account.objects.get(name="Bob")
    names = sorted(a.name for a in Account.objects.filter(city="Cork").exclude(pk=bob.pk))
    assert names == ["O'Brien"]
