"""System checks of the tracking set-up (ids modelsync.E001 - E009)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks

from .hooks import registered
from .queryset import is_tracked

__all__ = ["check_hooked_models_are_tracked", "check_middleware_order"]

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


@checks.register(checks.Tags.models)
def check_hooked_models_are_tracked(
    app_configs: Any = None, **kwargs: Any
) -> list[checks.CheckMessage]:
    """A hook on a model whose writes are not tracked would silently never run."""
    errors: list[checks.CheckMessage] = []
    for model in dict.fromkeys(hook.model for hook in registered()):
        names = ", ".join(repr(h.name) for h in registered(model))
        if not is_tracked(model):
            errors.append(
                checks.Error(
                    f"{model._meta.label} has hooks ({names}) but its default manager does "
                    "not make tracked querysets: its writes would never reach them.",
                    hint="Derive the model from modelsync.tracking.models.TrackedModel, or make "
                    "its default manager a modelsync.tracking.TrackedManager.",
                    obj=model,
                    id="modelsync.E002",
                )
            )
    return errors
