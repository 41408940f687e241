"""App configuration of the change stream."""

from __future__ import annotations

from django.apps import AppConfig


class EventsConfig(AppConfig):
    """Registers the outbox hook on the published models when Django starts."""

    name = "modelsync.events"
    label = "modelsync_events"
    verbose_name = "Change stream"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Register the hooks and the system checks."""
        from django.core.signals import setting_changed

        from . import checks  # noqa: F401  (registers the checks)
        from .hook import connect, settings_changed

        connect()
        setting_changed.connect(settings_changed, dispatch_uid="modelsync.events.settings")
