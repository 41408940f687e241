"""Moves across lists: the origin's gap closes, the destination opens one."""

from __future__ import annotations

from typing import Any

import pytest

from tests.ordering.conftest import assert_dense, names
from tests.ordering.models import Task


def a_list() -> Any:
    return Task.objects.filter(category="A")


def b_list() -> Any:
    return Task.objects.filter(category="B")


@pytest.mark.parametrize(
    ("position", "expected_b"),
    [
        (0, ["a1", "b0", "b1", "b2"]),
        (1, ["b0", "a1", "b1", "b2"]),
        (3, ["b0", "b1", "b2", "a1"]),
    ],
)
def test_move_to_another_list_closes_origin_gap_and_opens_destination(
    make_tasks: Any, position: int, expected_b: list[str]
) -> None:
    a = make_tasks(4, category="A", prefix="a")
    make_tasks(3, category="B", prefix="b")
    a[1].ordering_services.processor.move_to_position(
        destination_objects=b_list(), position=position, origin_objects=a_list()
    )
    # The documented pattern: the caller changes the category after the move.
    a[1].category = "B"
    a[1].save()
    assert names(b_list()) == expected_b
    assert names(a_list()) == ["a0", "a2", "a3"]
    assert_dense(a_list())
    assert_dense(b_list())


def test_move_into_an_empty_list(make_tasks: Any) -> None:
    a = make_tasks(3, category="A", prefix="a")
    a[0].ordering_services.processor.move_to_position(
        destination_objects=b_list(), position=0, origin_objects=a_list()
    )
    Task.objects.filter(pk=a[0].pk).update(category="B")
    assert names(b_list()) == ["a0"]
    assert names(a_list()) == ["a1", "a2"]
    assert_dense(a_list())


def test_insert_without_origin_opens_a_gap_in_the_destination_only(make_tasks: Any) -> None:
    make_tasks(3, category="B", prefix="b")
    loose = Task.objects.create(name="loose", category="C", order=7)
    loose.ordering_services.processor.move_to_position(destination_objects=b_list(), position=1)
    Task.objects.filter(pk=loose.pk).update(category="B")
    assert names(b_list()) == ["b0", "loose", "b1", "b2"]
    assert_dense(b_list())
