"""The outbox is written by the tracked write itself: one INSERT per statement, same transaction."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext

from modelsync.events.models import OutboxEvent
from modelsync.tracking import tracking

from .models import Courier, Parcel

pytestmark = pytest.mark.django_db

OUTBOX_INSERT = 'INSERT INTO "modelsync_events_outbox"'


def outbox_inserts(queries: CaptureQueriesContext) -> int:
    return sum(q["sql"].startswith(OUTBOX_INSERT) for q in queries.captured_queries)


def events(**filters: Any) -> list[OutboxEvent]:
    return list(OutboxEvent.objects.filter(**filters).order_by("created_at", "aggregateid"))


def make_parcels(count: int) -> list[Parcel]:
    return Parcel.objects.bulk_create(
        Parcel(code=f"P{i:04}", weight=i, secret=f"s{i}") for i in range(count)
    )


def test_queryset_update_of_1000_rows_writes_1000_events_with_one_insert() -> None:
    make_parcels(1000)
    with CaptureQueriesContext(connection) as queries:
        assert Parcel.objects.update(status="sent") == 1000
    assert outbox_inserts(queries) == 1
    updated = events(type="updated")
    assert len(updated) == 1000
    assert {e.aggregatetype for e in updated} == {"tests_events.parcel"}
    assert {e.payload["old"]["status"] for e in updated} == {"new"}
    assert {e.payload["new"]["status"] for e in updated} == {"sent"}
    assert len({e.payload["statement_id"] for e in updated}) == 1
    assert len({e.id for e in updated}) == 1000
    assert {e.id.version for e in updated} == {4}


def test_tracked_update_with_events_costs_one_statement_more_than_the_tracked_update(
    is_postgres: bool, settings: Any
) -> None:
    settings.MODELSYNC_AUDIT_MODELS = []  # the audit trail would add its own INSERT
    make_parcels(100)
    with CaptureQueriesContext(connection) as queries:
        Parcel.objects.update(weight=5)
    statements = [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]
    # PostgreSQL: UPDATE ... RETURNING the old values, then the outbox INSERT. SQLite: the old
    # values are read just before the UPDATE, then the INSERT.
    assert len(statements) == (2 if is_postgres else 3), statements
    assert statements[-1].startswith(OUTBOX_INSERT)


def test_update_payload_holds_only_changed_published_fields() -> None:
    parcel = Parcel.objects.create(code="A", weight=1, secret="x")
    Parcel.objects.filter(pk=parcel.pk).update(weight=2, code="A")
    (event,) = events(type="updated")
    assert event.aggregateid == str(parcel.pk)
    assert event.payload["old"] == {"weight": 1}
    assert event.payload["new"] == {"weight": 2}


def test_change_of_an_excluded_field_alone_is_no_event() -> None:
    parcel = Parcel.objects.create(code="A", secret="x")
    Parcel.objects.filter(pk=parcel.pk).update(secret="y")
    assert events(type="updated") == []


def test_excluded_field_never_appears_in_created_or_deleted_payloads() -> None:
    parcel = Parcel.objects.create(code="A", weight=3, secret="hunter2")
    pk = parcel.pk
    parcel.delete()
    created, deleted = events(type="created") + events(type="deleted")
    assert created.payload["new"] == {"id": pk, "code": "A", "status": "new", "weight": 3}
    assert created.payload["old"] == {}
    assert deleted.payload["old"]["code"] == "A"
    assert deleted.payload["new"] == {}
    assert "hunter2" not in str(created.payload) + str(deleted.payload)


def test_payload_names_who_made_the_write_and_why() -> None:
    user = get_user_model().objects.create(username="ops")
    parcel = Parcel.objects.create(code="A")
    with tracking(user=user, comment="rerouted"):
        Parcel.objects.filter(pk=parcel.pk).update(status="held")
    (event,) = events(type="updated")
    assert event.payload["user"] == user.pk
    assert event.payload["comment"] == "rerouted"


def test_save_bulk_update_and_queryset_delete_each_write_their_events() -> None:
    parcels = make_parcels(3)
    parcels[0].status = "held"
    parcels[0].save()
    for parcel in parcels:
        parcel.weight = 50
    with CaptureQueriesContext(connection) as queries:
        Parcel.objects.bulk_update(parcels, ["weight"])
    assert outbox_inserts(queries) == 1
    with CaptureQueriesContext(connection) as queries:
        Parcel.objects.filter(weight=50).delete()
    assert outbox_inserts(queries) == 1
    assert len(events(type="created")) == 3
    assert len(events(type="updated")) == 1 + 3
    assert sorted(e.aggregateid for e in events(type="deleted")) == sorted(
        str(p.pk) for p in parcels
    )


def test_rolled_back_write_leaves_no_event() -> None:
    make_parcels(10)
    before = OutboxEvent.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        Parcel.objects.update(status="lost")
        raise RuntimeError("abort")
    assert OutboxEvent.objects.count() == before


REFUSE_OUTBOX = {
    "postgresql": [
        "CREATE FUNCTION refuse_outbox() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION 'outbox refused'; END $$",
        "CREATE TRIGGER refuse_outbox BEFORE INSERT ON modelsync_events_outbox "
        "FOR EACH ROW EXECUTE FUNCTION refuse_outbox()",
    ],
    "sqlite": [
        "CREATE TRIGGER refuse_outbox BEFORE INSERT ON modelsync_events_outbox "
        "BEGIN SELECT RAISE(ABORT, 'outbox refused'); END",
    ],
}


def test_write_whose_events_cannot_be_stored_does_not_happen() -> None:
    parcel = Parcel.objects.create(code="A")
    with connection.cursor() as cursor:
        for sql in REFUSE_OUTBOX[connection.vendor]:
            cursor.execute(sql)
    with pytest.raises(DatabaseError, match="outbox refused"), transaction.atomic():
        Parcel.objects.filter(pk=parcel.pk).update(status="lost")
    parcel.refresh_from_db()
    assert parcel.status == "new"


def test_unpublished_model_writes_no_event() -> None:
    Courier.objects.create(name="Ann")
    Courier.objects.update(active=False)
    assert OutboxEvent.objects.count() == 0


def test_setting_publishes_a_model_with_chosen_fields_and_actions(settings: Any) -> None:
    settings.MODELSYNC_EVENTS_MODELS = {
        "tests_events.Courier": {"fields": ["name"], "actions": ["update"]}
    }
    courier = Courier.objects.create(name="Ann")
    Courier.objects.filter(pk=courier.pk).update(name="Bea", active=False)
    (event,) = events()
    assert (event.aggregatetype, event.type) == ("tests_events.courier", "updated")
    assert event.payload["old"] == {"name": "Ann"}
    assert event.payload["new"] == {"name": "Bea"}
