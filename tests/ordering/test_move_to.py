"""``move_to``, ``above`` and ``below``: the model's ordering_scope names the list, the move
locks, validates, moves and saves by itself."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from modelsync.errors import ModelsyncError
from modelsync.ordering import (
    NOT_POSITIVE_MESSAGE,
    TOO_LARGE_MESSAGE,
    OrderingArgumentError,
    OrderingMixinGroupError,
    OrderingStateError,
)
from modelsync.tracking import post_update_signal
from tests.ordering.conftest import assert_dense, lock_statements, names
from tests.ordering.models import Playlist, Task, Track, TrackedTrack


def statements(captured: list[dict[str, Any]]) -> int:
    """SQL statements (not round trips): the lock travels with the first read on PostgreSQL."""
    return sum(1 + query["sql"].count("; SELECT") for query in captured)


@pytest.mark.parametrize(
    ("title", "position", "expected"),
    [
        ("rock3", 0, ["rock3", "rock0", "rock1", "rock2"]),
        ("rock0", 2, ["rock1", "rock2", "rock0", "rock3"]),
        ("rock1", 1, ["rock0", "rock1", "rock2", "rock3"]),
    ],
)
def test_move_to_reorders_within_the_instances_own_list(
    make_playlist: Any, title: str, position: int, expected: list[str]
) -> None:
    rock = make_playlist("rock", 4)
    jazz = make_playlist("jazz", 2)
    track = Track.objects.get(title=title)
    track.move_to(position)
    assert names(rock.tracks.all()) == expected
    assert names(jazz.tracks.all()) == ["jazz0", "jazz1"]
    assert track.order == position
    assert_dense(rock.tracks.all())


def test_move_to_the_size_of_the_list_puts_it_last_without_a_gap(make_playlist: Any) -> None:
    rock = make_playlist("rock", 3)
    track = Track.objects.get(title="rock0")
    track.move_to(3)
    assert names(rock.tracks.all()) == ["rock1", "rock2", "rock0"]
    assert track.order == 2
    assert_dense(rock.tracks.all())


@pytest.mark.parametrize("size", [5, 300])
def test_move_within_a_list_costs_three_statements_in_two_round_trips(
    make_playlist: Any, django_assert_num_queries: Any, size: int
) -> None:
    rock = make_playlist("rock", 0)
    Track.objects.bulk_create(Track(playlist=rock, title=f"rock{i}", order=i) for i in range(size))
    track = Track.objects.get(title=f"rock{size - 1}")
    with django_assert_num_queries(2), CaptureQueriesContext(connection) as ctx:
        track.move_to(1)
    assert statements(ctx.captured_queries) == 2 + lock_statements()
    assert names(rock.tracks.all())[:3] == ["rock0", f"rock{size - 1}", "rock1"]


def test_move_to_the_current_position_writes_nothing(
    make_playlist: Any, django_assert_num_queries: Any
) -> None:
    make_playlist("rock", 3)
    track = Track.objects.get(title="rock1")
    with django_assert_num_queries(1):
        track.move_to(1)


@pytest.mark.parametrize("by_key", [False, True], ids=["instance", "key"])
def test_move_to_another_list_closes_the_gap_and_opens_one(
    make_playlist: Any, by_key: bool
) -> None:
    rock = make_playlist("rock", 4)
    jazz = make_playlist("jazz", 3)
    track = Track.objects.get(title="rock1")
    track.move_to(1, playlist=jazz.pk if by_key else jazz)
    assert names(jazz.tracks.all()) == ["jazz0", "rock1", "jazz1", "jazz2"]
    assert names(rock.tracks.all()) == ["rock0", "rock2", "rock3"]
    assert (track.playlist_id, track.order) == (jazz.pk, 1)
    assert Track.objects.get(pk=track.pk).playlist_id == jazz.pk
    assert_dense(jazz.tracks.all())
    assert_dense(rock.tracks.all())


@pytest.mark.parametrize("size", [5, 300])
def test_move_to_another_list_costs_the_read_one_shift_and_the_save(
    make_playlist: Any, django_assert_num_queries: Any, size: int
) -> None:
    rock = make_playlist("rock", 0)
    jazz = make_playlist("jazz", 0)
    Track.objects.bulk_create(
        Track(playlist=playlist, title=f"{playlist.name}{i}", order=i)
        for playlist in (rock, jazz)
        for i in range(size)
    )
    track = Track.objects.get(title="rock2")
    # lock + read (one round trip), one UPDATE for both lists, the row's save
    with django_assert_num_queries(3), CaptureQueriesContext(connection) as ctx:
        track.move_to(size // 2, playlist=jazz)
    assert statements(ctx.captured_queries) == 3 + lock_statements()
    assert_dense(jazz.tracks.all())
    assert_dense(rock.tracks.all())
    assert jazz.tracks.get(title="rock2").order == size // 2


def test_a_later_plain_save_keeps_the_position_chosen_in_the_new_list(
    make_playlist: Any,
) -> None:
    make_playlist("rock", 3)
    jazz = make_playlist("jazz", 3)
    track = Track.objects.get(title="rock2")
    track.move_to(0, playlist=jazz)
    track.title = "renamed"
    track.save()
    assert names(jazz.tracks.all()) == ["renamed", "jazz0", "jazz1", "jazz2"]


def test_move_to_the_end_of_an_empty_list(make_playlist: Any) -> None:
    rock = make_playlist("rock", 2)
    empty = Playlist.objects.create(name="empty")
    track = Track.objects.get(title="rock0")
    track.move_to(0, playlist=empty)
    assert names(empty.tracks.all()) == ["rock0"]
    assert names(rock.tracks.all()) == ["rock1"]
    assert_dense(rock.tracks.all())


def test_a_stale_instance_moves_from_where_the_row_really_is(make_playlist: Any) -> None:
    rock = make_playlist("rock", 4)
    stale = Track.objects.get(title="rock3")  # loaded at position 3
    Track.objects.get(title="rock3").move_to(0)
    stale.move_to(2)
    assert names(rock.tracks.all()) == ["rock0", "rock1", "rock3", "rock2"]
    assert_dense(rock.tracks.all())


def test_move_to_on_an_unscoped_model_orders_the_whole_table(make_tasks: Any) -> None:
    make_tasks(3, category="A", prefix="a")
    make_tasks(0)
    task = Task.objects.get(name="a2")
    task.move_to(0)
    assert names(Task.objects.all()) == ["a2", "a0", "a1"]


@pytest.mark.parametrize(
    ("position", "message"),
    [
        (-1, NOT_POSITIVE_MESSAGE),
        (2.5, NOT_POSITIVE_MESSAGE),
        ("1", NOT_POSITIVE_MESSAGE),
        (True, NOT_POSITIVE_MESSAGE),
        (5, TOO_LARGE_MESSAGE),
        (10**30, TOO_LARGE_MESSAGE),
    ],
)
def test_invalid_positions_are_refused_and_change_nothing(
    make_playlist: Any, position: Any, message: str
) -> None:
    rock = make_playlist("rock", 4)
    track = Track.objects.get(title="rock0")
    with pytest.raises(OrderingMixinGroupError) as caught:
        track.move_to(position)
    assert caught.value.messages == [message]
    assert isinstance(caught.value, ModelsyncError) and isinstance(caught.value, ValueError)
    assert names(rock.tracks.all()) == ["rock0", "rock1", "rock2", "rock3"]


def test_position_past_the_end_of_the_other_list_changes_nothing(make_playlist: Any) -> None:
    rock = make_playlist("rock", 3)
    jazz = make_playlist("jazz", 2)
    track = Track.objects.get(title="rock0")
    with pytest.raises(OrderingMixinGroupError) as caught:
        track.move_to(3, playlist=jazz)
    assert caught.value.messages == [TOO_LARGE_MESSAGE]
    assert names(rock.tracks.all()) == ["rock0", "rock1", "rock2"]
    assert names(jazz.tracks.all()) == ["jazz0", "jazz1"]
    assert track.playlist_id == rock.pk


def test_a_keyword_that_is_not_a_scope_field_is_refused_naming_it(make_playlist: Any) -> None:
    make_playlist("rock", 2)
    track = Track.objects.get(title="rock0")
    with pytest.raises(OrderingArgumentError, match=r"tests_ordering\.Track.*album") as caught:
        track.move_to(0, album=1)
    assert isinstance(caught.value, TypeError)


def test_a_scope_value_of_another_model_is_refused(make_playlist: Any, make_tasks: Any) -> None:
    make_playlist("rock", 2)
    (task,) = make_tasks(1)
    track = Track.objects.get(title="rock0")
    with pytest.raises(OrderingArgumentError, match=r"Track\.playlist"):
        track.move_to(0, playlist=task)


def test_an_unsaved_instance_cannot_move(db: None) -> None:
    playlist = Playlist.objects.create(name="p")
    with pytest.raises(OrderingStateError, match="save it"):
        Track(playlist=playlist, title="new").move_to(0)


@pytest.mark.parametrize(
    ("title", "method", "other", "expected"),
    [
        ("rock3", "above", "rock1", ["rock0", "rock3", "rock1", "rock2"]),
        ("rock0", "above", "rock2", ["rock1", "rock0", "rock2", "rock3"]),
        ("rock3", "below", "rock1", ["rock0", "rock1", "rock3", "rock2"]),
        ("rock0", "below", "rock2", ["rock1", "rock2", "rock0", "rock3"]),
        ("rock0", "below", "rock3", ["rock1", "rock2", "rock3", "rock0"]),
        ("rock1", "above", "rock2", ["rock0", "rock1", "rock2", "rock3"]),
    ],
)
def test_above_and_below_within_a_list(
    make_playlist: Any, title: str, method: str, other: str, expected: list[str]
) -> None:
    rock = make_playlist("rock", 4)
    track = Track.objects.get(title=title)
    getattr(track, method)(Track.objects.get(title=other))
    assert names(rock.tracks.all()) == expected
    assert_dense(rock.tracks.all())


@pytest.mark.parametrize(
    ("method", "expected"),
    [("above", ["jazz0", "rock1", "jazz1"]), ("below", ["jazz0", "jazz1", "rock1"])],
)
def test_above_and_below_move_into_the_other_instances_list(
    make_playlist: Any, django_assert_num_queries: Any, method: str, expected: list[str]
) -> None:
    rock = make_playlist("rock", 3)
    jazz = make_playlist("jazz", 2)
    track = Track.objects.get(title="rock1")
    other = Track.objects.get(title="jazz1")
    with django_assert_num_queries(3):
        getattr(track, method)(other)
    assert names(jazz.tracks.all()) == expected
    assert names(rock.tracks.all()) == ["rock0", "rock2"]
    assert track.playlist_id == jazz.pk
    assert_dense(jazz.tracks.all())
    assert_dense(rock.tracks.all())


def test_above_within_a_list_costs_two_round_trips(
    make_playlist: Any, django_assert_num_queries: Any
) -> None:
    make_playlist("rock", 6)
    track = Track.objects.get(title="rock5")
    first = Track.objects.get(title="rock0")
    with django_assert_num_queries(2):
        track.above(first)
    assert names(first.playlist.tracks.all())[:2] == ["rock5", "rock0"]


def test_above_itself_or_an_object_of_another_model_is_refused(
    make_playlist: Any, make_tasks: Any
) -> None:
    make_playlist("rock", 2)
    (task,) = make_tasks(1)
    track = Track.objects.get(title="rock0")
    with pytest.raises(OrderingArgumentError, match="itself"):
        track.above(track)
    with pytest.raises(OrderingArgumentError, match=r"tests_ordering\.Task"):
        track.below(task)  # type: ignore[arg-type]


def test_below_a_deleted_object_is_refused(make_playlist: Any) -> None:
    rock = make_playlist("rock", 3)
    other = Track.objects.get(title="rock2")
    Track.objects.filter(pk=other.pk).delete()
    with pytest.raises(OrderingStateError, match="does not exist"):
        Track.objects.get(title="rock0").below(other)
    assert names(rock.tracks.all()) == ["rock0", "rock1"]


@pytest.mark.django_db(transaction=True)
def test_a_move_into_another_list_is_a_tracked_change_of_the_scope_field() -> None:
    rock = Playlist.objects.create(name="rock")
    jazz = Playlist.objects.create(name="jazz")
    for title in ("a", "b"):
        TrackedTrack.objects.create(playlist=rock, title=title)
    TrackedTrack.objects.create(playlist=jazz, title="c")
    heard: list[dict[str, Any]] = []

    def receiver(sender: Any, objects: Any, **kwargs: Any) -> None:
        heard.extend({"pk": o.instance.pk, **o.changed_values} for o in objects)

    post_update_signal.connect(receiver, sender=TrackedTrack)
    try:
        track = TrackedTrack.objects.get(title="a")
        track.move_to(0, playlist=jazz)
        track.move_to(1)  # within the list: bookkeeping, not a change of the row's data
    finally:
        post_update_signal.disconnect(receiver, sender=TrackedTrack)
    assert heard == [{"pk": track.pk, "playlist": rock.pk}]
    assert names(jazz.tracked_tracks.all()) == ["c", "a"]
    assert names(rock.tracked_tracks.all()) == ["b"]
