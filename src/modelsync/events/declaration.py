"""Which writes of a model become events, and which fields their payload carries.

A model opts in with one line, or through ``MODELSYNC_EVENTS_MODELS`` (which wins)::

    class Order(TrackedModel):
        events = PublishEvents(exclude=["card_token"], actions=["create", "update"])
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models

from modelsync.tracking import Action

from . import config
from .errors import EventsConfigurationError

__all__ = ["EventSpec", "PublishEvents", "declared_specs", "resolve"]

#: Outbox ``type`` of each action: events are named for what happened.
EVENT_TYPES: dict[Action, str] = {
    Action.CREATE: "created",
    Action.UPDATE: "updated",
    Action.DELETE: "deleted",
}

_OPTIONS = frozenset({"fields", "exclude", "actions"})


@dataclass(frozen=True, slots=True)
class EventSpec:
    """A resolved declaration: the published ``fields`` (names, in model order) and the
    ``actions`` that become events."""

    model: type[models.Model]
    fields: tuple[str, ...]
    actions: frozenset[Action]


class PublishEvents:
    """Declares on a tracked model that its writes are published to the change stream.

    ``fields`` limits the payload to those fields (default: every concrete field);
    ``exclude`` removes fields that must never leave the database (passwords, tokens);
    ``actions`` chooses among ``"create"``, ``"update"`` and ``"delete"`` (default: all).

    Example::

        class Customer(TrackedModel):
            events = PublishEvents(exclude=["password"])
    """

    def __init__(
        self,
        *,
        fields: Iterable[str] | None = None,
        exclude: Iterable[str] = (),
        actions: Iterable[Action | str] = tuple(Action),
    ) -> None:
        self.fields = None if fields is None else tuple(fields)
        self.exclude = tuple(exclude)
        self.actions = tuple(actions)
        self.model: type[models.Model] | None = None

    def contribute_to_class(self, cls: type[models.Model], name: str) -> None:
        """Called by Django's model metaclass: remember the model."""
        self.model = cls
        setattr(cls, name, self)

    def options(self) -> dict[str, Any]:
        """The declaration as ``MODELSYNC_EVENTS_MODELS`` options."""
        return {"fields": self.fields, "exclude": self.exclude, "actions": self.actions}

    def __repr__(self) -> str:
        label = self.model._meta.label if self.model is not None else "?"
        return f"<PublishEvents {label} {self.options()}>"


def resolve(model: type[models.Model], options: dict[str, Any]) -> EventSpec:
    """Check ``options`` against ``model``; raise :class:`EventsConfigurationError` naming the
    model and the unknown option, field or action."""
    label = model._meta.label
    unknown = set(options) - _OPTIONS
    if unknown:
        raise EventsConfigurationError(
            f"Events of {label}: unknown option(s) {sorted(unknown)}; use {sorted(_OPTIONS)}."
        )
    names = [f.name for f in model._meta.concrete_fields]
    fields = options.get("fields")
    exclude = options.get("exclude") or ()
    for given in (*(fields or ()), *exclude):
        if given not in names:
            raise EventsConfigurationError(
                f"Events of {label}: {given!r} is not a concrete field of {label}; "
                f"choose from {names}."
            )
    if fields is not None:
        names = [n for n in names if n in set(fields)]
    names = [n for n in names if n not in set(exclude)]
    raw_actions = options.get("actions", tuple(Action))
    try:
        actions = frozenset(Action(a) for a in raw_actions)
    except ValueError as error:
        raise EventsConfigurationError(
            f"Events of {label}: unknown action in {sorted(map(str, raw_actions))}; "
            f"choose from {sorted(a.value for a in Action)}."
        ) from error
    if not actions:
        raise EventsConfigurationError(f"Events of {label}: no action given.")
    return EventSpec(model, tuple(names), actions)


def declared_specs() -> tuple[list[EventSpec], list[EventsConfigurationError]]:
    """The published models -- declarations on the models, replaced or added to by
    ``MODELSYNC_EVENTS_MODELS`` -- and the errors of the entries that don't resolve (the
    system checks report them; a bad entry publishes nothing)."""
    try:
        chosen = dict(config.models())
    except TypeError as error:
        return [], [EventsConfigurationError(str(error))]
    specs: list[EventSpec] = []
    errors: list[EventsConfigurationError] = []
    for model in apps.get_models():
        label = model._meta.label_lower
        declaration = next((v for v in vars(model).values() if isinstance(v, PublishEvents)), None)
        options = chosen.pop(label, None)
        if options is None and declaration is not None:
            options = declaration.options()
        if options is None:
            continue
        try:
            specs.append(resolve(model, options))
        except EventsConfigurationError as error:
            errors.append(error)
    errors.extend(
        EventsConfigurationError(
            f"MODELSYNC_EVENTS_MODELS names {label!r}, which is not an installed model; "
            "use 'app_label.ModelName'."
        )
        for label in sorted(chosen)
    )
    return specs, errors
