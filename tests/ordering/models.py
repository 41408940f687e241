"""Models used only by the ordering tests: the usage examples' models and scoped lists."""

from __future__ import annotations

from django.db import models

from modelsync.ordering.models import OrderingModelMixin
from modelsync.tracking.models import TrackedModel


class Task(OrderingModelMixin):
    """The quick-start model (unscoped: lists are whatever querysets are passed)."""

    name = models.CharField(max_length=255)
    description = models.TextField(blank=True)
    category = models.CharField(max_length=10, default="A")

    def __str__(self) -> str:
        return self.name

    class Meta:
        verbose_name = "Task"
        verbose_name_plural = "Tasks"


class DuckQuerySet(models.QuerySet["Duck"]):
    """The ``active()`` of the Duck example."""

    def active(self) -> DuckQuerySet:
        """Ducks that are not archived."""
        return self.filter(is_active=True)


class Duck(OrderingModelMixin):
    """The reorder-view example model, with its own table name and an ``active()`` filter."""

    name = models.CharField(max_length=100)
    color = models.CharField(max_length=7, default="#ff0000")
    is_active = models.BooleanField(default=True)

    objects = DuckQuerySet.as_manager()

    def __str__(self) -> str:
        return self.name

    class Meta:
        verbose_name = "Duck"
        verbose_name_plural = "Ducks"
        db_table = "apps_ordering"


class Playlist(models.Model):
    """A list owner for the scoped model."""

    name = models.CharField(max_length=100)


class Track(OrderingModelMixin):
    """Scoped by playlist: tracks moved between playlists."""

    playlist = models.ForeignKey(Playlist, models.CASCADE, related_name="tracks")
    title = models.CharField(max_length=100)

    ordering_scope = ("playlist",)

    def __str__(self) -> str:
        return self.title


class HistoryTask(TrackedModel, OrderingModelMixin):
    """A quick-start ``Task`` with history: change tracking
    (our ``TrackedModel``) and ordering on one model."""

    name = models.CharField(max_length=255)
    description = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.name

    class Meta:
        verbose_name = "Task"
        verbose_name_plural = "Tasks"


class TrackedTrack(TrackedModel, OrderingModelMixin):
    """A scoped ordered model whose writes are change-tracked: a move into another playlist is
    a change of ``playlist`` that receivers must hear."""

    playlist = models.ForeignKey(Playlist, models.CASCADE, related_name="tracked_tracks")
    title = models.CharField(max_length=100)

    ordering_scope = ("playlist",)

    def __str__(self) -> str:
        return self.title
