"""Writes the audit trail: listens to ``changes_recorded`` of the audited models."""

from __future__ import annotations

import uuid
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db.models import Model
from django.utils import timezone

from modelsync.tracking import ModifiedObject, TrackedQuerySet, TrackingInfo, changes_recorded

from . import config

__all__ = ["audited_fields", "connect", "is_tracked", "record_changes"]

DISPATCH_UID = "modelsync.audit"


def is_tracked(model: type[Model]) -> bool:
    """Whether ``model``'s default manager makes tracked querysets."""
    manager = getattr(model, "_default_manager", None)
    return issubclass(getattr(manager, "_queryset_class", object), TrackedQuerySet)


def audited_fields(model: type[Model]) -> list[str] | None:
    """Names of the fields of ``model`` written to the audit trail (``None``: not audited)."""
    label = model._meta.label_lower
    chosen = config.audit_models()
    names = [f.name for f in model._meta.concrete_fields]
    if chosen is not None:
        if label not in chosen:
            return None
        if chosen[label] != config.ALL_FIELDS:
            wanted = set(chosen[label])
            names = [n for n in names if n in wanted]
    excluded_everywhere, excluded_per_model = config.exclude_fields()
    excluded = excluded_everywhere | excluded_per_model.get(label, frozenset())
    return [n for n in names if n not in excluded]


def _user_id(user: Any) -> Any:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    if not isinstance(user, apps.get_model(settings.AUTH_USER_MODEL)):
        return None
    return user.pk


def _values(instance: Model, names: list[str]) -> dict[str, Any]:
    meta = instance._meta
    return {name: getattr(instance, meta.get_field(name).attname) for name in names}  # type: ignore[union-attr]


def record_changes(
    sender: type[Model],
    action: str,
    objects: list[ModifiedObject[Any]],
    tracking_info_: TrackingInfo | None = None,
    using: str = "default",
    **kwargs: Any,
) -> None:
    """Store one ``ChangeEvent`` per object, with one ``INSERT`` for the whole statement."""
    from .models import ChangeEvent

    names = audited_fields(sender)
    if not names:
        return
    info = tracking_info_
    common = {
        "model": sender._meta.label_lower,
        "action": action,
        "user_id": _user_id(info.user) if info else None,
        "comment": (info.comment or "") if info else "",
        "extra": (info.kwargs or {}) if info else {},
        "created_at": timezone.now(),
        "statement_id": uuid.uuid4(),
    }
    events = []
    for modified in objects:
        old: dict[str, Any] = {}
        new: dict[str, Any] = {}
        if action == "update":
            changed = [n for n in names if n in modified.changed_values]
            if not changed:
                continue
            old = {n: modified.changed_values[n] for n in changed}
            new = _values(modified.instance, changed)
        elif action == "create":
            new = _values(modified.instance, names)
        else:
            old = _values(modified.instance, names)
        events.append(
            ChangeEvent(
                object_id=str(modified.instance.pk), old_values=old, new_values=new, **common
            )
        )
    if events:
        ChangeEvent.objects.using(using).bulk_create(events)


def connect() -> None:
    """(Re)connect :func:`record_changes` to exactly the audited tracked models.

    Models nobody audits get no receiver, so their writes cost what plain Django's do. Invalid
    settings audit nothing; the system checks (modelsync.E010) report them.
    """
    try:
        config.audit_models()
        config.exclude_fields()
        valid = True
    except TypeError:
        valid = False
    for model in apps.get_models():
        uid = f"{DISPATCH_UID}:{model._meta.label_lower}"
        changes_recorded.disconnect(sender=model, dispatch_uid=uid)
        if valid and is_tracked(model) and audited_fields(model):
            changes_recorded.connect(record_changes, sender=model, dispatch_uid=uid)


def settings_changed(setting: str, **kwargs: Any) -> None:
    """Follow ``override_settings`` of the audit settings."""
    if setting in ("MODELSYNC_AUDIT_MODELS", "MODELSYNC_AUDIT_EXCLUDE_FIELDS"):
        connect()
