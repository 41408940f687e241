"""remove_from_objects: the item's position becomes 0 and the gap closes."""

from __future__ import annotations

from typing import Any

import pytest

from tests.ordering.conftest import assert_dense, names
from tests.ordering.models import Duck, Task


def test_remove_resets_position_and_closes_the_gap(make_tasks: Any) -> None:
    tasks = make_tasks(5)
    tasks[2].ordering_services.processor.remove_from_objects(destination_objects=Task.objects.all())
    tasks[2].refresh_from_db()
    assert tasks[2].order == 0
    rest = Task.objects.exclude(pk=tasks[2].pk)
    assert names(rest) == ["t0", "t1", "t3", "t4"]
    assert_dense(rest)


@pytest.mark.django_db
def test_archived_duck_leaves_no_colliding_position() -> None:
    ducks = [Duck.objects.create(name=f"d{i}", order=i) for i in range(4)]
    ducks[1].ordering_services.processor.remove_from_objects(
        destination_objects=Duck.objects.active()
    )
    ducks[1].is_active = False
    ducks[1].save()
    assert names(Duck.objects.active()) == ["d0", "d2", "d3"]
    assert_dense(Duck.objects.active())


def test_remove_of_an_object_not_in_the_list_is_refused(make_tasks: Any) -> None:
    make_tasks(3, category="A")
    other = Task.objects.create(name="x", category="B")
    with pytest.raises(ValueError, match="is not in destination_objects"):
        other.ordering_services.processor.remove_from_objects(
            destination_objects=Task.objects.filter(category="A")
        )
    assert_dense(Task.objects.filter(category="A"))
