"""The write pipeline's hook registry: who needs what from the writes of a model.

A part of the library (or a project) registers a *hook* on a tracked model: a function that is
called with a :class:`Write` after each write statement of that model, and what it needs from
the write. The pipeline runs the cheapest statement that serves every hook registered for the
model -- primary keys only when only keys are needed, old values under a row lock when a hook
(or a receiver of the public signals) needs them, nothing extra when nobody listens.

Example::

    from modelsync.tracking import Need, Write, register

    def reindex(write: Write) -> None:
        search_index.refresh(write.model, write.keys)

    register(Book, reindex, name="myproject.search", needs=Need.KEYS, when=When.ON_COMMIT)

Hooks of one model run in ascending ``order`` (ties by ``name``), the in-transaction ones right
after the statement, the on-commit ones once the outermost transaction commits. The library's
own stages are :data:`ORDER_SYNC` < :data:`ORDER_DERIVED` < :data:`ORDER_DEFAULT` <
:data:`ORDER_AUDIT` < :data:`ORDER_EVENTS`: related rows are made equal first, so that the audit
trail and the change stream see the writes the sync made as well.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models import Model

from modelsync.errors import ModelsyncError

from .objects import ModifiedObject, TrackingInfo, User

__all__ = [
    "ORDER_AUDIT",
    "ORDER_DEFAULT",
    "ORDER_DERIVED",
    "ORDER_EVENTS",
    "ORDER_SYNC",
    "Action",
    "Hook",
    "HookRegistrationError",
    "Need",
    "When",
    "Write",
    "any_registered",
    "dispatch",
    "hooks_for",
    "needs_of",
    "register",
    "registered",
    "unregister",
]

#: Related-field sync: targets made equal to the rows just written.
ORDER_SYNC = 100
#: Derived data of an application (e.g. an order's status from its items).
ORDER_DERIVED = 200
#: Hooks registered without an ``order``.
ORDER_DEFAULT = 500
#: The audit trail: after every write the earlier stages made.
ORDER_AUDIT = 800
#: The change stream's outbox: last, like the audit trail.
ORDER_EVENTS = 900


class Need(enum.Flag):
    """What a hook needs from a write; combine with ``|``.

    - ``KEYS``: the primary keys of the rows written. For an update, a hook needing only keys
      may be given every row the statement matched, or only those that changed when the
      pipeline read the old values anyway; both are right for a hook that makes related
      rows equal.
    - ``OLD_VALUES``: the old values of the fields that changed (``changed_values``); only rows
      that really changed are reported. Read under a row lock, in the write's statement.
    - ``NEW_ROWS``: the rows as written (``ModifiedObject.instance``).
    """

    KEYS = enum.auto()
    OLD_VALUES = enum.auto()
    NEW_ROWS = enum.auto()


class When(enum.Enum):
    """When a hook runs."""

    #: Right after the write statement, inside its transaction: a failing hook rolls it back.
    IN_TRANSACTION = "in_transaction"
    #: Once the transaction commits (never after a rollback).
    ON_COMMIT = "on_commit"


class Action(enum.StrEnum):
    """The kind of write."""

    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"


ALL_ACTIONS: frozenset[Action] = frozenset(Action)


@dataclass(frozen=True, slots=True)
class Write:
    """One write statement of a tracked model, as handed to a hook.

    ``objects`` are the rows written (see :class:`Need` for which rows an update reports);
    ``fields`` the names of the fields the statement set (every concrete field for a create or
    a delete); ``statement_id`` is the same for every hook of one statement.
    """

    model: type[Model]
    action: Action
    objects: Sequence[ModifiedObject[Any]]
    using: str
    info: TrackingInfo | None = None
    fields: frozenset[str] = frozenset()
    statement_id: uuid.UUID = field(default_factory=uuid.uuid4)

    @property
    def keys(self) -> list[Any]:
        """The primary keys of :attr:`objects`, read without building instances."""
        return [modified.pk for modified in self.objects]

    @property
    def user(self) -> User:
        """The user who made the write (``info.user``), or ``None``."""
        return self.info.user if self.info is not None else None


@dataclass(frozen=True, slots=True)
class Hook:
    """One registration; see :func:`register`."""

    model: type[Model]
    name: str
    callback: Callable[[Write], None]
    needs: Need
    when: When
    actions: frozenset[Action]
    order: int

    def sort_key(self) -> tuple[int, str]:
        """Position of the hook among the hooks of its model."""
        return (self.order, self.name)


class HookRegistrationError(ModelsyncError, ValueError):
    """A registration that is a duplicate, conflicts with another one, or is malformed."""


_hooks: dict[type[Model], dict[str, Hook]] = {}
_cache: dict[tuple[type[Model], Action], tuple[Hook, ...]] = {}


def _concrete(model: type[Model]) -> type[Model]:
    return model._meta.concrete_model or model


def register(
    model: type[Model],
    callback: Callable[[Write], None],
    *,
    name: str,
    needs: Need = Need.KEYS,
    when: When = When.IN_TRANSACTION,
    actions: Collection[Action | str] = ALL_ACTIONS,
    order: int = ORDER_DEFAULT,
) -> Hook:
    """Call ``callback(write)`` after each write of ``model`` whose action is in ``actions``.

    ``name`` identifies the registration (e.g. ``"modelsync.audit"``); registering the same
    name twice on a model, or the same callback under two names, raises
    :class:`HookRegistrationError` -- call :func:`unregister` first to replace a hook.
    Proxy models share the hooks of their concrete model; abstract models can't have hooks.
    """
    meta = model._meta
    if meta.abstract:
        raise HookRegistrationError(
            f"Cannot register hook {name!r} on {meta.label}: it is an abstract model; "
            "register it on each concrete model."
        )
    if meta.proxy:
        raise HookRegistrationError(
            f"Cannot register hook {name!r} on {meta.label}: it is a proxy model; register it "
            f"on {_concrete(model)._meta.label}, whose hooks the proxy shares."
        )
    if not callable(callback):
        raise HookRegistrationError(
            f"Hook {name!r} on {meta.label}: callback must be callable, not {callback!r}."
        )
    if not isinstance(needs, Need) or not needs:
        raise HookRegistrationError(
            f"Hook {name!r} on {meta.label}: needs must be a non-empty Need, not {needs!r}."
        )
    if not isinstance(when, When):
        raise HookRegistrationError(
            f"Hook {name!r} on {meta.label}: when must be a When, not {when!r}."
        )
    try:
        chosen = frozenset(Action(action) for action in actions)
    except ValueError as error:
        raise HookRegistrationError(
            f"Hook {name!r} on {meta.label}: unknown action in {sorted(map(str, actions))}; "
            f"choose from {sorted(a.value for a in Action)}."
        ) from error
    if not chosen:
        raise HookRegistrationError(f"Hook {name!r} on {meta.label}: no action given.")
    hooks = _hooks.setdefault(model, {})
    if name in hooks:
        raise HookRegistrationError(
            f"Hook {name!r} is already registered on {meta.label}; unregister it first."
        )
    for other in hooks.values():
        if other.callback == callback:
            raise HookRegistrationError(
                f"{callback!r} is already registered on {meta.label} as {other.name!r}; "
                f"registering it again as {name!r} would run it twice per write."
            )
    hook = Hook(model, name, callback, needs, when, chosen, order)
    hooks[name] = hook
    _cache.clear()
    return hook


def unregister(model: type[Model], name: str) -> bool:
    """Remove the hook ``name`` of ``model``; ``False`` when there was none."""
    removed = _hooks.get(model, {}).pop(name, None)
    _cache.clear()
    return removed is not None


def registered(model: type[Model] | None = None) -> list[Hook]:
    """Every registered hook (of ``model`` when given), in the order they run."""
    if model is not None:
        return sorted(_hooks.get(_concrete(model), {}).values(), key=Hook.sort_key)
    return [hook for m in _hooks for hook in registered(m)]


def any_registered() -> bool:
    """Whether any hook is registered on any model."""
    return any(_hooks.values())


def hooks_for(model: type[Model], action: Action | str) -> tuple[Hook, ...]:
    """The hooks that a write of ``action`` on ``model`` (or its proxy) runs, in order."""
    key = (_concrete(model), Action(action))
    found = _cache.get(key)
    if found is None:
        found = tuple(hook for hook in registered(key[0]) if key[1] in hook.actions)
        _cache[key] = found
    return found


def needs_of(model: type[Model], action: Action | str) -> Need | None:
    """What the registered hooks need from a write of ``action`` on ``model``; ``None``: nothing."""
    hooks = hooks_for(model, action)
    if not hooks:
        return None
    needs = hooks[0].needs
    for hook in hooks[1:]:
        needs |= hook.needs
    return needs


def dispatch(write: Write) -> None:
    """Run the hooks of ``write``: in-transaction ones now, on-commit ones at commit."""
    for hook in hooks_for(write.model, write.action):
        if hook.when is When.IN_TRANSACTION:
            hook.callback(write)
        else:
            transaction.on_commit(partial(hook.callback, write), using=write.using)
