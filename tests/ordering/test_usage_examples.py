"""The usage examples of the processor API (quick start, reorder views, playlists), written
the way a user of the API writes them."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.http import JsonResponse
from django.test import RequestFactory
from django.views.decorators.http import require_POST

from modelsync.ordering.exceptions import OrderingMixinGroupError
from tests.ordering.conftest import assert_dense, names
from tests.ordering.models import Duck, Playlist, Task, Track


def test_quick_start_moves_task_to_position_3(make_tasks: Any) -> None:
    make_tasks(5)
    task = Task.objects.get(name="t0")
    all_tasks = Task.objects.all()

    task.ordering_services.processor.move_to_position(
        destination_objects=all_tasks,
        position=3,
    )
    assert names(Task.objects.all()) == ["t1", "t2", "t3", "t0", "t4"]


def test_the_order_field_is_a_positive_integer_defaulting_to_zero() -> None:
    from django.db import models

    field = Task._meta.get_field("order")
    assert isinstance(field, models.PositiveIntegerField)
    assert field.default == 0
    assert field.db_index


def test_moving_between_categories(make_tasks: Any) -> None:
    make_tasks(3, category="A", prefix="a")
    make_tasks(3, category="B", prefix="b")
    task = Task.objects.get(name="a0")
    category_a_tasks = Task.objects.filter(category="A")
    category_b_tasks = Task.objects.filter(category="B")

    task.ordering_services.processor.move_to_position(
        destination_objects=category_b_tasks,
        position=1,
        origin_objects=category_a_tasks,
    )
    Task.objects.filter(pk=task.pk).update(category="B")
    assert names(Task.objects.filter(category="B")) == ["b0", "a0", "b1", "b2"]
    assert names(Task.objects.filter(category="A")) == ["a1", "a2"]


def test_removing_an_item_from_ordering(make_tasks: Any) -> None:
    make_tasks(4)
    task = Task.objects.get(name="t1")
    all_tasks = Task.objects.all()

    task.ordering_services.processor.remove_from_objects(
        destination_objects=all_tasks,
    )
    assert Task.objects.get(pk=task.pk).order == 0
    assert names(Task.objects.exclude(pk=task.pk)) == ["t0", "t2", "t3"]
    assert_dense(Task.objects.exclude(pk=task.pk))


def move_track_to_playlist(track_id: int, new_playlist_id: int, position: int) -> None:
    track = Track.objects.get(pk=track_id)
    old_playlist_tracks = track.playlist.tracks.all()
    new_playlist = Playlist.objects.get(pk=new_playlist_id)
    new_playlist_tracks = new_playlist.tracks.all()

    # Move from one playlist to another
    track.ordering_services.processor.move_to_position(
        destination_objects=new_playlist_tracks,
        position=position,
        origin_objects=old_playlist_tracks,
    )

    track.playlist = new_playlist
    track.save()


def test_multi_category_playlist_example_keeps_the_chosen_position(make_playlist: Any) -> None:
    rock = make_playlist("rock", 3)
    jazz = make_playlist("jazz", 3)
    track = Track.objects.get(title="rock2")
    move_track_to_playlist(track.pk, jazz.pk, 1)
    assert names(jazz.tracks.all()) == ["jazz0", "rock2", "jazz1", "jazz2"]
    assert names(rock.tracks.all()) == ["rock0", "rock1"]
    assert_dense(jazz.tracks.all())
    assert_dense(rock.tracks.all())


def test_validation_example(make_tasks: Any, capsys: Any) -> None:
    make_tasks(3)
    task = Task.objects.get(name="t0")
    try:
        task.ordering_services.processor.move_to_position(
            destination_objects=Task.objects.all(),
            position=999,  # Invalid!
        )
    except OrderingMixinGroupError as e:
        print(e.message)  # 'Ordering validation failed.'
        for error in e.errors:
            print(error)  # OrderingMixinError details
    assert capsys.readouterr().out.splitlines() == [
        "Ordering validation failed.",
        "Position must be less than the number of destination objects.",
    ]


@require_POST
def reorder_duck(request: Any, pk: int, order: int) -> JsonResponse:
    """Reorder a duck to a specific position."""
    duck = Duck.objects.filter(pk=pk).first()

    if not duck:
        return JsonResponse({"type": "error", "message": "Duck not found"}, status=404)

    all_ducks = Duck.objects.active().order_by("order")

    duck.ordering_services.processor.move_to_position(
        destination_objects=all_ducks,
        position=order,
    )
    return JsonResponse(
        {
            "type": "success",
            "message": "Duck reordered successfully",
        }
    )


@pytest.mark.django_db
def test_duck_reorder_view() -> None:
    for i in range(4):
        Duck.objects.create(name=f"d{i}", order=i)
    request = RequestFactory().post("/")
    response = reorder_duck(request, Duck.objects.get(name="d3").pk, 0)
    assert json.loads(response.content) == {
        "type": "success",
        "message": "Duck reordered successfully",
    }
    assert names(Duck.objects.active()) == ["d3", "d0", "d1", "d2"]
    missing = reorder_duck(request, 10_000, 0)
    assert missing.status_code == 404
    assert json.loads(missing.content) == {"type": "error", "message": "Duck not found"}
