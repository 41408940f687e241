"""The change stream's registration on the tracking write pipeline: each write statement of a
published model adds its events to the outbox, in the write's transaction, with one INSERT."""

from __future__ import annotations

import os
import uuid
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db.models import Model
from django.utils import timezone

from modelsync.tracking import (
    ORDER_EVENTS,
    Action,
    Need,
    When,
    Write,
    register,
    registered,
    unregister,
)

from .declaration import EVENT_TYPES, EventSpec, declared_specs
from .sql import EventRow, insert_events

__all__ = ["HOOK_NAME", "OutboxWriter", "connect", "new_ids", "settings_changed"]

#: Name of the registration on each published model.
HOOK_NAME = "modelsync.events"


def _user_id(user: Any) -> Any:
    # Only a saved user of the project's user model is "who did it"; anonymous users and
    # other objects would not mean anything to a consumer.
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    if not isinstance(user, apps.get_model(settings.AUTH_USER_MODEL)):
        return None
    return user.pk


def new_ids(count: int) -> list[uuid.UUID]:
    """``count`` random (version 4) UUIDs from one read of the system's randomness: a bulk
    write's events would otherwise cost one read each."""
    raw = os.urandom(16 * count)
    return [uuid.UUID(bytes=raw[i : i + 16], version=4) for i in range(0, 16 * count, 16)]


class OutboxWriter:
    """The hook of one published model: turns a :class:`~modelsync.tracking.hooks.Write`
    into outbox rows.

    An update publishes, per row, the published fields that changed (``old`` and ``new``);
    a row whose changes are all in unpublished fields is no event. A create publishes the
    new values, a delete the last values, of every published field.
    """

    def __init__(self, spec: EventSpec) -> None:
        self.spec = spec
        meta = spec.model._meta
        self.aggregatetype = meta.label_lower
        self._attnames = {name: meta.get_field(name).attname for name in spec.fields}  # type: ignore[union-attr]

    def _values(self, instance: Model) -> dict[str, Any]:
        return {name: getattr(instance, attname) for name, attname in self._attnames.items()}

    def __call__(self, write: Write) -> None:
        """Insert the events of ``write``."""
        common: dict[str, Any] = {
            "user": _user_id(write.user),
            "comment": (write.info.comment or "") if write.info is not None else "",
            "statement_id": str(write.statement_id),
        }
        events: list[tuple[str, dict[str, Any]]] = []
        attnames = self._attnames
        for modified in write.objects:
            if write.action is Action.UPDATE:
                changed = [n for n in modified.changed_values if n in attnames]
                if not changed:
                    continue
                old = {n: modified.changed_values[n] for n in changed}
                new = {n: modified.new_value(attnames[n]) for n in changed}
            elif write.action is Action.CREATE:
                old, new = {}, self._values(modified.instance)
            else:
                old, new = self._values(modified.instance), {}
            events.append((str(modified.pk), {"old": old, "new": new, **common}))
        if events:
            rows: list[EventRow] = [
                (event_id, key, payload)
                for event_id, (key, payload) in zip(new_ids(len(events)), events, strict=True)
            ]
            insert_events(
                write.using, self.aggregatetype, EVENT_TYPES[write.action], timezone.now(), rows
            )


def connect() -> None:
    """Register (again) the outbox hook on every published model, after a settings change
    too. Entries that don't resolve publish nothing; the system checks report them."""
    for hook in registered():
        if hook.name == HOOK_NAME:
            unregister(hook.model, HOOK_NAME)
    for spec in declared_specs()[0]:
        register(
            spec.model,
            OutboxWriter(spec),
            name=HOOK_NAME,
            needs=Need.OLD_VALUES | Need.NEW_ROWS,
            when=When.IN_TRANSACTION,
            actions=spec.actions,
            order=ORDER_EVENTS,
        )


def settings_changed(setting: str, **kwargs: Any) -> None:
    """Receiver of ``setting_changed``: re-register when ``MODELSYNC_EVENTS_MODELS`` changes."""
    if setting == "MODELSYNC_EVENTS_MODELS":
        connect()
