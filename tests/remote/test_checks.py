"""System checks catch a misconfigured remote at start-up."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.db import models
from django.test.utils import isolate_apps

from modelsync.remote import RemoteOptions
from modelsync.remote.checks import check_model, check_models, check_settings
from modelsync.remote.models import RemoteModel


def ids(messages: list[object]) -> list[str]:
    return [message.id for message in messages]  # type: ignore[attr-defined]


def test_the_test_models_are_valid() -> None:
    assert check_models() == []


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"MODELSYNC_REMOTE_URL": "ftp://crm"}, "modelsync.E060"),
        ({"MODELSYNC_REMOTE_TIMEOUT": 0}, "modelsync.E061"),
        (
            {
                "MODELSYNC_REMOTE_TOKEN": "t",
                "MODELSYNC_REMOTE_USERNAME": "u",
                "MODELSYNC_REMOTE_PASSWORD": "p",
            },
            "modelsync.E062",
        ),
        ({"MODELSYNC_REMOTE_USERNAME": "u"}, "modelsync.E063"),
        ({"MODELSYNC_REMOTE_BATCH_SIZE": 1001}, "modelsync.E064"),
        ({"MODELSYNC_REMOTE_ON_CONFLICT": "local_wins"}, "modelsync.E071"),
        ({"MODELSYNC_REMOTE_PULL_DELETES": "ignore"}, "modelsync.E072"),
    ],
)
def test_bad_settings_are_reported(
    settings: object, overrides: dict[str, object], expected: str
) -> None:
    for name, value in overrides.items():
        setattr(settings, name, value)
    assert ids(check_settings()) == [expected]


@isolate_apps("tests.remote")
def test_bad_declarations_are_reported(settings: object) -> None:
    class Undeclared(RemoteModel):
        pass

    class Wrong(RemoteModel):
        name = models.CharField(max_length=10)
        group = models.ForeignKey(Group, on_delete=models.CASCADE)

        remote = RemoteOptions(
            "Wrongs", fields={"name": "name", "nope": "nope", "group": "group_ID"}, key_kind="x"
        )

    assert ids(check_model(Undeclared)) == ["modelsync.E065"]
    assert ids(check_model(Wrong)) == ["modelsync.E066", "modelsync.E067", "modelsync.E069"]
    settings.MODELSYNC_REMOTE_OUTBOX = True  # type: ignore[attr-defined]
    assert "modelsync.E070" in ids(check_model(Wrong))
