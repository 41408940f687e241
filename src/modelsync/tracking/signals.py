"""The tracking signals and how a write reports to them.

``changes_recorded`` is sent inside the transaction, right after each write statement; the three
post signals are sent once the transaction commits. A receiver of any of them is served like a
hook needing every :class:`~modelsync.tracking.Need`: the write reads the old values.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.dispatch import Signal

from .objects import ModifiedObject, TrackingInfo

__all__ = [
    "changes_recorded",
    "listened",
    "listened_anywhere",
    "post_create_signal",
    "post_delete_signal",
    "post_update_signal",
    "send",
]

logger = logging.getLogger("modelsync.tracking")

#: Sent on commit after rows were created: ``(sender, objects, tracking_info_, **kwargs)``.
post_create_signal = Signal()
#: Sent on commit after rows changed: ``(sender, objects, tracking_info_, **kwargs)``.
post_update_signal = Signal()
#: Sent on commit after rows were deleted: ``(sender, objects, tracking_info_, **kwargs)``.
post_delete_signal = Signal()
#: Sent inside the transaction after each write statement:
#: ``(sender, action, objects, tracking_info_, using, **kwargs)``; action is "create", "update"
#: or "delete", ``using`` the database alias written to.
changes_recorded = Signal()

POST_SIGNALS: dict[str, Signal] = {
    "create": post_create_signal,
    "update": post_update_signal,
    "delete": post_delete_signal,
}


def listened(model: type[Model], action: str) -> bool:
    """Whether a receiver of ``changes_recorded`` or of the post signal of ``action`` listens
    to writes of ``model``."""
    return POST_SIGNALS[action].has_listeners(model) or changes_recorded.has_listeners(model)


def listened_anywhere() -> bool:
    """Whether any receiver is connected to any tracking signal (for any sender)."""
    return any(bool(signal.receivers) for signal in (*POST_SIGNALS.values(), changes_recorded))


def send(
    model: type[Model],
    action: str,
    objects: Sequence[ModifiedObject[Any]],
    info: TrackingInfo | None,
    using: str,
) -> None:
    """Send ``changes_recorded`` now and the post signal of ``action`` when ``using`` commits."""
    if changes_recorded.has_listeners(model):
        changes_recorded.send(
            sender=model, action=action, objects=objects, tracking_info_=info, using=using
        )
    signal = POST_SIGNALS[action]
    if signal.has_listeners(model):
        transaction.on_commit(partial(_send, action, model, objects, info), using=using)


def _send(
    action: str,
    model: type[Model],
    objects: Sequence[ModifiedObject[Any]],
    info: TrackingInfo | None,
) -> None:
    signal = POST_SIGNALS[action]
    if info is None or not info.is_robust:
        signal.send(sender=model, objects=objects, tracking_info_=info)
        return
    responses = signal.send_robust(sender=model, objects=objects, tracking_info_=info)
    for receiver, response in responses:
        if isinstance(response, Exception):
            logger.error(
                "Receiver %r of post_%s_signal for %s failed",
                receiver,
                action,
                model._meta.label,
                exc_info=response,
            )
