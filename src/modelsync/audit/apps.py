"""App configuration of the audit trail."""

from __future__ import annotations

from django.apps import AppConfig


class AuditConfig(AppConfig):
    """Registers the audit trail's hook on the audited models when Django starts.

    The label is prefixed (``modelsync_audit``) so that it never collides with a project's own
    ``audit`` app; the table is ``modelsync_audit_changeevent``.
    """

    name = "modelsync.audit"
    label = "modelsync_audit"
    verbose_name = "Audit trail"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Register the hooks and the system checks; follow changes of the audit settings."""
        from django.core.signals import setting_changed

        from . import checks  # noqa: F401  (registers the checks)
        from .trail import register_audited_models, settings_changed

        register_audited_models()
        setting_changed.connect(settings_changed, dispatch_uid="modelsync.audit.settings")
