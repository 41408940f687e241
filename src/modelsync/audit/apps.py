"""App configuration of the audit trail."""

from __future__ import annotations

from django.apps import AppConfig


class AuditConfig(AppConfig):
    """Connects the audit receivers to the audited models when Django starts."""

    name = "modelsync.audit"
    label = "audit"
    verbose_name = "Audit trail"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Connect the receivers and register the system checks."""
        from django.core.signals import setting_changed

        from . import checks  # noqa: F401  (registers the checks)
        from .receivers import connect, settings_changed

        connect()
        setting_changed.connect(settings_changed, dispatch_uid="modelsync.audit.settings")
