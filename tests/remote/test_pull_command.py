"""``manage.py modelsync_remote pull``: incremental, paged, resumable, idempotent, deletes found."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from modelsync.remote import Operation, get_backend, pull_changes
from modelsync.remote.models import PullWatermark
from modelsync.remote.tasks import pull_task

from .models import Account
from .proxy import Fault, FaultProxy
from .seed import seed_many

pytestmark = pytest.mark.django_db


def pull(*args: str) -> tuple[str, str]:
    """Run the command for Account; its stdout and stderr (the progress bar)."""
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "modelsync_remote", "pull", "--model", "tests_remote.Account", *args, stdout=out, stderr=err
    )
    return out.getvalue(), err.getvalue()


def test_first_pull_brings_every_row_in_server_sized_pages(proxy: FaultProxy) -> None:
    seed_many(45)
    # The test server caps pages at 20 rows, whatever the client prefers.
    out, err = pull("--page-size", "10")
    assert "tests_remote.Account: pulled 45 rows in 3 pages, 0 deleted remotely" in out
    assert "pull tests_remote.Account [" in err and "45/45" in err
    assert Account.objects.skip_remote().count() == 45
    pages = [s for s in proxy.requests("GET", "/Accounts?") if "orderby=modifiedAt" in s.path]
    assert len(pages) == 3
    assert all(s.headers["Prefer"] == "odata.maxpagesize=10" for s in pages)
    mark = PullWatermark.objects.get(model="tests_remote.Account")
    newest = max(Account.objects.skip_remote().values_list("modified", flat=True))
    assert mark.watermark == newest and mark.reconciled_at is not None


def test_a_second_pull_brings_only_what_changed(remote: object) -> None:
    keys = seed_many(30)
    pull()
    out, _ = pull()
    assert "pulled 0 rows in 0 pages" in out
    get_backend().update("Accounts", keys[0], {"score": 1000})
    get_backend().batch([Operation("POST", "Accounts", None, {"name": "late", "score": 7})])
    out, _ = pull()
    assert "pulled 2 rows in 1 pages" in out
    assert Account.objects.skip_remote().get(remote_pk=keys[0]).score == 1000
    assert Account.objects.skip_remote().count() == 31


def test_local_statements_per_page_are_constant(remote: object) -> None:
    seed_many(5, prefix="first")
    pull_changes(Account, deletes=False)  # the watermark row exists from now on
    seed_many(15, prefix="few")
    with CaptureQueriesContext(connection) as one_page:
        assert pull_changes(Account, deletes=False).pages == 1
    seed_many(55, prefix="many")
    with CaptureQueriesContext(connection) as three_pages:
        assert pull_changes(Account, deletes=False).pages == 3
    per_page = (len(three_pages.captured_queries) - len(one_page.captured_queries)) / 2
    # SAVEPOINT, the bulk upsert, the watermark UPDATE, RELEASE
    assert per_page == 4


def test_remote_deletes_are_deleted_locally(remote: object) -> None:
    keys = seed_many(25)
    pull("--page-size", "10")
    get_backend().batch([Operation("DELETE", "Accounts", key) for key in (keys[0], keys[13])])
    out, _ = pull("--page-size", "10")
    assert "2 deleted remotely" in out  # found across two pages of keys
    assert set(Account.objects.skip_remote().values_list("remote_pk", flat=True)) == set(keys) - {
        keys[0],
        keys[13],
    }


def test_remote_deletes_can_be_flagged_instead(remote: object, settings: Any) -> None:
    settings.MODELSYNC_REMOTE_PULL_DELETES = "flag"
    keys = seed_many(5)
    pull()
    get_backend().delete("Accounts", keys[-1])
    out, _ = pull()
    assert "1 deleted remotely" in out
    assert list(
        Account.objects.skip_remote()
        .filter(remote_deleted=True)
        .values_list("remote_pk", flat=True)
    ) == [keys[-1]]
    out, _ = pull()
    assert "0 deleted remotely" in out  # flagged once


def test_an_interrupted_pull_resumes_after_the_last_page(
    proxy: FaultProxy, requests_made: Callable[[], int]
) -> None:
    seed_many(45)
    # The second page request fails: the first page (20 rows) is in, its watermark with it.
    proxy.add(Fault("status", "GET", "modifiedAt%20gt", times=1, status=500))
    with pytest.raises(CommandError, match=r"pull of tests_remote\.Account stopped"):
        pull()
    assert Account.objects.skip_remote().count() == 20
    before = requests_made()
    out, _ = pull("--no-deletes")
    assert "pulled 25 rows in 2 pages" in out
    assert requests_made() - before == 3  # the progress bar's $count and two pages
    assert Account.objects.skip_remote().count() == 45


def test_unknown_model_is_named(remote: object) -> None:
    with pytest.raises(CommandError, match=r"not remote models: tests_remote\.Nope"):
        call_command("modelsync_remote", "pull", "--model", "tests_remote.Nope")


def test_the_beat_task_pulls_every_remote_model(remote: object) -> None:
    seed_many(3)
    result = pull_task.apply(kwargs={"models": ["tests_remote.Account"]}).get()
    assert result == {"tests_remote.Account": 3}
    assert Account.objects.skip_remote().count() == 3


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_a_celery_worker_runs_the_pull_task(remote: object, celery_worker: object) -> None:
    seed_many(4)
    result = pull_task.delay(["tests_remote.Account"]).get(timeout=60)
    assert result == {"tests_remote.Account": 4}
    assert Account.objects.skip_remote().count() == 4
    again = pull_task.delay(["tests_remote.Account"]).get(timeout=60)
    assert again == {"tests_remote.Account": 0}  # idempotent
