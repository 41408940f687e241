"""System checks of the audit settings (ids modelsync.E010 - E014)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.apps import AppConfig, apps
from django.core import checks
from django.db.models import Model

from modelsync.tracking import is_tracked

from . import config

__all__ = ["check_audit_settings"]


def _model(label: str) -> type[Model] | None:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


@checks.register(checks.Tags.models)
def check_audit_settings(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[checks.CheckMessage]:
    """The audit settings name existing tracked models and existing fields."""
    errors: list[checks.CheckMessage] = []
    try:
        chosen = config.audit_models()
        # Names excluded everywhere may legitimately match no field of some models.
        _everywhere, per_model = config.exclude_fields()
    except TypeError as exc:
        return [
            checks.Error(str(exc), hint="See docs/audit.md for the format.", id="modelsync.E010")
        ]
    for label, fields in (chosen or {}).items():
        model = _model(label)
        if model is None:
            errors.append(
                checks.Error(
                    f"MODELSYNC_AUDIT_MODELS names {label!r}, which is not an installed model.",
                    hint="Use 'app_label.ModelName' of an installed model.",
                    id="modelsync.E011",
                )
            )
            continue
        if not is_tracked(model):
            errors.append(
                checks.Error(
                    f"MODELSYNC_AUDIT_MODELS names {label!r}, whose writes are not tracked.",
                    hint="Derive the model from modelsync.tracking.models.TrackedModel (or give "
                    "it a TrackedQuerySet manager), or remove it from MODELSYNC_AUDIT_MODELS.",
                    id="modelsync.E012",
                )
            )
        if fields != config.ALL_FIELDS:
            errors.extend(_unknown_fields(model, fields, "MODELSYNC_AUDIT_MODELS"))
    for label, names in per_model.items():
        model = _model(label)
        if model is None:
            errors.append(
                checks.Error(
                    f"MODELSYNC_AUDIT_EXCLUDE_FIELDS names {label!r}, which is not an "
                    "installed model.",
                    hint="Use 'app_label.ModelName', or the key '*' for every model.",
                    id="modelsync.E013",
                )
            )
            continue
        errors.extend(_unknown_fields(model, names, "MODELSYNC_AUDIT_EXCLUDE_FIELDS"))
    return errors


def _unknown_fields(
    model: type[Model], names: Iterable[str], setting: str
) -> list[checks.CheckMessage]:
    known = {f.name for f in model._meta.concrete_fields}
    return [
        checks.Error(
            f"{setting} names the field {name!r} of {model._meta.label}, which has no such "
            "concrete field.",
            hint=f"Fields of {model._meta.label}: {', '.join(sorted(known))}.",
            id="modelsync.E014",
        )
        for name in names
        if name not in known
    ]
