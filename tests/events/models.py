"""Models used only by the change stream tests."""

from __future__ import annotations

from django.db import models

from modelsync.events import PublishEvents
from modelsync.tracking.models import TrackedModel


class Parcel(TrackedModel):
    """Published by its one-line declaration; ``secret`` never leaves the database."""

    code = models.CharField(max_length=50)
    status = models.CharField(max_length=20, default="new")
    weight = models.IntegerField(default=0)
    secret = models.CharField(max_length=50, blank=True, default="")

    events = PublishEvents(exclude=["secret"])


class Courier(TrackedModel):
    """Published only when a test names it in ``MODELSYNC_EVENTS_MODELS``."""

    name = models.CharField(max_length=50)
    active = models.BooleanField(default=True)
