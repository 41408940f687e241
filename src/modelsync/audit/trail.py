"""Writes the audit trail: a hook on each audited model, run inside the write's transaction."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.conf import settings
from django.db.models import Model
from django.utils import timezone

from modelsync.tracking import (
    ORDER_AUDIT,
    Action,
    Need,
    User,
    When,
    Write,
    is_tracked,
    register,
    registered,
    unregister,
)

from . import config

__all__ = [
    "HOOK_NAME",
    "audited_fields",
    "record_changes",
    "register_audited_models",
    "settings_changed",
]

#: The name of the audit trail's hook on every audited model.
HOOK_NAME = "modelsync.audit"


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


def _user_id(user: User) -> Any:
    # Only a saved user of AUTH_USER_MODEL can be the foreign key; anyone else is recorded as
    # nobody (the comment and extra data still say what the caller gave).
    if user is None or not isinstance(user, apps.get_model(settings.AUTH_USER_MODEL)):
        return None
    return user.pk


def _values(instance: Model, names: list[str]) -> dict[str, Any]:
    wanted = set(names)
    return {
        f.name: getattr(instance, f.attname)
        for f in instance._meta.concrete_fields
        if f.name in wanted
    }


def record_changes(write: Write) -> None:
    """Store one ``ChangeEvent`` per object of ``write``, with one ``INSERT`` for all of them.

    An update stores the old and new values of the audited fields that changed, a create the
    new values, a delete the old ones. All events of one statement share its ``statement_id``.
    """
    from .models import ChangeEvent  # the model needs the app registry; this module doesn't

    names = audited_fields(write.model)
    if not names:
        return
    info = write.info
    common = {
        "model": write.model._meta.label_lower,
        "action": write.action.value,
        "user_id": _user_id(write.user),
        "comment": (info.comment or "") if info else "",
        "extra": (info.kwargs or {}) if info else {},
        "created_at": timezone.now(),
        "statement_id": write.statement_id,
    }
    meta = write.model._meta
    attnames = {f.name: f.attname for f in meta.concrete_fields if f.name in set(names)}
    events = []
    for modified in write.objects:
        old: dict[str, Any] = {}
        new: dict[str, Any] = {}
        if write.action is Action.UPDATE:
            changed = [n for n in names if n in modified.changed_values]
            if not changed:
                continue
            old = {n: modified.changed_values[n] for n in changed}
            # Read from the returned row: no instance is built per changed row.
            new = {n: modified.new_value(attnames[n]) for n in changed}
        elif write.action is Action.CREATE:
            new = _values(modified.instance, names)
        else:
            old = _values(modified.instance, names)
        events.append(
            ChangeEvent(object_id=str(modified.pk), old_values=old, new_values=new, **common)
        )
    if events:
        ChangeEvent.objects.using(write.using).bulk_create(events)


def register_audited_models() -> None:
    """(Re)register :func:`record_changes` on exactly the audited tracked models.

    Models nobody audits get no hook, so their writes cost what plain Django's do. Invalid
    settings audit nothing; the system checks (modelsync.E010) report them.
    """
    for hook in registered():
        if hook.name == HOOK_NAME:
            unregister(hook.model, HOOK_NAME)
    try:
        config.audit_models()
        config.exclude_fields()
    except TypeError:
        return
    for model in apps.get_models():
        if model._meta.proxy or not is_tracked(model) or not audited_fields(model):
            continue
        register(
            model,
            record_changes,
            name=HOOK_NAME,
            needs=Need.OLD_VALUES | Need.NEW_ROWS,
            when=When.IN_TRANSACTION,
            order=ORDER_AUDIT,
        )


def settings_changed(setting: str, **kwargs: Any) -> None:
    """Follow ``override_settings`` of the audit settings."""
    if setting in ("MODELSYNC_AUDIT_MODELS", "MODELSYNC_AUDIT_EXCLUDE_FIELDS"):
        register_audited_models()
