"""What each write sends: nothing after ``skip_remote()``, change sets of the batch size,
references as navigation bindings."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from typing import Any

import pytest
from django.db import models

from modelsync.remote import RemoteQuery, get_backend

from .models import Account, BoundContact
from .proxy import FaultProxy
from .seed import seed_accounts

pytestmark = pytest.mark.django_db


def local_operations() -> list[tuple[str, Callable[[Any], object]]]:
    """Every queryset and instance operation, run through ``skip_remote()``."""

    def save(qs: Any) -> None:
        account = qs.get(name="Seeded")
        account.score = 99
        account.save(skip_remote=True)

    def delete(qs: Any) -> None:
        qs.get(name="Seeded").delete(skip_remote=True)

    def bulk_update(qs: Any) -> None:
        rows = list(qs.all())
        for row in rows:
            row.score = 5
        qs.bulk_update(rows, ["score"])

    return [
        ("create", lambda qs: qs.create(name="Local")),
        ("get_or_create new", lambda qs: qs.get_or_create(name="Local", defaults={"score": 1})),
        ("get_or_create existing", lambda qs: qs.get_or_create(name="Seeded")),
        ("update_or_create new", lambda qs: qs.update_or_create(name="New", defaults={"score": 1})),
        (
            "update_or_create existing",
            lambda qs: qs.update_or_create(name="Seeded", defaults={"score": 7}),
        ),
        ("bulk_create", lambda qs: qs.bulk_create([Account(name="b1"), Account(name="b2")])),
        ("bulk_update", bulk_update),
        ("update", lambda qs: qs.filter(name="Seeded").update(score=3)),
        ("delete", lambda qs: qs.filter(name="Seeded").delete()),
        ("save", save),
        ("instance delete", delete),
        ("select_for_update", lambda qs: list(qs.select_for_update().filter(name="Seeded"))),
        ("all", lambda qs: list(qs.all())),
        ("filter", lambda qs: list(qs.filter(name__contains="S"))),
        ("exclude", lambda qs: list(qs.exclude(name="x"))),
        ("order_by", lambda qs: list(qs.order_by("-name"))),
        ("get", lambda qs: qs.get(name="Seeded")),
        ("count", lambda qs: qs.count()),
        ("exists", lambda qs: qs.exists()),
        ("first", lambda qs: qs.order_by("name").first()),
        ("last", lambda qs: qs.order_by("name").last()),
        ("latest", lambda qs: qs.latest("pk")),
        ("earliest", lambda qs: qs.earliest("pk")),
        ("in_bulk", lambda qs: qs.in_bulk()),
        ("aggregate", lambda qs: qs.aggregate(models.Max("score"))),
        ("annotate", lambda qs: list(qs.annotate(n=models.Count("pk")))),
        ("values", lambda qs: list(qs.values("name"))),
        ("values_list", lambda qs: list(qs.values_list("name", flat=True))),
        ("distinct", lambda qs: list(qs.distinct())),
        ("reverse", lambda qs: list(qs.order_by("name").reverse())),
        ("dates", lambda qs: list(qs.dates("birthday", "year"))),
        ("datetimes", lambda qs: list(qs.datetimes("last_contact", "day"))),
        ("none", lambda qs: list(qs.none())),
        ("select_related", lambda qs: list(qs.select_related())),
        ("defer", lambda qs: list(qs.defer("note"))),
        ("only", lambda qs: list(qs.only("name"))),
        ("iterator", lambda qs: list(qs.iterator())),
        ("raw", lambda qs: list(qs.raw("SELECT * FROM tests_remote_account"))),
        ("extra", lambda qs: list(qs.extra(where=["1 = 1"]))),
    ]


@pytest.mark.parametrize(("name", "operation"), local_operations(), ids=lambda v: str(v))
def test_every_skip_remote_operation_touches_no_remote(
    proxy: FaultProxy, name: str, operation: Callable[[Any], object]
) -> None:
    seed_accounts([{"name": "Seeded", "score": 1}])
    list(Account.objects.filter(name="Seeded"))  # the row is local now
    before = len(proxy.seen)
    operation(Account.objects.skip_remote())
    assert proxy.seen[before:] == [], name
    (row,) = remote_rows()
    assert row["name"] == "Seeded" and row["score"] == 1


def remote_rows(entity_set: str = "Accounts") -> list[dict[str, Any]]:
    return [row for page in get_backend().fetch(RemoteQuery(entity_set)) for row in page]


@pytest.mark.parametrize(("rows", "batch_size"), [(450, 200), (450, 100), (30, 1000)])
def test_bulk_create_sends_ceil_rows_over_batch_size_change_sets(
    proxy: FaultProxy, settings: Any, rows: int, batch_size: int
) -> None:
    settings.MODELSYNC_REMOTE_BATCH_SIZE = batch_size
    Account.objects.bulk_create([Account(name=f"r{n}") for n in range(rows)])
    batches = proxy.requests("POST", "/$batch")
    assert len(batches) == math.ceil(rows / batch_size)
    sizes = [len(json.loads(batch.body)["requests"]) for batch in batches]
    assert max(sizes) <= batch_size and sum(sizes) == rows
    assert get_backend().count("Accounts", None) == rows


def test_queryset_update_and_delete_use_change_sets_of_the_batch_size(
    proxy: FaultProxy, settings: Any
) -> None:
    settings.MODELSYNC_REMOTE_BATCH_SIZE = 10
    Account.objects.bulk_create([Account(name=f"r{n}", city="Cork") for n in range(25)])
    start = len(proxy.requests("POST", "/$batch"))
    assert Account.objects.filter(city="Cork").update(city="Dublin") == 25
    updates = proxy.requests("POST", "/$batch")[start:]
    assert len(updates) == 3
    Account.objects.filter(city="Dublin").delete()
    assert len(proxy.requests("POST", "/$batch")) == start + 6
    assert remote_rows() == []


def test_references_are_written_as_navigation_bindings(proxy: FaultProxy) -> None:
    account = Account.objects.create(name="Parent")
    contact = BoundContact.objects.create(full_name="Child", account=account)
    (post,) = proxy.requests("POST", "/Contacts")
    body = json.loads(post.body)
    assert body["account@odata.bind"] == f"Accounts({account.remote_pk})"
    assert "account_ID" not in body
    (row,) = remote_rows("Contacts")
    assert row["account_ID"] == account.remote_pk
    other = Account.objects.create(name="Other")
    contact.account = other
    contact.save()
    assert remote_rows("Contacts")[0]["account_ID"] == other.remote_pk
    # Reads keep using the key property.
    BoundContact.objects.skip_remote().all().delete()
    assert BoundContact.objects.get(full_name="Child").account == other
