"""App configuration of the marketplace."""

from django.apps import AppConfig


class MarketplaceConfig(AppConfig):
    """Connects the marketplace's signal receivers when Django starts."""

    name = "marketplace"
    verbose_name = "Marketplace"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Importing these modules connects their receivers.
        from . import receivers, remote_crm  # noqa: F401
