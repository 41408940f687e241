"""Django app of :mod:`modelsync.remote` (outbox, pull watermarks, checks, commands)."""

from __future__ import annotations

from django.apps import AppConfig


class RemoteConfig(AppConfig):
    """Registers the system checks of the remote mirrors."""

    name = "modelsync.remote"
    label = "modelsync_remote"
    verbose_name = "Remote mirrors"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Register the system checks."""
        from . import checks

        checks.register()
