"""System checks, the outbox admin with its lag, and retention."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from modelsync.events import prune
from modelsync.events.checks import check_events_settings
from modelsync.events.models import OutboxEvent, SeenEvent

from .models import Parcel

pytestmark = pytest.mark.django_db


def check_ids() -> list[str]:
    return [message.id for message in check_events_settings()]


def test_missing_broker_url_is_a_warning_with_a_hint(settings: Any) -> None:
    settings.MODELSYNC_EVENTS_BROKER_URL = None
    (warning,) = check_events_settings()
    assert warning.id == "modelsync.W090"
    assert "Debezium" in warning.hint


def test_broker_url_set_passes_the_checks(settings: Any) -> None:
    settings.MODELSYNC_EVENTS_BROKER_URL = "amqp://guest:guest@127.0.0.1:5672//"
    assert check_ids() == []


def test_unknown_model_and_field_in_settings_are_errors_naming_them(settings: Any) -> None:
    settings.MODELSYNC_EVENTS_BROKER_URL = "amqp://guest:guest@127.0.0.1:5672//"
    settings.MODELSYNC_EVENTS_MODELS = {
        "tests_events.Nope": {},
        "tests_events.Courier": {"exclude": ["colour"]},
    }
    messages = check_events_settings()
    assert [m.id for m in messages] == ["modelsync.E090", "modelsync.E090"]
    text = " ".join(m.msg for m in messages)
    assert "'colour' is not a concrete field of tests_events.Courier" in text
    assert "tests_events.nope" in text


def test_untracked_model_in_settings_is_an_error(settings: Any) -> None:
    settings.MODELSYNC_EVENTS_BROKER_URL = "amqp://guest:guest@127.0.0.1:5672//"
    settings.MODELSYNC_EVENTS_MODELS = ["tests_tracking.PlainBook"]
    assert check_ids() == ["modelsync.E091"]


def test_unknown_action_is_an_error_naming_it(settings: Any) -> None:
    settings.MODELSYNC_EVENTS_BROKER_URL = "amqp://guest:guest@127.0.0.1:5672//"
    settings.MODELSYNC_EVENTS_MODELS = {"tests_events.Courier": {"actions": ["upsert"]}}
    (error,) = check_events_settings()
    assert "unknown action in ['upsert']" in error.msg


def test_options_that_are_not_a_dict_are_an_error_naming_the_model(settings: Any) -> None:
    settings.MODELSYNC_EVENTS_BROKER_URL = "amqp://guest:guest@127.0.0.1:5672//"
    settings.MODELSYNC_EVENTS_MODELS = {"tests_events.Courier": ["name"]}
    (error,) = check_events_settings()
    assert error.id == "modelsync.E090"
    assert "MODELSYNC_EVENTS_MODELS['tests_events.Courier'] must be a dict" in error.msg


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("MODELSYNC_EVENTS_BATCH_SIZE", 0),
        ("MODELSYNC_EVENTS_RELAY_INTERVAL", "soon"),
        ("MODELSYNC_EVENTS_RETENTION", -5),
    ],
)
def test_bad_relay_setting_is_an_error_naming_it(settings: Any, setting: str, value: Any) -> None:
    settings.MODELSYNC_EVENTS_BROKER_URL = "amqp://guest:guest@127.0.0.1:5672//"
    setattr(settings, setting, value)
    (error,) = check_events_settings()
    assert error.id == "modelsync.E092"
    assert setting in error.msg and repr(value) in error.msg


def test_prune_deletes_old_published_events_and_seen_ids_only() -> None:
    Parcel.objects.bulk_create(Parcel(code=f"P{i}") for i in range(3))
    old, recent, pending = OutboxEvent.objects.order_by("aggregateid")
    OutboxEvent.objects.filter(pk=old.pk).update(published_at=timezone.now() - timedelta(days=8))
    OutboxEvent.objects.filter(pk=recent.pk).update(published_at=timezone.now())
    SeenEvent.objects.create(consumer="c", event_id=old.pk, seen_at=old.created_at - timedelta(9))
    SeenEvent.objects.create(consumer="c", event_id=recent.pk)
    pruned = prune()
    assert (pruned.events, pruned.seen) == (1, 1)
    assert set(OutboxEvent.objects.values_list("pk", flat=True)) == {recent.pk, pending.pk}


def test_prune_command_takes_the_age_in_seconds(capsys: Any) -> None:
    Parcel.objects.create(code="A")
    OutboxEvent.objects.update(published_at=timezone.now() - timedelta(seconds=120))
    call_command("modelsync_events", "prune", "--older-than", "60")
    assert "pruned 1 events, 0 seen ids" in capsys.readouterr().out
    assert not OutboxEvent.objects.exists()


def test_status_command_shows_unpublished_count_and_lag(capsys: Any) -> None:
    Parcel.objects.create(code="A")
    OutboxEvent.objects.update(created_at=timezone.now() - timedelta(seconds=90))
    call_command("modelsync_events", "status")
    out = capsys.readouterr().out
    assert out.startswith("unpublished 1, lag 9")


def test_admin_outbox_list_shows_the_relay_lag(client: Client) -> None:
    admin = get_user_model().objects.create_superuser("root", "root@example.com", "pw")
    client.force_login(admin)
    Parcel.objects.bulk_create(Parcel(code=f"P{i}") for i in range(2))
    OutboxEvent.objects.update(created_at=timezone.now() - timedelta(seconds=300))
    response = client.get("/admin/modelsync_events/outboxevent/")
    assert response.status_code == 200
    assert "Relay lag: 2 unpublished, the oldest 30" in response.content.decode()
    OutboxEvent.objects.update(published_at=timezone.now())
    response = client.get("/admin/modelsync_events/outboxevent/")
    assert "Relay lag: none" in response.content.decode()


def test_admin_outbox_search_by_event_id_or_any_text(client: Client) -> None:
    admin = get_user_model().objects.create_superuser("root", "root@example.com", "pw")
    client.force_login(admin)
    Parcel.objects.bulk_create(Parcel(code=f"P{i}") for i in range(2))
    event = OutboxEvent.objects.order_by("aggregateid").first()
    assert event is not None
    found = client.get("/admin/modelsync_events/outboxevent/", {"q": str(event.pk)})
    assert found.status_code == 200
    assert "1 outbox event" in found.content.decode()
    assert client.get("/admin/modelsync_events/outboxevent/", {"q": "no-uuid"}).status_code == 200
