"""``ChangeEvent``: one row per changed object per write statement."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

__all__ = ["AuditJSONEncoder", "ChangeEvent", "ChangeEventQuerySet"]


class AuditJSONEncoder(DjangoJSONEncoder):
    """Django's JSON encoder; values it can't encode (bytes, files...) are stored as text."""

    def default(self, o: Any) -> Any:
        """Encode ``o`` like Django, or as ``str(o)``."""
        try:
            return super().default(o)
        except TypeError:
            return str(o)


class ChangeEventQuerySet(models.QuerySet["ChangeEvent"]):
    """Queries on the audit trail."""

    def for_object(self, obj: models.Model) -> ChangeEventQuerySet:
        """The events of one object, oldest first.

        Example: ``ChangeEvent.objects.for_object(order).filter(action="update")``.
        """
        return self.filter(model=obj._meta.label_lower, object_id=str(obj.pk))

    def for_model(self, model: type[models.Model]) -> ChangeEventQuerySet:
        """The events of every object of ``model``."""
        return self.filter(model=model._meta.label_lower)


class ChangeEvent(models.Model):
    """A tracked change of one object: what it was, what it became, who did it and why.

    All events of one write statement share ``statement_id``.
    """

    class Action(models.TextChoices):
        CREATE = "create", "Create"
        UPDATE = "update", "Update"
        DELETE = "delete", "Delete"

    model = models.CharField(max_length=200, help_text="Label of the model, e.g. shop.order.")
    object_id = models.CharField(max_length=255)
    action = models.CharField(max_length=10, choices=Action.choices)
    old_values = models.JSONField(default=dict, blank=True, encoder=AuditJSONEncoder)
    new_values = models.JSONField(default=dict, blank=True, encoder=AuditJSONEncoder)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    comment = models.TextField(blank=True, default="")
    extra = models.JSONField(default=dict, blank=True, encoder=AuditJSONEncoder)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    statement_id = models.UUIDField(db_index=True)

    objects = ChangeEventQuerySet.as_manager()

    class Meta:
        ordering = ("created_at", "id")
        indexes = [models.Index(fields=["model", "object_id"], name="modelsync_audit_object")]
        verbose_name = "change event"

    def __str__(self) -> str:
        return f"{self.action} {self.model} #{self.object_id}"
