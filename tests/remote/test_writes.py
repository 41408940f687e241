"""Writes on both sides, and nothing half-written when the remote fails or is down."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from modelsync.remote import RemoteQuery, get_backend
from modelsync.remote.exceptions import RemoteRequestError, RemoteUnavailable

from .models import Account, Contact
from .server import CapServer

pytestmark = pytest.mark.django_db


def remote_rows(filter_: str | None = None) -> list[dict[str, object]]:
    """Every remote account (straight from the server)."""
    query = RemoteQuery("Accounts", filter=filter_, orderby="name")
    return [row for page in get_backend().fetch(query) for row in page]


def test_create_writes_both_sides(remote: CapServer) -> None:
    account = Account.objects.create(name="O'Brien", balance=Decimal("1.20"))
    (row,) = remote_rows()
    assert row["ID"] == account.remote_pk and row["name"] == "O'Brien"
    assert Decimal(str(row["balance"])) == Decimal("1.20")
    assert account.modified is not None


def test_save_updates_the_remote_and_skip_remote_does_not(remote: CapServer) -> None:
    account = Account(name="Anna", score=1)
    account.save()
    account.score = 2
    account.save()
    assert remote_rows()[0]["score"] == 2
    account.score = 3
    account.save(skip_remote=True)
    assert remote_rows()[0]["score"] == 2
    account.save(update_fields=["city"])  # nothing mirrored changed: no remote call needed
    assert Account.objects.skip_remote().get(pk=account.pk).score == 3


def test_delete_removes_both_sides(remote: CapServer) -> None:
    keep = Account.objects.create(name="Keep")
    gone = Account.objects.create(name="Gone")
    gone.delete()
    assert [row["name"] for row in remote_rows()] == ["Keep"]
    assert list(Account.objects.skip_remote().all()) == [keep]
    keep.delete(skip_remote=True)
    assert [row["name"] for row in remote_rows()] == ["Keep"]


def test_skip_remote_create_stays_local(remote: CapServer) -> None:
    account = Account.objects.skip_remote().create(name="Local only")
    assert account.remote_pk is None
    assert remote_rows() == []


@pytest.mark.parametrize("status", [400, 500, 503])
def test_remote_error_rolls_the_local_create_back(remote: CapServer, status: int) -> None:
    remote.call("setFault", status=status)
    account = Account(name="Never")
    with pytest.raises(RemoteRequestError) as error:
        account.save()
    assert error.value.status == status and "injected fault" in str(error.value)
    assert not Account.objects.skip_remote().exists()
    # The client key stays: had the request reached the remote, a retry would find that row.
    assert account.pk is None and account.remote_pk is not None
    remote.call("setFault", status=0)
    account.save()  # the same instance can be saved once the remote is back
    assert [row["ID"] for row in remote_rows()] == [account.remote_pk]


def test_remote_error_rolls_the_local_update_and_delete_back(remote: CapServer) -> None:
    account = Account.objects.create(name="Stable", score=1)
    remote.call("setFault", status=500)
    account.score = 2
    with pytest.raises(RemoteRequestError):
        account.save()
    assert Account.objects.skip_remote().get(pk=account.pk).score == 1
    with pytest.raises(RemoteRequestError):
        account.delete()
    assert Account.objects.skip_remote().filter(pk=account.pk).exists()
    assert account.pk is not None


def test_stopped_server_rolls_back_and_raises(remote: CapServer) -> None:
    remote.stop()
    try:
        with pytest.raises(RemoteUnavailable):
            Account.objects.create(name="Offline")
        assert not Account.objects.skip_remote().exists()
    finally:
        remote.start()


def test_bulk_create_uses_batches_of_200_and_one_local_insert(
    remote: CapServer, requests_made: Callable[[], int]
) -> None:
    accounts = [Account(name=f"bulk-{n:03d}", score=n) for n in range(250)]
    before = requests_made()
    with CaptureQueriesContext(connection) as statements:
        Account.objects.bulk_create(accounts)
    assert requests_made() - before == 2
    inserts = [q for q in statements.captured_queries if q["sql"].startswith("INSERT")]
    assert 1 <= len(inserts) <= 4  # SQLite splits large inserts, PostgreSQL does not
    assert get_backend().count("Accounts", None) == 250
    assert Account.objects.skip_remote().filter(remote_pk__isnull=False).count() == 250


def test_failed_bulk_create_leaves_nothing_on_either_side(remote: CapServer) -> None:
    remote.call("setFault", status=500)
    with pytest.raises(RemoteRequestError):
        Account.objects.bulk_create([Account(name="a"), Account(name="b")])
    remote.call("setFault", status=0)
    assert remote_rows() == [] and not Account.objects.skip_remote().exists()


def test_queryset_update_patches_every_matching_remote_row(remote: CapServer) -> None:
    Account.objects.bulk_create([Account(name=n, city="Cork") for n in ("a", "b", "c")])
    Account.objects.skip_remote().all().delete()  # the remote alone knows the rows now
    assert Account.objects.filter(city="Cork").update(city="Dublin") == 3
    assert {row["city"] for row in remote_rows()} == {"Dublin"}
    assert Account.objects.skip_remote().filter(city="Dublin").count() == 3


def test_queryset_update_rolls_back_when_the_remote_fails(remote: CapServer) -> None:
    Account.objects.bulk_create([Account(name=n, city="Cork") for n in ("a", "b")])
    remote.call("setFault", status=500)
    with pytest.raises(RemoteRequestError):
        Account.objects.filter(city="Cork").update(city="Dublin")
    remote.call("setFault", status=0)
    assert {row["city"] for row in remote_rows()} == {"Cork"}
    assert Account.objects.skip_remote().filter(city="Cork").count() == 2


def test_queryset_delete_removes_matching_rows_on_both_sides(remote: CapServer) -> None:
    Account.objects.bulk_create([Account(name=n, score=i) for i, n in enumerate("abcd")])
    Account.objects.filter(score__gte=2).delete()
    assert [row["name"] for row in remote_rows()] == ["a", "b"]
    assert Account.objects.skip_remote().count() == 2


def test_get_or_create_and_update_or_create(remote: CapServer) -> None:
    account, created = Account.objects.get_or_create(name="Eve", defaults={"score": 1})
    assert created and remote_rows()[0]["score"] == 1
    again, created = Account.objects.get_or_create(name="Eve", defaults={"score": 9})
    assert not created and again.pk == account.pk
    _, created = Account.objects.update_or_create(name="Eve", defaults={"score": 5})
    assert not created and remote_rows()[0]["score"] == 5
    _, created = Account.objects.update_or_create(name="Finn", defaults={"score": 6})
    assert created and len(remote_rows()) == 2


def test_foreign_key_is_written_as_the_remote_key(remote: CapServer) -> None:
    account = Account.objects.create(name="Parent")
    contact = Contact.objects.create(full_name="Child", account=account)
    row = get_backend().get("Contacts", contact.remote_pk)
    assert row is not None and row["account_ID"] == account.remote_pk


def test_statements_and_requests_per_write_are_fixed(
    remote: CapServer,
    django_assert_num_queries: Callable[..., object],
    requests_made: Callable[[], int],
) -> None:
    # SAVEPOINT, INSERT (remote key included), UPDATE of the remote's `modified`, RELEASE
    with django_assert_num_queries(4):  # type: ignore[operator]
        account = Account.objects.create(name="Counted")
    assert requests_made() == 1  # the POST: a key generated now needs no look-up
    account.score = 4
    with django_assert_num_queries(4):  # type: ignore[operator]
        account.save()
    assert requests_made() == 2
    # the local read and nothing else: the remote copy is not newer
    with django_assert_num_queries(1):  # type: ignore[operator]
        Account.objects.get(pk=account.pk)


def test_unfiltered_update_and_delete_reach_rows_beyond_the_all_limit(
    remote: CapServer, settings: object
) -> None:
    settings.MODELSYNC_REMOTE_ALL_LIMIT = 2  # type: ignore[attr-defined]
    Account.objects.bulk_create([Account(name=f"r{n}") for n in range(5)])
    Account.objects.skip_remote().all().delete()
    assert Account.objects.all().update(city="Everywhere") == 5
    assert {row["city"] for row in remote_rows()} == {"Everywhere"}
    Account.objects.all().delete()
    assert remote_rows() == []


def test_a_batch_is_all_or_nothing_on_the_remote(remote: CapServer) -> None:
    key = "6f1c2b1e-0000-4000-8000-000000000001"
    twins = [Account(name="first", remote_pk=key), Account(name="twin", remote_pk=key)]
    with pytest.raises(RemoteRequestError, match="UNIQUE"):
        Account.objects.bulk_create([Account(name="innocent"), *twins])
    assert remote_rows() == [] and not Account.objects.skip_remote().exists()
