"""Cost: a move is a constant number of statements, whatever the size of the list.

The counts are round trips (``execute`` calls). On PostgreSQL the list lock travels with the
first read in the same round trip, so the counts are the same on both databases; the number of
SQL statements is one more there (see ``statements()``).
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.ordering.conftest import assert_dense, lock_statements
from tests.ordering.models import Task

SIZES = [10, 500]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(("source", "target"), [(-1, 0), (0, -1), (None, None)])
def test_move_within_costs_lock_read_and_one_update(
    make_tasks: Any,
    django_assert_num_queries: Any,
    size: int,
    source: int | None,
    target: int | None,
) -> None:
    tasks = make_tasks(size)
    old = size // 3 if source is None else source % size
    new = size // 2 if target is None else target % size
    with django_assert_num_queries(2):
        tasks[old].ordering_services.processor.move_to_position(
            destination_objects=Task.objects.all(), position=new
        )
    assert Task.objects.get(pk=tasks[old].pk).order == new
    assert_dense(Task.objects.all())


@pytest.mark.parametrize("size", SIZES)
def test_move_across_lists_costs_at_most_four_statements_with_the_lock(
    make_tasks: Any, django_assert_num_queries: Any, size: int
) -> None:
    a = make_tasks(size, category="A", prefix="a")
    make_tasks(size, category="B", prefix="b")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with django_assert_num_queries(3), CaptureQueriesContext(connection) as ctx:
        a[size // 2].ordering_services.processor.move_to_position(
            destination_objects=Task.objects.filter(category="B"),
            position=size // 4,
            origin_objects=Task.objects.filter(category="A"),
        )
    assert statements(ctx.captured_queries) == 3 + lock_statements() <= 4


@pytest.mark.parametrize("size", SIZES)
def test_remove_costs_lock_read_and_one_update(
    make_tasks: Any, django_assert_num_queries: Any, size: int
) -> None:
    tasks = make_tasks(size)
    with django_assert_num_queries(2):
        tasks[1].ordering_services.processor.remove_from_objects(
            destination_objects=Task.objects.all()
        )


def test_move_to_the_current_position_writes_nothing(
    make_tasks: Any, django_assert_num_queries: Any
) -> None:
    tasks = make_tasks(5)
    with django_assert_num_queries(1):
        tasks[2].ordering_services.processor.move_to_position(
            destination_objects=Task.objects.all(), position=2
        )


def statements(captured: list[dict[str, Any]]) -> int:
    """SQL statements (not round trips) in captured queries."""
    return sum(1 + q["sql"].count("; SELECT") for q in captured)


@pytest.mark.postgres_only
def test_a_move_takes_the_advisory_lock_before_reading_in_the_same_round_trip(
    make_tasks: Any,
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    tasks = make_tasks(3)
    with CaptureQueriesContext(connection) as ctx:
        tasks[2].ordering_services.processor.move_to_position(
            destination_objects=Task.objects.all(), position=0
        )
    first = ctx.captured_queries[0]["sql"]
    assert first.startswith("SELECT pg_advisory_xact_lock(")
    # The read (position, list size, membership) follows the lock in the same round trip.
    assert "; SELECT " in first
    assert first.index("pg_advisory_xact_lock") < first.index("COUNT(*)")
    assert statements(ctx.captured_queries) == 3


@pytest.mark.django_db
def test_custom_queryset_update_is_not_used_for_shifting_neighbours(monkeypatch: Any) -> None:
    """A tracking queryset's update() would add statements per shifted row; it is bypassed."""
    from tests.ordering.models import Duck, DuckQuerySet

    for i in range(4):
        Duck.objects.create(name=f"d{i}", order=i)

    def refuse(self: Any, **kwargs: Any) -> int:
        raise AssertionError("the custom update() must not be called")

    monkeypatch.setattr(DuckQuerySet, "update", refuse)
    duck = Duck.objects.get(name="d3")
    duck.ordering_services.processor.move_to_position(
        destination_objects=Duck.objects.active(), position=0
    )
    assert list(Duck.objects.order_by("order").values_list("name", flat=True)) == [
        "d3",
        "d0",
        "d1",
        "d2",
    ]


@pytest.mark.postgres_only
def test_with_server_side_binding_the_lock_is_its_own_round_trip(
    make_tasks: Any, monkeypatch: Any, django_assert_num_queries: Any
) -> None:
    from django.db import connection

    tasks = make_tasks(5)
    options = {**connection.settings_dict.get("OPTIONS", {}), "server_side_binding": True}
    monkeypatch.setitem(connection.settings_dict, "OPTIONS", options)
    with django_assert_num_queries(3):
        tasks[4].ordering_services.processor.move_to_position(
            destination_objects=Task.objects.all(), position=0
        )
    assert list(Task.objects.order_by("order").values_list("name", flat=True)) == [
        "t4",
        "t0",
        "t1",
        "t2",
        "t3",
    ]
