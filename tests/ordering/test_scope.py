"""A declared ordering_scope keeps lists dense through plain save() and delete()."""

from __future__ import annotations

from typing import Any

from tests.ordering.conftest import assert_dense, names
from tests.ordering.models import Playlist, Track


def test_new_instance_is_appended_to_the_end_of_its_list(make_playlist: Any) -> None:
    rock = make_playlist("rock", 3)
    jazz = make_playlist("jazz", 2)
    track = Track.objects.create(playlist=rock, title="new")
    assert track.order == 3
    assert names(rock.tracks.all()) == ["rock0", "rock1", "rock2", "new"]
    assert names(jazz.tracks.all()) == ["jazz0", "jazz1"]
    assert_dense(rock.tracks.all())


def test_first_instance_of_a_list_gets_position_zero(db: None) -> None:
    playlist = Playlist.objects.create(name="empty")
    assert Track.objects.create(playlist=playlist, title="only").order == 0


def test_create_costs_the_lock_one_read_and_the_insert(
    make_playlist: Any, django_assert_num_queries: Any
) -> None:
    rock = make_playlist("rock", 5)
    with django_assert_num_queries(2):
        Track.objects.create(playlist=rock, title="new")


def test_changing_the_scope_field_moves_to_the_end_of_the_new_list(
    make_playlist: Any, django_assert_num_queries: Any
) -> None:
    rock = make_playlist("rock", 4)
    jazz = make_playlist("jazz", 2)
    track = Track.objects.get(title="rock1")
    track.playlist = jazz
    # lock, read old position + end of new list, close the gap, the row's UPDATE
    with django_assert_num_queries(3):
        track.save()
    assert names(jazz.tracks.all()) == ["jazz0", "jazz1", "rock1"]
    assert names(rock.tracks.all()) == ["rock0", "rock2", "rock3"]
    assert_dense(rock.tracks.all())
    assert_dense(jazz.tracks.all())


def test_scope_change_with_update_fields_also_writes_the_position(make_playlist: Any) -> None:
    rock = make_playlist("rock", 3)
    jazz = make_playlist("jazz", 2)
    track = Track.objects.get(title="rock0")
    track.playlist = jazz
    track.save(update_fields=["playlist"])
    assert names(jazz.tracks.all()) == ["jazz0", "jazz1", "rock0"]
    assert_dense(rock.tracks.all())


def test_save_without_scope_change_keeps_the_position(
    make_playlist: Any, django_assert_num_queries: Any
) -> None:
    rock = make_playlist("rock", 3)
    track = Track.objects.get(title="rock1")
    track.title = "renamed"
    with django_assert_num_queries(1):
        track.save()
    assert names(rock.tracks.all()) == ["rock0", "renamed", "rock2"]


def test_position_chosen_by_move_stays_when_the_scope_changes_after(make_playlist: Any) -> None:
    rock = make_playlist("rock", 4)
    jazz = make_playlist("jazz", 3)
    track = Track.objects.get(title="rock3")
    track.ordering_services.processor.move_to_position(
        destination_objects=jazz.tracks.all(), position=1, origin_objects=rock.tracks.all()
    )
    track.playlist = jazz
    track.save()
    assert names(jazz.tracks.all()) == ["jazz0", "rock3", "jazz1", "jazz2"]
    assert names(rock.tracks.all()) == ["rock0", "rock1", "rock2"]
    assert_dense(jazz.tracks.all())
    # Only that one save is exempt: the next scope change moves to the end again.
    track.playlist = rock
    track.save()
    assert names(rock.tracks.all()) == ["rock0", "rock1", "rock2", "rock3"]
    assert_dense(jazz.tracks.all())


def test_move_without_origin_on_a_scoped_model_closes_the_gap_of_its_list(
    make_playlist: Any,
) -> None:
    rock = make_playlist("rock", 3)
    jazz = make_playlist("jazz", 2)
    track = Track.objects.get(title="rock0")
    track.ordering_services.processor.move_to_position(
        destination_objects=jazz.tracks.all(), position=0
    )
    track.playlist = jazz
    track.save()
    assert names(jazz.tracks.all()) == ["rock0", "jazz0", "jazz1"]
    assert names(rock.tracks.all()) == ["rock1", "rock2"]
    assert_dense(rock.tracks.all())


def test_removed_then_moved_to_another_list_is_appended_there(make_playlist: Any) -> None:
    rock = make_playlist("rock", 3)
    jazz = make_playlist("jazz", 2)
    track = Track.objects.get(title="rock0")
    track.ordering_services.processor.remove_from_objects(destination_objects=rock.tracks.all())
    track.playlist = jazz
    track.save()
    assert names(jazz.tracks.all()) == ["jazz0", "jazz1", "rock0"]
    assert names(rock.tracks.all()) == ["rock1", "rock2"]
    assert_dense(rock.tracks.all())
    assert_dense(jazz.tracks.all())


def test_delete_closes_the_gap(make_playlist: Any) -> None:
    rock = make_playlist("rock", 4)
    Track.objects.get(title="rock1").delete()
    assert names(rock.tracks.all()) == ["rock0", "rock2", "rock3"]
    assert_dense(rock.tracks.all())


def test_delete_after_remove_does_not_close_the_gap_twice(make_playlist: Any) -> None:
    rock = make_playlist("rock", 4)
    track = Track.objects.get(title="rock1")
    track.ordering_services.processor.remove_from_objects(destination_objects=rock.tracks.all())
    track.delete()
    assert names(rock.tracks.all()) == ["rock0", "rock2", "rock3"]
    assert_dense(rock.tracks.all())


def test_instance_loaded_without_the_scope_field_saves_normally(make_playlist: Any) -> None:
    rock = make_playlist("rock", 2)
    track = Track.objects.only("title").get(title="rock1")
    track.title = "renamed"
    track.save()
    assert names(rock.tracks.all()) == ["rock0", "renamed"]


def test_plain_save_does_not_write_back_a_stale_position(make_tasks: Any) -> None:
    from tests.ordering.models import Task

    tasks = make_tasks(3)
    stale = Task.objects.get(name="t2")  # loaded at position 2
    tasks[2].ordering_services.processor.move_to_position(
        destination_objects=Task.objects.all(), position=0
    )
    stale.name = "renamed"
    stale.save()
    assert names(Task.objects.all()) == ["renamed", "t0", "t1"]
    assert_dense(Task.objects.all())


def test_explicitly_changed_position_is_written(make_tasks: Any) -> None:
    from tests.ordering.models import Task

    make_tasks(3)
    task = Task.objects.get(name="t0")
    task.order = 7
    task.save()
    assert Task.objects.get(pk=task.pk).order == 7


def test_scope_change_of_a_stale_instance_closes_the_gap_where_the_row_really_is(
    make_playlist: Any,
) -> None:
    rock = make_playlist("rock", 3)
    jazz = make_playlist("jazz", 2)
    blues = make_playlist("blues", 2)
    stale = Track.objects.get(title="rock0")
    moved = Track.objects.get(title="rock0")
    moved.playlist = jazz
    moved.save()  # now jazz2 position 2; rock closed its gap
    stale.playlist = blues
    stale.save()
    assert names(blues.tracks.all()) == ["blues0", "blues1", "rock0"]
    assert names(jazz.tracks.all()) == ["jazz0", "jazz1"]
    assert names(rock.tracks.all()) == ["rock1", "rock2"]
    for playlist in (rock, jazz, blues):
        assert_dense(playlist.tracks.all())


def test_scope_change_to_where_the_row_already_is_keeps_its_position(
    make_playlist: Any,
) -> None:
    rock = make_playlist("rock", 3)
    jazz = make_playlist("jazz", 2)
    stale = Track.objects.get(title="rock2")
    track = Track.objects.get(title="rock2")
    track.ordering_services.processor.move_to_position(
        destination_objects=jazz.tracks.all(), position=0, origin_objects=rock.tracks.all()
    )
    track.playlist = jazz
    track.save()
    stale.playlist = jazz
    stale.save()
    assert names(jazz.tracks.all()) == ["rock2", "jazz0", "jazz1"]
    assert_dense(jazz.tracks.all())
    assert_dense(rock.tracks.all())


def test_delete_of_a_stale_instance_closes_the_gap_where_the_row_really_is(
    make_playlist: Any,
) -> None:
    rock = make_playlist("rock", 3)
    jazz = make_playlist("jazz", 2)
    stale = Track.objects.get(title="rock0")
    moved = Track.objects.get(title="rock0")
    moved.ordering_services.processor.move_to_position(
        destination_objects=jazz.tracks.all(), position=0, origin_objects=rock.tracks.all()
    )
    moved.playlist = jazz
    moved.save()
    stale.delete()
    assert names(jazz.tracks.all()) == ["jazz0", "jazz1"]
    assert names(rock.tracks.all()) == ["rock1", "rock2"]
    assert_dense(jazz.tracks.all())
    assert_dense(rock.tracks.all())


def test_a_copied_instance_does_not_share_what_its_next_save_owes(make_playlist: Any) -> None:
    import copy

    from modelsync.ordering.scope import Pending, StoredPlace

    rock = make_playlist("rock", 3)
    jazz = make_playlist("jazz", 2)
    track = Track.objects.get(title="rock0")
    twin = copy.copy(track)
    twin.ordering_services.processor.move_to_position(
        destination_objects=jazz.tracks.all(), position=0, origin_objects=rock.tracks.all()
    )
    assert StoredPlace.of(twin).pending is Pending.PLACED
    assert StoredPlace.of(track).pending is None
    assert (StoredPlace.of(track).order, StoredPlace.of(twin).order) == (0, 0)
    assert StoredPlace.of(track).scope == (rock.pk,)
