"""Outbox mode: writes survive a remote outage and are delivered once, in order."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from django.core.management import CommandError, call_command

from modelsync.remote import RemoteQuery, get_backend
from modelsync.remote.models import OutboxEntry
from modelsync.remote.outbox import deliver_pending

from .models import Account
from .server import CapServer


@pytest.fixture
def outbox(remote: CapServer, settings: object) -> CapServer:
    """The remote, with writes going through the outbox."""
    settings.MODELSYNC_REMOTE_OUTBOX = True  # type: ignore[attr-defined]
    settings.MODELSYNC_REMOTE_OUTBOX_RETRY_DELAY = 0.2  # type: ignore[attr-defined]
    return remote


def remote_names() -> list[str]:
    """Names of every remote account."""
    return sorted(
        str(row["name"]) for page in get_backend().fetch(RemoteQuery("Accounts")) for row in page
    )


@pytest.mark.django_db
def test_write_is_stored_in_the_same_transaction_and_delivered_once(
    outbox: CapServer, django_capture_on_commit_callbacks: Callable[..., object]
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:  # type: ignore[attr-defined]
        account = Account.objects.create(name="Queued")
    assert len(callbacks) == 1  # the Celery task is only sent after commit
    entry = OutboxEntry.objects.get()
    assert entry.action == "create" and entry.remote_pk == account.remote_pk
    assert remote_names() == []
    assert deliver_pending().delivered == 1
    assert remote_names() == ["Queued"]
    # A lost answer makes the worker deliver again: the remote row is recognised, not doubled.
    OutboxEntry.objects.update(status=OutboxEntry.Status.PENDING)
    assert deliver_pending().delivered == 1
    assert remote_names() == ["Queued"]
    assert Account.objects.skip_remote().get().modified is not None


@pytest.mark.django_db
def test_outage_loses_nothing_and_replay_delivers_in_order(outbox: CapServer) -> None:
    kept = Account.objects.create(name="Kept", score=1)
    removed = Account.objects.create(name="Removed")
    outbox.stop()
    try:
        kept.score = 2
        kept.save()
        removed.delete()
        Account.objects.create(name="Late")
        assert OutboxEntry.objects.filter(status="pending").count() == 5
        with pytest.raises(CommandError, match="replay stopped"):
            call_command("modelsync_outbox", "replay")
        assert OutboxEntry.objects.get(pk=OutboxEntry.objects.first().pk).attempts == 1
    finally:
        outbox.start()  # the server comes back (empty: a fresh in-memory database)
    call_command("modelsync_outbox", "replay")
    assert remote_names() == ["Kept", "Late"]
    assert get_backend().get("Accounts", kept.remote_pk)["score"] == 2  # type: ignore[index]
    assert not OutboxEntry.objects.filter(status="pending").exists()


@pytest.mark.django_db
def test_show_lists_pending_entries(outbox: CapServer, capsys: pytest.CaptureFixture[str]) -> None:
    outbox.call("setFault", status=503)
    Account.objects.create(name="Waiting")
    with pytest.raises(CommandError):
        call_command("modelsync_outbox", "replay")
    call_command("modelsync_outbox")
    shown = capsys.readouterr().out
    assert "create tests_remote.Account" in shown and "injected fault 503" in shown
    assert "1 entry" in shown


def wait_for(condition: Callable[[], bool], timeout: float = 30.0) -> bool:
    """Poll until ``condition()`` holds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_celery_worker_delivers_and_retries_until_the_remote_recovers(
    outbox: CapServer, celery_worker: object
) -> None:
    Account.objects.create(name="Via Celery")
    assert wait_for(lambda: remote_names() == ["Via Celery"])
    outbox.call("setFault", status=503)
    Account.objects.create(name="After outage")
    assert wait_for(lambda: OutboxEntry.objects.filter(attempts__gte=2).exists())
    assert remote_names() == ["Via Celery"]
    outbox.call("setFault", status=0)
    assert wait_for(lambda: not OutboxEntry.objects.filter(status="pending").exists())
    assert remote_names() == ["After outage", "Via Celery"]


@pytest.mark.django_db
def test_bulk_writes_are_queued_too(outbox: CapServer) -> None:
    Account.objects.bulk_create([Account(name=n, city="Cork") for n in ("a", "b", "c")])
    assert OutboxEntry.objects.filter(action="create").count() == 3
    assert deliver_pending().delivered == 3
    assert Account.objects.filter(city="Cork").update(city="Dublin") == 3
    Account.objects.filter(name="c").delete()
    assert remote_names() == ["a", "b", "c"]  # nothing sent yet
    assert deliver_pending().delivered == 4
    assert remote_names() == ["a", "b"]
    rows = [row for page in get_backend().fetch(RemoteQuery("Accounts")) for row in page]
    assert {row["city"] for row in rows} == {"Dublin"}


@pytest.mark.django_db
def test_a_read_does_not_overwrite_an_undelivered_local_change(outbox: CapServer) -> None:
    account = Account.objects.create(name="Fresh", score=1)
    deliver_pending()
    account.score = 2
    account.save()  # queued, the remote still says 1
    assert [a.score for a in Account.objects.filter(name="Fresh")] == [2]
    deliver_pending()
    assert get_backend().get("Accounts", account.remote_pk)["score"] == 2  # type: ignore[index]
