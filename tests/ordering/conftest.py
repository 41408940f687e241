"""Fixtures of the ordering tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.db.models import QuerySet

from tests.ordering.models import Playlist, Task, Track


def names(queryset: QuerySet[Any]) -> list[str]:
    """Names (or titles) of the rows of ``queryset`` by position."""
    return [str(obj) for obj in queryset.order_by("order", "pk")]


def positions(queryset: QuerySet[Any]) -> list[int]:
    """The sorted positions of ``queryset``."""
    return sorted(queryset.values_list("order", flat=True))


def assert_dense(queryset: QuerySet[Any]) -> None:
    """Positions of ``queryset`` are exactly 0..n-1."""
    assert positions(queryset) == list(range(queryset.count()))


def lock_statements() -> int:
    """Statements spent on the list lock: one on PostgreSQL, none elsewhere."""
    return 1 if connection.vendor == "postgresql" else 0


@pytest.fixture
def make_tasks(db: None) -> Callable[..., list[Task]]:
    """Create tasks ``t0..t{n-1}`` at positions ``0..n-1`` of a category."""

    def make(n: int, category: str = "A", prefix: str = "t") -> list[Task]:
        return list(
            Task.objects.bulk_create(
                Task(name=f"{prefix}{i}", category=category, order=i) for i in range(n)
            )
        )

    return make


@pytest.fixture
def make_playlist(db: None) -> Callable[..., Playlist]:
    """Create a playlist with tracks ``{prefix}0..`` appended by ``save()``."""

    def make(name: str, n: int, prefix: str | None = None) -> Playlist:
        playlist = Playlist.objects.create(name=name)
        for i in range(n):
            Track.objects.create(playlist=playlist, title=f"{prefix or name}{i}")
        return playlist

    return make
