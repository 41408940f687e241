"""``Notification``: one message to a customer about one of their orders."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

__all__ = ["Notification"]


class Notification(models.Model):
    """A line on the customer dashboard ("Order 2026-0007 is now shipped.").

    ``event_id`` is the change-stream event it came from: one notification per event, however
    often the event is delivered.
    """

    customer = models.ForeignKey(
        "marketplace.CustomerProfile", on_delete=models.CASCADE, related_name="notifications"
    )
    order_code = models.CharField(max_length=20, blank=True)
    text = models.CharField(max_length=300)
    event_id = models.UUIDField(unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = models.Manager["Notification"]()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["customer", "-created_at", "-id"], name="notification_newest")
        ]

    def __str__(self) -> str:
        return self.text
