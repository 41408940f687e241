"""Position validation: the documented messages, and invalid input changes nothing."""

from __future__ import annotations

from typing import Any

import pytest

from modelsync.ordering import OrderingMixinError, OrderingMixinGroupError
from modelsync.ordering.exceptions import (
    OrderingMixinError as ErrorFromExceptions,
)
from modelsync.ordering.exceptions import (
    OrderingMixinGroupError as GroupFromExceptions,
)
from tests.ordering.conftest import names
from tests.ordering.models import Task

NOT_POSITIVE = "Position must be a positive number."
TOO_LARGE = "Position must be less than the number of destination objects."


def test_exceptions_are_importable_from_the_package_and_the_exceptions_module() -> None:
    assert OrderingMixinGroupError is GroupFromExceptions
    assert OrderingMixinError is ErrorFromExceptions


@pytest.mark.parametrize("position", [-1, -100, "3", 2.5, 2.0, True, False, None, [1]])
def test_non_integer_or_negative_position_is_refused_and_nothing_changes(
    make_tasks: Any, position: Any, django_assert_num_queries: Any
) -> None:
    tasks = make_tasks(5)
    with django_assert_num_queries(0), pytest.raises(OrderingMixinGroupError) as caught:
        tasks[4].ordering_services.processor.move_to_position(
            destination_objects=Task.objects.all(), position=position
        )
    assert caught.value.message == "Ordering validation failed."
    assert [str(error) for error in caught.value.errors] == [NOT_POSITIVE]
    assert all(isinstance(error, OrderingMixinError) for error in caught.value.errors)
    assert names(Task.objects.all()) == ["t0", "t1", "t2", "t3", "t4"]
    assert tasks[4].order == 4


@pytest.mark.parametrize("position", [6, 7, 999])
def test_position_past_the_end_is_refused_and_nothing_changes(
    make_tasks: Any, position: int
) -> None:
    tasks = make_tasks(5, category="A")
    make_tasks(3, category="B", prefix="b")
    with pytest.raises(OrderingMixinGroupError) as caught:
        tasks[0].ordering_services.processor.move_to_position(
            destination_objects=Task.objects.filter(category="A"), position=position
        )
    assert caught.value.messages == [TOO_LARGE]
    assert caught.value.errors[0].message == TOO_LARGE
    assert names(Task.objects.filter(category="A")) == ["t0", "t1", "t2", "t3", "t4"]
    assert tasks[0].order == 0


def test_position_past_the_end_of_another_list_is_refused(make_tasks: Any) -> None:
    tasks = make_tasks(5, category="A")
    make_tasks(2, category="B", prefix="b")
    with pytest.raises(OrderingMixinGroupError) as caught:
        tasks[0].ordering_services.processor.move_to_position(
            destination_objects=Task.objects.filter(category="B"),
            position=3,
            origin_objects=Task.objects.filter(category="A"),
        )
    assert caught.value.messages == [TOO_LARGE]
    assert names(Task.objects.filter(category="B")) == ["b0", "b1"]
    assert names(Task.objects.filter(category="A")) == ["t0", "t1", "t2", "t3", "t4"]


def test_validation_error_leaves_the_callers_transaction_usable(make_tasks: Any) -> None:
    from django.db import transaction

    tasks = make_tasks(3)
    with transaction.atomic():
        with pytest.raises(OrderingMixinGroupError):
            tasks[0].ordering_services.processor.move_to_position(
                destination_objects=Task.objects.all(), position=10
            )
        # Still usable: a broken transaction would raise TransactionManagementError here.
        tasks[0].ordering_services.processor.move_to_position(
            destination_objects=Task.objects.all(), position=2
        )
    assert names(Task.objects.all()) == ["t1", "t2", "t0"]


def test_group_error_str_names_every_problem() -> None:
    error = OrderingMixinGroupError([OrderingMixinError(NOT_POSITIVE)])
    assert str(error) == f"Ordering validation failed. {NOT_POSITIVE}"
    assert error.errors[0].message == NOT_POSITIVE


def test_destination_of_another_model_is_refused(make_tasks: Any) -> None:
    from tests.ordering.models import Duck

    tasks = make_tasks(2)
    with pytest.raises(TypeError, match="destination_objects must be a QuerySet of "):
        tasks[0].ordering_services.processor.move_to_position(
            destination_objects=Duck.objects.all(), position=0
        )
    with pytest.raises(TypeError, match="destination_objects must be a QuerySet"):
        tasks[0].ordering_services.processor.move_to_position(
            destination_objects=list(Task.objects.all()),
            position=0,  # type: ignore[arg-type]
        )
    with pytest.raises(TypeError, match="must not be sliced"):
        tasks[0].ordering_services.processor.move_to_position(
            destination_objects=Task.objects.all()[:1], position=0
        )


def test_unsaved_or_deleted_object_is_refused(make_tasks: Any) -> None:
    tasks = make_tasks(2)
    Task.objects.filter(pk=tasks[1].pk).delete()
    with pytest.raises(ValueError, match=r"tests_ordering.Task with pk=\d+ does not exist"):
        tasks[1].ordering_services.processor.move_to_position(
            destination_objects=Task.objects.all(), position=0
        )
