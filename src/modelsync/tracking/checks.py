"""System checks of the tracking set-up (ids modelsync.E001 - E009)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks

__all__ = ["check_middleware_order"]

TRACKING_MIDDLEWARE = "modelsync.tracking.middleware.TrackingMiddleware"
AUTH_MIDDLEWARE = "django.contrib.auth.middleware.AuthenticationMiddleware"


@checks.register(checks.Tags.compatibility)
def check_middleware_order(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """``TrackingMiddleware`` must come after ``AuthenticationMiddleware``, which sets the user."""
    middleware = list(getattr(settings, "MIDDLEWARE", None) or [])
    if TRACKING_MIDDLEWARE not in middleware or AUTH_MIDDLEWARE not in middleware:
        return []
    if middleware.index(TRACKING_MIDDLEWARE) < middleware.index(AUTH_MIDDLEWARE):
        return [
            checks.Error(
                "TrackingMiddleware comes before AuthenticationMiddleware in MIDDLEWARE: "
                "tracked writes of a request would have no user.",
                hint=f"Move {TRACKING_MIDDLEWARE!r} after {AUTH_MIDDLEWARE!r}.",
                id="modelsync.E001",
            )
        ]
    return []
