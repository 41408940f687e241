"""Optimistic concurrency: writes carry the row's ETag; a row changed remotely is never
overwritten silently."""

from __future__ import annotations

import json
from typing import Any

import pytest
import requests

from modelsync.remote import RemoteConflict, RemoteQuery, get_backend

from .models import Account
from .proxy import Fault, FaultProxy
from .server import CapServer

pytestmark = pytest.mark.django_db


def change_remotely(remote_pk: str, **values: Any) -> None:
    """Another CRM user edits the row (a newer version on the server)."""
    get_backend().update("Accounts", remote_pk, values)


def test_every_write_keeps_the_rows_etag_and_sends_it_as_if_match(proxy: FaultProxy) -> None:
    account = Account.objects.create(name="Tagged", score=1)
    assert account.remote_etag.startswith('W/"')
    stored = Account.objects.skip_remote().get(pk=account.pk)
    assert stored.remote_etag == account.remote_etag
    first = account.remote_etag
    account.score = 2
    account.save()
    (patch,) = proxy.requests("PATCH", "/Accounts(")
    assert patch.headers["If-Match"] == first
    assert account.remote_etag != first


def test_a_save_over_a_remote_change_raises_a_conflict_naming_the_row(remote: object) -> None:
    account = Account.objects.create(name="Shared", score=1)
    change_remotely(account.remote_pk, score=50)
    account.score = 2
    with pytest.raises(RemoteConflict) as error:
        account.save()
    assert error.value.status == 412 and isinstance(error.value, RuntimeError)
    assert f"Account {account.remote_pk} was changed on the remote" in str(error.value)
    assert Account.objects.skip_remote().get(pk=account.pk).score == 1  # rolled back
    assert get_backend().get("Accounts", account.remote_pk)["score"] == 50  # type: ignore[index]


def test_a_delete_over_a_remote_change_raises_and_keeps_the_row(remote: object) -> None:
    account = Account.objects.create(name="Shared")
    change_remotely(account.remote_pk, city="Elsewhere")
    with pytest.raises(RemoteConflict):
        account.delete()
    assert Account.objects.skip_remote().filter(pk=account.pk).exists()
    assert get_backend().get("Accounts", account.remote_pk) is not None


def test_remote_wins_drops_the_local_change_and_refreshes_the_row(
    remote: object, settings: Any
) -> None:
    settings.MODELSYNC_REMOTE_ON_CONFLICT = "remote_wins"
    account = Account.objects.create(name="Shared", score=1)
    change_remotely(account.remote_pk, score=50)
    account.score = 2
    account.save()
    assert account.score == 50
    stored = Account.objects.skip_remote().get(pk=account.pk)
    assert stored.score == 50 and stored.remote_etag == account.remote_etag
    account.score = 3  # now up to date: the next save applies
    account.save()
    assert get_backend().get("Accounts", account.remote_pk)["score"] == 3  # type: ignore[index]


def test_a_read_refreshes_the_etag_so_the_next_save_applies(remote: object) -> None:
    account = Account.objects.create(name="Shared", score=1)
    change_remotely(account.remote_pk, score=50)
    fresh = Account.objects.get(pk=account.pk)  # newer remotely: refreshed
    assert fresh.score == 50 and fresh.remote_etag != account.remote_etag
    fresh.score = 51
    fresh.save()
    assert get_backend().get("Accounts", account.remote_pk)["score"] == 51  # type: ignore[index]


def test_queryset_update_sends_each_rows_etag_in_one_change_set(proxy: FaultProxy) -> None:
    Account.objects.bulk_create([Account(name=n, city="Cork") for n in "ab"])
    etags = dict(Account.objects.skip_remote().values_list("remote_pk", "remote_etag"))
    assert Account.objects.filter(city="Cork").update(city="Dublin") == 2
    (batch,) = proxy.requests("POST", "/$batch")[1:]
    assert "continue-on-error" not in batch.headers.get("Prefer", "")  # stays off
    items = json.loads(batch.body)["requests"]
    assert {item["atomicityGroup"] for item in items} == {"changeset"}
    assert {
        item["url"][len("Accounts(") : -1]: item["headers"]["if-match"] for item in items
    } == etags
    refreshed = set(Account.objects.skip_remote().values_list("remote_etag", flat=True))
    assert not refreshed & set(etags.values())


def test_a_batch_over_a_row_changed_meanwhile_names_it_and_rolls_back(
    proxy: FaultProxy, remote: CapServer
) -> None:
    Account.objects.bulk_create([Account(name=n, city="Cork", score=1) for n in "ab"])
    victim = Account.objects.skip_remote().get(name="b")

    def another_user_edits_b() -> None:
        # Straight to the server, between the pull of the rows and their change set.
        requests.patch(
            f"{remote.url}Accounts({victim.remote_pk})",
            json={"score": 77},
            headers={"If-Match": "*"},
            timeout=10,
        ).raise_for_status()

    proxy.add(Fault("before", "POST", "/$batch", action=another_user_edits_b))
    with pytest.raises(RemoteConflict, match=f"Account {victim.remote_pk} was changed"):
        Account.objects.filter(city="Cork").update(score=5)
    assert set(Account.objects.skip_remote().values_list("score", flat=True)) == {1}
    remote_scores = {
        row["name"]: row["score"]
        for page in get_backend().fetch(RemoteQuery("Accounts"))
        for row in page
    }
    assert remote_scores == {"a": 1, "b": 77}  # the change set applied nowhere
