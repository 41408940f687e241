"""A remote model that is also a TrackedModel: both parts work on the same writes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from modelsync.remote import RemoteQuery, get_backend
from modelsync.tracking import TrackingInfo, post_delete_signal, post_update_signal

from .models import Lead
from .server import CapServer

pytestmark = pytest.mark.django_db


@pytest.fixture
def received() -> Iterator[list[tuple[str, Any, Any]]]:
    """``(action, objects, tracking_info_)`` of every tracking signal sent for ``Lead``."""
    seen: list[tuple[str, Any, Any]] = []

    def on_update(sender: Any, objects: Any, tracking_info_: Any = None, **kw: Any) -> None:
        seen.append(("update", objects, tracking_info_))

    def on_delete(sender: Any, objects: Any, tracking_info_: Any = None, **kw: Any) -> None:
        seen.append(("delete", objects, tracking_info_))

    post_update_signal.connect(on_update, sender=Lead)
    post_delete_signal.connect(on_delete, sender=Lead)
    yield seen
    post_update_signal.disconnect(on_update, sender=Lead)
    post_delete_signal.disconnect(on_delete, sender=Lead)


def remote_scores() -> dict[str, object]:
    rows = [row for page in get_backend().fetch(RemoteQuery("Accounts")) for row in page]
    return {str(row["name"]): row["score"] for row in rows}


def test_bulk_update_and_delete_are_mirrored_and_tracked(
    remote: CapServer,
    received: list[tuple[str, Any, Any]],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    Lead.objects.bulk_create([Lead(name="a", score=1), Lead(name="b", score=1)])
    info = TrackingInfo(comment="rescored")
    with django_capture_on_commit_callbacks(execute=True):
        assert Lead.objects.filter(score=1).update(score=5, tracking_info_=info) == 2
    assert remote_scores() == {"a": 5, "b": 5}
    (action, objects, tracking_info), *_ = received
    assert action == "update" and tracking_info.comment == "rescored"
    assert sorted(o.changed_values["score"] for o in objects) == [1, 1]
    with django_capture_on_commit_callbacks(execute=True):
        Lead.objects.filter(name="a").delete(tracking_info_=info)
    assert remote_scores() == {"b": 5}
    assert received[-1][0] == "delete" and received[-1][1][0].instance.name == "a"


def test_save_and_delete_pass_tracking_info_through(
    remote: CapServer,
    received: list[tuple[str, Any, Any]],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    lead = Lead.objects.create(name="c", score=1)
    lead.score = 2
    with django_capture_on_commit_callbacks(execute=True):
        lead.save(tracking_info_=TrackingInfo(comment="by hand"))
    assert remote_scores() == {"c": 2}
    assert received[-1][2].comment == "by hand"
    assert received[-1][1][0].changed_values == {"score": 1}
    with django_capture_on_commit_callbacks(execute=True):
        lead.delete(tracking_info_=TrackingInfo(comment="gone"))
    assert remote_scores() == {}
    assert received[-1][0] == "delete" and received[-1][2].comment == "gone"
