"""normalize(): repairs a list broken by hand in one statement."""

from __future__ import annotations

from typing import Any

import pytest

from modelsync.ordering import normalize
from tests.ordering.conftest import assert_dense, lock_statements, names
from tests.ordering.models import Task


def test_normalize_closes_gaps_and_breaks_ties_by_primary_key(
    make_tasks: Any, django_assert_num_queries: Any
) -> None:
    tasks = make_tasks(5)
    for task, order in zip(tasks, [10, 3, 3, 0, 42], strict=True):
        Task.objects.filter(pk=task.pk).update(order=order)
    with django_assert_num_queries(lock_statements() + 1):
        changed = normalize(Task.objects.all())
    assert names(Task.objects.all()) == ["t3", "t1", "t2", "t0", "t4"]
    assert changed == 4  # t3 was already at 0
    assert_dense(Task.objects.all())


def test_normalize_touches_only_the_given_list(make_tasks: Any) -> None:
    make_tasks(3, category="A", prefix="a")
    b = make_tasks(3, category="B", prefix="b")
    Task.objects.filter(pk=b[0].pk).update(order=9)
    Task.objects.filter(category="A").update(order=5)
    assert normalize(Task.objects.filter(category="B")) == 3
    assert names(Task.objects.filter(category="B")) == ["b1", "b2", "b0"]
    assert list(Task.objects.filter(category="A").values_list("order", flat=True)) == [5, 5, 5]


def test_normalize_of_a_dense_list_changes_nothing(make_tasks: Any) -> None:
    make_tasks(4)
    assert normalize(Task.objects.all()) == 0


def test_normalize_refuses_sliced_or_non_querysets(make_tasks: Any) -> None:
    make_tasks(2)
    with pytest.raises(TypeError, match="unsliced"):
        normalize(Task.objects.all()[:1])
    with pytest.raises(TypeError, match="needs a QuerySet"):
        normalize([])  # type: ignore[arg-type]
