"""A list given as a queryset may be any queryset of the model: filters on its own table,
across relations, with annotations or ``distinct``; each is moved in the same statements."""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import Count, F

from modelsync.ordering import OrderingMixinGroupError
from tests.ordering.conftest import assert_dense, names
from tests.ordering.models import Duck, Playlist, Task, Track


@pytest.mark.parametrize(
    "make_list",
    [
        lambda: Track.objects.filter(playlist__name="rock"),
        lambda: Track.objects.filter(playlist__name="rock").distinct(),
        lambda: Track.objects.annotate(n=Count("playlist__tracks")).filter(playlist__name="rock"),
        lambda: Track.objects.annotate(doubled=F("order") * 2).filter(playlist__name="rock"),
    ],
    ids=["join", "distinct", "aggregate", "annotation"],
)
def test_a_list_needing_joins_or_annotations_moves_like_a_plain_one(
    make_playlist: Any, django_assert_num_queries: Any, make_list: Any
) -> None:
    rock = make_playlist("rock", 4)
    jazz = make_playlist("jazz", 3)
    track = Track.objects.get(title="rock3")
    with django_assert_num_queries(2):
        track.ordering_services.processor.move_to_position(
            destination_objects=make_list(), position=1
        )
    assert names(rock.tracks.all()) == ["rock0", "rock3", "rock1", "rock2"]
    assert names(jazz.tracks.all()) == ["jazz0", "jazz1", "jazz2"]


def test_a_list_filtered_by_a_custom_queryset_method(db: None) -> None:
    for i in range(4):
        Duck.objects.create(name=f"d{i}", order=i)
    Duck.objects.create(name="archived", order=4, is_active=False)
    duck = Duck.objects.get(name="d3")
    duck.ordering_services.processor.move_to_position(
        destination_objects=Duck.objects.active(), position=4
    )
    assert names(Duck.objects.active()) == ["d0", "d1", "d2", "d3"]
    with pytest.raises(OrderingMixinGroupError):
        duck.ordering_services.processor.move_to_position(
            destination_objects=Duck.objects.active(), position=5
        )


def test_an_empty_list_is_one_the_object_can_be_inserted_into(make_tasks: Any) -> None:
    make_tasks(3)
    task = Task.objects.get(name="t1")
    task.ordering_services.processor.move_to_position(
        destination_objects=Task.objects.filter(pk__in=[]), position=0
    )
    assert Task.objects.get(pk=task.pk).order == 0
    with pytest.raises(OrderingMixinGroupError):
        task.ordering_services.processor.move_to_position(
            destination_objects=Task.objects.filter(pk__in=[]), position=1
        )


def test_moving_across_lists_given_with_joins_keeps_both_dense(make_playlist: Any) -> None:
    rock = make_playlist("rock", 3)
    jazz = make_playlist("jazz", 2)
    track = Track.objects.get(title="rock0")
    track.ordering_services.processor.move_to_position(
        destination_objects=Track.objects.filter(playlist__name="jazz"),
        position=1,
        origin_objects=Track.objects.filter(playlist__name="rock"),
    )
    track.playlist = jazz
    track.save()
    assert names(jazz.tracks.all()) == ["jazz0", "rock0", "jazz1"]
    assert names(rock.tracks.all()) == ["rock1", "rock2"]
    assert_dense(jazz.tracks.all())
    assert_dense(rock.tracks.all())
    assert Playlist.objects.count() == 2
