"""Django app of :mod:`modelsync.ordering`: no tables, only its system checks."""

from __future__ import annotations

from django.apps import AppConfig


class OrderingConfig(AppConfig):
    """Registers the system checks of ordered models and of the ordering settings.

    Ordering works without the app; add ``"modelsync.ordering"`` to ``INSTALLED_APPS`` so that
    ``manage.py check`` reports a misdeclared ``ordering_scope`` before the first move does.
    """

    name = "modelsync.ordering"
    label = "modelsync_ordering"
    verbose_name = "modelsync: ordering"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Register the system checks with their tags."""
        from django.core import checks

        from .checks import check_models, check_settings

        checks.register(check_settings, checks.Tags.compatibility)
        checks.register(check_models, checks.Tags.models)
