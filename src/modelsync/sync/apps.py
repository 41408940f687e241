"""App config of :mod:`modelsync.sync`: the ``modelsync_sync`` command and the system checks.

Automatic sync does not need this app: each declaration registers its hooks on the write
pipeline while the models load (see :mod:`modelsync.sync.wiring`).
"""

from __future__ import annotations

from django.apps import AppConfig


class SyncConfig(AppConfig):
    """Registers the system checks of the sync part."""

    name = "modelsync.sync"
    label = "modelsync_sync"
    verbose_name = "modelsync: related-field sync"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Register the system checks once every model is loaded."""
        from . import checks

        checks.register()
