"""Ordering on a change-tracked model (history and ordering on one model)."""

from __future__ import annotations

from typing import Any

import pytest

from modelsync.tracking import post_update_signal
from tests.ordering.conftest import assert_dense, names
from tests.ordering.models import HistoryTask

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def updates() -> Any:
    received: list[dict[str, Any]] = []

    def receiver(sender: Any, objects: Any, **kwargs: Any) -> None:
        received.extend({"pk": o.instance.pk, **o.changed_values} for o in objects)

    post_update_signal.connect(receiver, sender=HistoryTask)
    yield received
    post_update_signal.disconnect(receiver, sender=HistoryTask)


def test_quick_start_on_a_tracked_model(updates: list[dict[str, Any]]) -> None:
    for i in range(5):
        HistoryTask.objects.create(name=f"t{i}", order=i)
    task = HistoryTask.objects.get(name="t0")
    all_tasks = HistoryTask.objects.all()

    task.ordering_services.processor.move_to_position(
        destination_objects=all_tasks,
        position=3,
    )
    assert names(HistoryTask.objects.all()) == ["t1", "t2", "t3", "t0", "t4"]
    assert_dense(HistoryTask.objects.all())
    # Shifting positions is bookkeeping: it goes around the tracked queryset.
    assert updates == []


@pytest.mark.django_db  # inside the test's transaction: no BEGIN/COMMIT to count
def test_moves_on_a_tracked_model_keep_constant_statements(
    django_assert_num_queries: Any,
) -> None:
    for i in range(50):
        HistoryTask.objects.create(name=f"t{i}", order=i)
    task = HistoryTask.objects.get(name="t40")
    with django_assert_num_queries(2):
        task.ordering_services.processor.move_to_position(
            destination_objects=HistoryTask.objects.all(), position=2
        )


def test_plain_save_of_a_tracked_ordered_model_is_tracked_without_stale_order(
    updates: list[dict[str, Any]],
) -> None:
    for i in range(3):
        HistoryTask.objects.create(name=f"t{i}", order=i)
    stale = HistoryTask.objects.get(name="t2")
    HistoryTask.objects.get(name="t2").ordering_services.processor.move_to_position(
        destination_objects=HistoryTask.objects.all(), position=0
    )
    stale.name = "renamed"
    stale.save()
    assert names(HistoryTask.objects.all()) == ["renamed", "t0", "t1"]
    assert updates == [{"pk": stale.pk, "name": "t2"}]
