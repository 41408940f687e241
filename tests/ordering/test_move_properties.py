"""Property: any sequence of ``move_to`` / ``above`` / ``below`` within and across lists leaves
every list exactly as the same operations leave plain Python lists (dense, nothing lost)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from modelsync.ordering import OrderingMixinGroupError
from tests.ordering.models import Playlist, Track

LISTS = 3
ITEMS = 9

operations = st.lists(
    st.one_of(
        st.tuples(st.just("move_to"), st.integers(0, ITEMS - 1), st.integers(0, ITEMS + 1)),
        st.tuples(
            st.just("move_to_list"),
            st.integers(0, ITEMS - 1),
            st.integers(0, ITEMS + 1),
            st.integers(0, LISTS - 1),
        ),
        st.tuples(
            st.sampled_from(["above", "below"]),
            st.integers(0, ITEMS - 1),
            st.integers(0, ITEMS - 1),
        ),
    ),
    max_size=25,
)


def apply(model: list[list[int]], operation: tuple[Any, ...], pks: list[int]) -> bool:
    """Apply ``operation`` to the Python lists; False if it must be refused (nothing changes)."""
    kind, item, *rest = operation
    pk = pks[item]
    origin = next(lst for lst in model if pk in lst)
    if kind in {"move_to", "move_to_list"}:
        position = rest[0]
        target = model[rest[1]] if kind == "move_to_list" else origin
        size = len(target) if target is origin else len(target) + 1
        if position > (size if target is origin else size - 1):
            return False
        origin.remove(pk)
        target.insert(min(position, len(target)), pk)
        return True
    other = pks[rest[0]]
    if other == pk:
        return False
    origin.remove(pk)
    target = next(lst for lst in model if other in lst)
    target.insert(target.index(other) + (kind == "below"), pk)
    return True


@pytest.mark.django_db
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(operations)
def test_moves_match_the_same_moves_on_python_lists(ops: list[tuple[Any, ...]]) -> None:
    Track.objects.all().delete()
    Playlist.objects.all().delete()
    playlists = [Playlist.objects.create(name=f"p{i}") for i in range(LISTS)]
    tracks = [
        Track.objects.create(playlist=playlists[i % LISTS], title=f"t{i}") for i in range(ITEMS)
    ]
    pks = [track.pk for track in tracks]
    model = [[pk for pk in pks if pks.index(pk) % LISTS == i] for i in range(LISTS)]
    for operation in ops:
        kind, item, *rest = operation
        track = tracks[item]  # may be stale: the moves read the row as stored
        expected = apply(model, operation, pks)
        try:
            if kind == "move_to":
                track.move_to(rest[0])
            elif kind == "move_to_list":
                track.move_to(rest[0], playlist=playlists[rest[1]])
            elif pks[rest[0]] == track.pk:
                continue
            elif kind == "above":
                track.above(tracks[rest[0]])
            else:
                track.below(tracks[rest[0]])
            assert expected, f"{operation} should have been refused"
        except OrderingMixinGroupError:
            assert not expected, f"{operation} was refused"
        stored = [
            list(playlist.tracks.order_by("order").values_list("pk", flat=True))
            for playlist in playlists
        ]
        assert stored == model
        for playlist in playlists:
            orders = list(playlist.tracks.order_by("order").values_list("order", flat=True))
            assert orders == list(range(len(orders)))
