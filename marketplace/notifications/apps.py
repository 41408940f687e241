"""App configuration of the customer notifications."""

from __future__ import annotations

from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """The notifications table, its consumer command and its dashboard list."""

    name = "marketplace.notifications"
    label = "marketplace_notifications"
    verbose_name = "Customer notifications"
    default_auto_field = "django.db.models.BigAutoField"
