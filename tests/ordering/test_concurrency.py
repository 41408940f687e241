"""Concurrent moves on one PostgreSQL list stay a permutation of 0..n-1."""

from __future__ import annotations

import random
import threading
from collections import Counter

import pytest
from django.db import connection, transaction

from modelsync.ordering import OrderingMixinGroupError, lock_list
from tests.ordering.models import Playlist, Track

THREADS = 8
OPERATIONS = 200
SIZE = 1_000
MODEL_MOVES = 60


def run_operations(
    seed: int, main_id: int, archive_id: int, pks: list[int], outcome: Counter[str]
) -> None:
    """One worker: random moves, inserts (new or from the archive) and removes."""
    rng = random.Random(seed)
    try:
        for _ in range(OPERATIONS):
            kind = rng.choice(["move", "move", "move", "create", "remove", "restore", "restore"])
            with transaction.atomic():
                # Lock first, so that the rows read below are current when we act on them.
                lock_list(Track)
                if kind == "create":
                    Track.objects.create(playlist_id=main_id, title=f"new-{seed}")
                    outcome["create"] += 1
                    continue
                source = main_id if kind in {"move", "remove"} else archive_id
                track = Track.objects.filter(playlist_id=source, pk=rng.choice(pks)).first()
                if track is None:
                    outcome["other list"] += 1  # drawn track is in the other list now
                    continue
                main = Track.objects.filter(playlist_id=main_id)
                processor = track.ordering_services.processor
                if kind == "move":
                    try:
                        processor.move_to_position(main, rng.randint(0, SIZE + 50))
                        outcome["move"] += 1
                    except OrderingMixinGroupError:
                        outcome["refused"] += 1  # past the end: nothing changed
                elif kind == "remove":
                    processor.remove_from_objects(main)
                    track.playlist_id = archive_id
                    track.save()
                    outcome["remove"] += 1
                else:
                    count = main.count()
                    processor.move_to_position(
                        main,
                        rng.randint(0, count),
                        origin_objects=Track.objects.filter(playlist_id=archive_id),
                    )
                    track.playlist_id = main_id
                    track.save()
                    outcome["restore"] += 1
    finally:
        connection.close()


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_eight_threads_of_random_operations_keep_the_list_a_permutation() -> None:
    main = Playlist.objects.create(name="main")
    archive = Playlist.objects.create(name="archive")
    Track.objects.bulk_create(Track(playlist=main, title=f"t{i}", order=i) for i in range(SIZE))
    initial = set(Track.objects.values_list("pk", flat=True))
    outcomes: list[Counter[str]] = [Counter() for _ in range(THREADS)]
    errors: list[BaseException] = []

    def worker(index: int) -> None:
        try:
            run_operations(index, main.pk, archive.pk, sorted(initial), outcomes[index])
        except BaseException as error:  # reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    total = sum(outcomes, Counter())
    assert sum(total.values()) == THREADS * OPERATIONS
    assert total["move"] > 0 and total["remove"] > 0 and total["restore"] > 0
    for playlist in (main, archive):
        orders = sorted(Track.objects.filter(playlist=playlist).values_list("order", flat=True))
        assert orders == list(range(len(orders))), playlist.name
    everything = set(Track.objects.values_list("pk", flat=True))
    assert initial <= everything
    assert len(everything) == SIZE + total["create"]


def run_model_moves(seed: int, playlist_ids: list[int], pks: list[int]) -> Counter[str]:
    """One worker: random move_to/above/below within and across playlists, with stale
    instances and no lock taken by the caller: the moves read the row as stored themselves."""
    rng = random.Random(seed)
    outcome: Counter[str] = Counter()
    tracks = {pk: Track.objects.get(pk=pk) for pk in rng.sample(pks, 40)}  # go stale below
    try:
        for _ in range(MODEL_MOVES):
            track = tracks[rng.choice(list(tracks))]
            kind = rng.choice(["within", "across", "above", "below"])
            try:
                if kind == "within":
                    track.move_to(rng.randint(0, 40))
                elif kind == "across":
                    track.move_to(rng.randint(0, 40), playlist=rng.choice(playlist_ids))
                else:
                    other = Track.objects.get(pk=rng.choice(pks))
                    if other.pk == track.pk:
                        continue
                    if kind == "above":
                        track.above(other)
                    else:
                        track.below(other)
                outcome[kind] += 1
            except OrderingMixinGroupError:
                outcome["refused"] += 1  # past the end of the list as it is now
    finally:
        connection.close()
    return outcome


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_model_moves_across_lists_keep_every_list_dense() -> None:
    playlists = [Playlist.objects.create(name=f"p{i}") for i in range(3)]
    Track.objects.bulk_create(
        Track(playlist=playlist, title=f"{playlist.name}-{i}", order=i)
        for playlist in playlists
        for i in range(60)
    )
    pks = sorted(Track.objects.values_list("pk", flat=True))
    ids = [playlist.pk for playlist in playlists]
    outcomes: list[Counter[str]] = []
    errors: list[BaseException] = []

    def worker(index: int) -> None:
        try:
            outcomes.append(run_model_moves(index, ids, pks))
        except BaseException as error:  # reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    total = sum(outcomes, Counter())
    assert total["across"] > 0 and total["above"] > 0 and total["below"] > 0
    for playlist in playlists:
        orders = sorted(Track.objects.filter(playlist=playlist).values_list("order", flat=True))
        assert orders == list(range(len(orders))), playlist.name
    assert sorted(Track.objects.values_list("pk", flat=True)) == pks
