"""Settings of the audit trail, one function per setting (read at call time)."""

from __future__ import annotations

from collections.abc import Mapping

from django.conf import settings

__all__ = ["ALL_FIELDS", "audit_models", "exclude_fields"]

#: In ``MODELSYNC_AUDIT_MODELS`` values: audit every field of the model.
ALL_FIELDS = "__all__"


def audit_models() -> dict[str, list[str] | str] | None:
    """``MODELSYNC_AUDIT_MODELS``: which models (and fields) are audited.

    Default ``None``: every tracked model, every field. A list of model labels audits those
    models entirely; a dict maps a label to the list of field names to audit (or
    ``"__all__"``). Labels are ``"app_label.ModelName"``, case-insensitive.

    Example::

        MODELSYNC_AUDIT_MODELS = {"shop.Order": ["status", "total"], "shop.Product": "__all__"}

    Returns ``None`` or ``{lower-case label: list of names | "__all__"}``.
    """
    value = getattr(settings, "MODELSYNC_AUDIT_MODELS", None)
    if value is None:
        return None
    if isinstance(value, Mapping):
        return {
            str(label).lower(): fields if isinstance(fields, str) else list(fields)
            for label, fields in value.items()
        }
    if isinstance(value, (list, tuple, set, frozenset)):
        return {str(label).lower(): ALL_FIELDS for label in value}
    raise TypeError(
        "MODELSYNC_AUDIT_MODELS must be None, a list of model labels or a dict "
        f"{{label: [field names] | '__all__'}}, not {type(value).__name__}"
    )


def exclude_fields() -> tuple[frozenset[str], dict[str, frozenset[str]]]:
    """``MODELSYNC_AUDIT_EXCLUDE_FIELDS``: fields never written to the audit trail.

    Default ``()``. A list names fields excluded on every model (``["password"]``); a dict maps
    a model label to its excluded fields, the key ``"*"`` standing for every model.

    Returns ``(names excluded everywhere, {lower-case label: names})``.
    """
    value = getattr(settings, "MODELSYNC_AUDIT_EXCLUDE_FIELDS", ())
    if isinstance(value, Mapping):
        per_model = {str(label).lower(): frozenset(names) for label, names in value.items()}
        return per_model.pop("*", frozenset()), per_model
    if isinstance(value, (list, tuple, set, frozenset)):
        return frozenset(value), {}
    raise TypeError(
        "MODELSYNC_AUDIT_EXCLUDE_FIELDS must be a list of field names or a dict "
        f"{{label: [field names]}}, not {type(value).__name__}"
    )
