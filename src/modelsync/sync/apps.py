"""App config of :mod:`modelsync.sync`."""

from __future__ import annotations

from django.apps import AppConfig


class SyncConfig(AppConfig):
    """Registers the system checks and the automatic-sync receiver."""

    name = "modelsync.sync"
    label = "modelsync_sync"
    verbose_name = "modelsync: related-field sync"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Connect receivers and checks once every model is loaded."""
        from django.core import checks

        from . import receivers
        from .checks import check_sync_declarations

        receivers.connect()
        checks.register(check_sync_declarations)
