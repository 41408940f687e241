"""The outbox: remote writes stored in the same transaction as the local write."""

from __future__ import annotations

import uuid

from django.db import models


class OutboxEntry(models.Model):
    """One remote write waiting for (or done by) the Celery delivery task.

    ``remote_pk`` is known before delivery (client-generated keys), which is what makes a
    repeated delivery harmless: a create that already reached the remote is recognised.
    """

    class Action(models.TextChoices):
        CREATE = "create", "create"
        UPDATE = "update", "update"
        DELETE = "delete", "delete"

    class Status(models.TextChoices):
        PENDING = "pending", "pending"
        DELIVERED = "delivered", "delivered"

    model = models.CharField(max_length=200, help_text="app_label.ModelName of the local row")
    object_pk = models.CharField(max_length=64, help_text="Primary key of the local row")
    entity_set = models.CharField(max_length=200)
    remote_pk = models.CharField(max_length=64)
    action = models.CharField(max_length=10, choices=Action.choices)
    payload = models.JSONField(default=dict, blank=True)
    idempotency_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True, default="")
    created = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = "remote outbox entry"
        verbose_name_plural = "remote outbox entries"

    def __str__(self) -> str:
        return f"{self.action} {self.model} {self.object_pk} → {self.entity_set}({self.remote_pk})"
