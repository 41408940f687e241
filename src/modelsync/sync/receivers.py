"""Automatic sync of writes that don't go through :class:`SyncQuerySet` methods (``save()``,
``create()``, ``get_or_create()``…): a receiver of the tracking part's ``changes_recorded``,
which is sent inside the transaction right after each write statement.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from modelsync.tracking import changes_recorded

from . import engine
from .declaration import registry


def _is_synced(model: type[models.Model]) -> bool:
    return model._meta.concrete_model in synced_models()


def on_changes_recorded(
    sender: Any, action: str, objects: list[Any], tracking_info_: Any = None, **kwargs: Any
) -> None:
    """Sync the targets of the rows just written (or flow bidirectional fields back)."""
    if not isinstance(sender, type) or not issubclass(sender, models.Model) or not objects:
        return
    if action not in ("create", "update") or not _is_synced(sender):
        return
    keys = [o.pk for o in objects]
    collected = engine.collector_for(sender)
    if collected is not None:  # an explicit sync call is handling this model
        collected.extend(keys)
        return
    user = getattr(tracking_info_, "user", None) or engine.current_user()
    using = kwargs.get("using") or objects[0].instance._state.db or "default"
    if action == "create":
        engine.after_create(sender, keys, user, using)
        return
    touched = {name for o in objects for name in (o.changed_values or {})}
    if touched:
        engine.after_write(sender, keys, touched, user, using)


def synced_models() -> set[type[models.Model]]:
    """Sources and targets of every declaration."""
    found: set[type[models.Model]] = set()
    for declaration in registry:
        if declaration.source is None:
            continue
        found.add(declaration.source)
        found.add(declaration.resolve().target)
    return found


def connect() -> None:
    """Connect the receiver that fits the tracking part in use (called by the app config).

    It is connected per synced model (never for every sender): the tracking part only
    reads old values for models somebody listens to, and other models must not pay for us.
    """
    for model in synced_models():
        uid = f"modelsync.sync:{model._meta.label}"
        changes_recorded.connect(on_changes_recorded, sender=model, dispatch_uid=uid)
