"""Models used only by the tracking and audit tests."""

from __future__ import annotations

from typing import Any

from django.db import models

from modelsync.tracking import TrackedManager, TrackedQuerySet
from modelsync.tracking.models import TrackedModel


class Author(TrackedModel):
    """A tracked model other models point to."""

    name = models.CharField(max_length=100)
    email = models.CharField(max_length=100, blank=True, default="")
    password = models.CharField(max_length=100, blank=True, default="")


class Book(TrackedModel):
    """A tracked model with the usual field kinds."""

    title = models.CharField(max_length=200)
    status = models.CharField(max_length=20, default="draft")
    price = models.DecimalField(max_digits=8, decimal_places=2, default=0)
    in_stock = models.BooleanField(default=True)
    published = models.DateTimeField(null=True, blank=True)
    data = models.JSONField(null=True, blank=True)
    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="books")


class Chapter(TrackedModel):
    """Deleted by cascade with its book."""

    book = models.ForeignKey(Book, on_delete=models.CASCADE, related_name="chapters")
    number = models.PositiveIntegerField()


class Note(models.Model):
    """Untracked, deleted by cascade with its book."""

    book = models.ForeignKey(Book, on_delete=models.CASCADE, related_name="notes")
    text = models.CharField(max_length=100)


class PlainBook(models.Model):
    """The same columns as Book, plain Django: the statement baseline."""

    title = models.CharField(max_length=200)
    status = models.CharField(max_length=20, default="draft")
    price = models.DecimalField(max_digits=8, decimal_places=2, default=0)
    in_stock = models.BooleanField(default=True)
    published = models.DateTimeField(null=True, blank=True)
    data = models.JSONField(null=True, blank=True)
    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="plain_books")


class TaskQuerySet(TrackedQuerySet):
    """A custom queryset on top of the tracked one (the documented 'queryset only' usage)."""

    def open(self) -> TaskQuerySet:
        """Tasks not done."""
        return self.filter(done=False)


class Task(models.Model):
    """Not a TrackedModel: only its queryset writes are tracked."""

    title = models.CharField(max_length=100)
    done = models.BooleanField(default=False)

    objects = TaskQuerySet.as_manager()


class PlainQuerySet(models.QuerySet):
    """A queryset that knows nothing of tracking."""

    def named(self, name: str) -> PlainQuerySet:
        """Rows with this name."""
        return self.filter(name=name)


class Tag(TrackedModel):
    """Manager made with ``TrackedManager.from_queryset`` of a plain queryset."""

    name = models.CharField(max_length=50)

    objects = TrackedManager.from_queryset(PlainQuerySet)()

    def save(self, *args: Any, **kwargs: Any) -> None:
        """An override, as projects write them: the tracked save still reports once."""
        super().save(*args, **kwargs)


class Publication(TrackedModel):
    """Parent of a multi-table inheritance pair."""

    name = models.CharField(max_length=100)


class Magazine(Publication):
    """Child with fields in two tables."""

    issue = models.PositiveIntegerField(default=1)


class ReprintedBook(Book):
    """A proxy: its writes reach the hooks of ``Book``."""

    class Meta:
        proxy = True
