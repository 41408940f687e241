"""The outbox table (in the column layout of Debezium's outbox event router) and the ids a
consumer has already handled."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Min, Q
from django.utils import timezone

__all__ = ["OutboxEvent", "OutboxEventQuerySet", "SeenEvent"]


class OutboxEventQuerySet(models.QuerySet["OutboxEvent"]):
    """Queries on the outbox."""

    def unpublished(self) -> OutboxEventQuerySet:
        """Events the relay has not published yet, in the order it publishes them."""
        return self.filter(published_at__isnull=True).order_by("created_at", "id")

    def lag(self) -> timedelta | None:
        """Age of the oldest unpublished event (``None`` when every event is published)."""
        oldest = self.filter(published_at__isnull=True).aggregate(oldest=Min("created_at"))
        return None if oldest["oldest"] is None else timezone.now() - oldest["oldest"]


class OutboxEvent(models.Model):
    """One change of one object, written in the transaction of the change.

    ``id`` is the event's idempotency key; ``aggregatetype`` the model's label
    (``"shop.order"``), ``aggregateid`` the object's primary key, ``type`` ``created``,
    ``updated`` or ``deleted``. ``payload`` holds ``old`` and ``new`` values of the published
    fields that changed, ``user`` (the id of who made the write), ``comment`` and
    ``statement_id`` (equal for every event of one write statement). ``published_at`` is set
    by the relay; a Debezium deployment leaves it empty.
    """

    class Type(models.TextChoices):
        CREATED = "created", "Created"
        UPDATED = "updated", "Updated"
        DELETED = "deleted", "Deleted"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    aggregatetype = models.CharField(max_length=255)
    aggregateid = models.CharField(max_length=255)
    type = models.CharField(max_length=20, choices=Type.choices)
    payload = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(default=timezone.now)
    # No index of its own: every event would pay for it on insert, while only the rare
    # prune reads by it.
    published_at = models.DateTimeField(null=True, blank=True)

    objects = OutboxEventQuerySet.as_manager()

    class Meta:
        db_table = "modelsync_events_outbox"
        verbose_name = "outbox event"
        # The relay reads the unpublished rows oldest first; the index holds only those.
        indexes = [
            models.Index(
                fields=["created_at", "id"],
                condition=Q(published_at__isnull=True),
                name="modelsync_events_unpublished",
            )
        ]

    def __str__(self) -> str:
        return f"{self.aggregatetype}.{self.type} #{self.aggregateid}"

    @property
    def routing_key(self) -> str:
        """The broker routing key: ``<aggregatetype>.<type>``."""
        return f"{self.aggregatetype}.{self.type}"


class SeenEvent(models.Model):
    """An event id a consumer has handled; redeliveries of it are acknowledged and dropped."""

    consumer = models.CharField(max_length=200)
    event_id = models.UUIDField()
    seen_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        db_table = "modelsync_events_seen"
        verbose_name = "seen event"
        constraints = [
            models.UniqueConstraint(
                fields=["consumer", "event_id"], name="modelsync_events_seen_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.consumer}: {self.event_id}"
