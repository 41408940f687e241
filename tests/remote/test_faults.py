"""Network faults through a real proxy: lost answers, throttling, dropped connections, 5xx."""

from __future__ import annotations

import logging
import threading
from typing import Any

import pytest

from modelsync.remote import (
    RemoteQuery,
    RemoteRequestError,
    RemoteUnavailable,
    get_backend,
)

from .models import Account
from .proxy import Fault, FaultProxy

pytestmark = pytest.mark.django_db


def remote_names() -> list[str]:
    rows = [row for page in get_backend().fetch(RemoteQuery("Accounts")) for row in page]
    return sorted(str(row["name"]) for row in rows)


def test_create_whose_answer_was_lost_is_recognised_on_retry(proxy: FaultProxy) -> None:
    proxy.add(Fault("lose_answer", "POST", "/Accounts"))
    account = Account(name="Once", score=1)
    with pytest.raises(RemoteUnavailable):
        account.save()
    # The server created the row; locally it was rolled back, the key was kept.
    assert remote_names() == ["Once"]
    assert not Account.objects.skip_remote().exists()
    key = account.remote_pk
    assert key is not None and account.pk is None
    account.score = 2
    account.save()
    assert remote_names() == ["Once"]  # recognised, not created twice
    assert get_backend().get("Accounts", key)["score"] == 2  # type: ignore[index]
    assert Account.objects.skip_remote().get().remote_pk == key
    assert [s.method for s in proxy.requests(path="/Accounts(")][:1] == ["GET"]


def test_bulk_create_whose_answer_was_lost_is_recognised_on_retry(proxy: FaultProxy) -> None:
    proxy.add(Fault("lose_answer", "POST", "/$batch"))
    accounts = [Account(name=f"bulk-{n}") for n in range(3)]
    with pytest.raises(RemoteUnavailable):
        Account.objects.bulk_create(accounts)
    assert remote_names() == ["bulk-0", "bulk-1", "bulk-2"]
    assert not Account.objects.skip_remote().exists()
    Account.objects.bulk_create(accounts)
    assert remote_names() == ["bulk-0", "bulk-1", "bulk-2"]
    assert Account.objects.skip_remote().count() == 3


def test_dropped_connection_on_update_rolls_back_and_changes_nothing(proxy: FaultProxy) -> None:
    account = Account.objects.create(name="Steady", score=1)
    proxy.add(Fault("drop", "PATCH", "/Accounts("))
    account.score = 2
    with pytest.raises(RemoteUnavailable):
        account.save()
    assert Account.objects.skip_remote().get(pk=account.pk).score == 1
    assert get_backend().get("Accounts", account.remote_pk)["score"] == 1  # type: ignore[index]


def test_server_error_on_a_batch_leaves_nothing_on_either_side(proxy: FaultProxy) -> None:
    proxy.add(Fault("status", "POST", "/$batch", status=502))
    with pytest.raises(RemoteRequestError) as error:
        Account.objects.bulk_create([Account(name="a"), Account(name="b")])
    assert error.value.status == 502
    assert remote_names() == [] and not Account.objects.skip_remote().exists()


def test_throttled_read_pauses_every_request_then_is_retried(
    proxy: FaultProxy, caplog: pytest.LogCaptureFixture
) -> None:
    Account.objects.create(name="Visible")
    proxy.add(Fault("status", "GET", "name%20eq", status=429, headers={"Retry-After": "1"}))
    paused = threading.Event()

    class OnPause(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            paused.set()

    handler = OnPause()
    logging.getLogger("modelsync.remote").addHandler(handler)
    counted: list[int] = []

    def read_during_the_pause() -> None:
        paused.wait(5)
        counted.append(get_backend().count("Accounts", None))

    thread = threading.Thread(target=read_during_the_pause)
    thread.start()
    try:
        with caplog.at_level(logging.WARNING, logger="modelsync.remote"):
            assert [a.name for a in Account.objects.filter(name="Visible")] == ["Visible"]
        thread.join(10)
    finally:
        logging.getLogger("modelsync.remote").removeHandler(handler)
    assert counted == [1]
    throttled, retried = proxy.requests("GET", "name%20eq")
    (count,) = proxy.requests("GET", "$count")
    assert throttled.fault == "status" and retried.fault is None
    # Neither the retry nor the other thread's request went out before the pause ended.
    assert retried.at - throttled.at >= 1.0 and count.at - throttled.at >= 1.0
    assert "pausing every request for 1.0 s (retry 1 of 3)" in caplog.text


def test_throttling_retries_are_bounded(proxy: FaultProxy, settings: Any) -> None:
    settings.MODELSYNC_REMOTE_THROTTLE_RETRIES = 2
    proxy.add(
        Fault("status", "GET", "/Accounts", times=10, status=503, headers={"Retry-After": "0"})
    )
    with pytest.raises(RemoteRequestError) as error:
        list(Account.objects.filter(name="x"))
    assert error.value.status == 503
    assert len(proxy.requests("GET", "/Accounts")) == 3  # the request and two retries


def test_a_create_without_a_client_key_is_not_repeated_after_throttling(proxy: FaultProxy) -> None:
    proxy.add(Fault("status", "POST", "/Accounts", status=429, headers={"Retry-After": "0"}))
    with pytest.raises(RemoteRequestError) as error:
        get_backend().create("Accounts", {"name": "no key"})
    assert error.value.status == 429
    assert len(proxy.requests("POST", "/Accounts")) == 1
    assert remote_names() == []


def test_a_throttled_create_with_a_client_key_is_sent_again(proxy: FaultProxy) -> None:
    proxy.add(Fault("status", "POST", "/Accounts", status=429, headers={"Retry-After": "0"}))
    Account.objects.create(name="Keyed")
    assert len(proxy.requests("POST", "/Accounts")) == 2
    assert remote_names() == ["Keyed"]
