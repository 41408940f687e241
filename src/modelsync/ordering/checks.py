"""System checks of :mod:`modelsync.ordering` (ids ``modelsync.E040`` to ``E059``).

Registered by :class:`~modelsync.ordering.apps.OrderingConfig` when ``"modelsync.ordering"`` is
in ``INSTALLED_APPS``: :func:`check_settings` under the ``compatibility`` tag,
:func:`check_models` under ``models``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.apps import AppConfig, apps
from django.core import checks
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from . import config
from .models import OrderingModelMixin

__all__ = ["check_model", "check_models", "check_settings"]

INT32 = range(-(1 << 31), 1 << 31)


def check_settings(
    app_configs: Iterable[AppConfig] | None = None, **kwargs: Any
) -> list[checks.CheckMessage]:
    """``MODELSYNC_ORDERING_LOCK_NAMESPACE`` must be a signed 32-bit integer (E040)."""
    namespace = config.lock_namespace()
    if isinstance(namespace, bool) or not isinstance(namespace, int) or namespace not in INT32:
        return [
            checks.Error(
                f"MODELSYNC_ORDERING_LOCK_NAMESPACE must be a signed 32-bit integer, "
                f"not {namespace!r}.",
                hint="Use an int between -2147483648 and 2147483647, or remove the setting.",
                id="modelsync.E040",
            )
        ]
    return []


def check_models(
    app_configs: Iterable[AppConfig] | None = None, **kwargs: Any
) -> list[checks.CheckMessage]:
    """:func:`check_model` for every installed model using ``OrderingModelMixin``."""
    configs = list(app_configs) if app_configs is not None else apps.get_app_configs()
    return [
        error
        for app_config in configs
        for model in app_config.get_models()
        if issubclass(model, OrderingModelMixin)
        for error in check_model(model)
    ]


def check_model(model: type[models.Model]) -> list[checks.CheckMessage]:
    """Checks of one model using ``OrderingModelMixin`` (E041 to E043)."""
    errors: list[checks.CheckMessage] = []
    scope = getattr(model, "ordering_scope", ())
    if not isinstance(scope, tuple | list) or not all(isinstance(n, str) for n in scope):
        return [
            checks.Error(
                f"{model._meta.label}.ordering_scope must be a tuple of field names, "
                f"not {scope!r}.",
                hint='Write e.g. ordering_scope = ("playlist",).',
                obj=model,
                id="modelsync.E041",
            )
        ]
    for name in scope:
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            field = None
        if field is None or not getattr(field, "concrete", False) or field.many_to_many:
            errors.append(
                checks.Error(
                    f"{model._meta.label}.ordering_scope names {name!r}, which is not a "
                    "concrete field of the model.",
                    hint="List fields stored on the model's own table (e.g. a ForeignKey).",
                    obj=model,
                    id="modelsync.E042",
                )
            )
    order = model._meta.get_field("order")
    if not isinstance(order, models.IntegerField):
        errors.append(
            checks.Error(
                f"{model._meta.label}.order must be an integer field, not {type(order).__name__}.",
                hint="Do not override the 'order' field of OrderingModelMixin.",
                obj=model,
                id="modelsync.E043",
            )
        )
    return errors
