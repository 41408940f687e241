"""Moves inside one list: dense positions, only rows between old and new shift."""

from __future__ import annotations

from typing import Any

import pytest

from tests.ordering.conftest import assert_dense, names
from tests.ordering.models import Task


def move(task: Task, position: int, **kwargs: Any) -> None:
    task.ordering_services.processor.move_to_position(
        destination_objects=kwargs.pop("destination", Task.objects.all()),
        position=position,
        **kwargs,
    )


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        (4, 0, ["t4", "t0", "t1", "t2", "t3"]),
        (0, 4, ["t1", "t2", "t3", "t4", "t0"]),
        (1, 3, ["t0", "t2", "t3", "t1", "t4"]),
        (3, 1, ["t0", "t3", "t1", "t2", "t4"]),
        (2, 2, ["t0", "t1", "t2", "t3", "t4"]),
    ],
)
def test_move_within_a_list(make_tasks: Any, source: int, target: int, expected: list[str]) -> None:
    tasks = make_tasks(5)
    move(tasks[source], target)
    assert names(Task.objects.all()) == expected
    assert tasks[source].order == target
    assert_dense(Task.objects.all())


def test_move_to_the_size_of_the_list_appends_without_gap(make_tasks: Any) -> None:
    tasks = make_tasks(5)
    move(tasks[1], 5)
    assert names(Task.objects.all()) == ["t0", "t2", "t3", "t4", "t1"]
    assert tasks[1].order == 4
    assert_dense(Task.objects.all())


def test_only_rows_between_old_and_new_position_are_written(make_tasks: Any) -> None:
    tasks = make_tasks(10)
    before = {t.pk: t.order for t in Task.objects.all()}
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        move(tasks[6], 3)
    update = next(q["sql"] for q in ctx.captured_queries if q["sql"].startswith("UPDATE"))
    after = {t.pk: t.order for t in Task.objects.all()}
    changed = {pk for pk in before if before[pk] != after[pk]}
    assert changed == {tasks[i].pk for i in (3, 4, 5, 6)}
    # The UPDATE is bounded by the range, not the whole list.
    assert ">=" in update and "<" in update


def test_move_within_a_filtered_list_leaves_other_lists_alone(make_tasks: Any) -> None:
    make_tasks(3, category="A", prefix="a")
    b = make_tasks(4, category="B", prefix="b")
    move(b[3], 0, destination=Task.objects.filter(category="B"))
    assert names(Task.objects.filter(category="B")) == ["b3", "b0", "b1", "b2"]
    assert names(Task.objects.filter(category="A")) == ["a0", "a1", "a2"]


def test_ordered_destination_queryset_is_accepted(make_tasks: Any) -> None:
    tasks = make_tasks(3)
    move(tasks[0], 2, destination=Task.objects.order_by("-order", "name"))
    assert names(Task.objects.all()) == ["t1", "t2", "t0"]


def test_origin_equal_to_destination_is_a_move_within(make_tasks: Any) -> None:
    tasks = make_tasks(4)
    move(tasks[3], 1, origin_objects=Task.objects.all())
    assert names(Task.objects.all()) == ["t0", "t3", "t1", "t2"]
    assert_dense(Task.objects.all())
