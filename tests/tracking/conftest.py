"""Fixtures of the tracking tests: receivers that record what they get."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.dispatch import Signal

from modelsync.tracking import (
    changes_recorded,
    post_create_signal,
    post_delete_signal,
    post_update_signal,
)


@dataclass
class Recorder:
    """Everything the tracking signals sent, in order."""

    calls: list[tuple[str, type, list[Any], Any]] = field(default_factory=list)

    def of(self, action: str, model: type | None = None) -> list[list[Any]]:
        """The object lists sent for ``action`` (and ``model``)."""
        return [
            objects
            for name, sender, objects, _info in self.calls
            if name == action and (model is None or sender is model)
        ]

    def infos(self) -> list[Any]:
        """The tracking infos sent, in order."""
        return [info for *_rest, info in self.calls]


@pytest.fixture
def recorder() -> Iterator[Recorder]:
    """Connect one receiver to each post signal (not to changes_recorded)."""
    rec = Recorder()
    receivers = []
    for action, signal in (
        ("create", post_create_signal),
        ("update", post_update_signal),
        ("delete", post_delete_signal),
    ):

        def receive(
            sender: type,
            objects: list[Any],
            tracking_info_: Any = None,
            _a: str = action,
            **kw: Any,
        ) -> None:
            rec.calls.append((_a, sender, objects, tracking_info_))

        signal.connect(receive, weak=False)
        receivers.append((signal, receive))
    yield rec
    for signal, receive in receivers:
        signal.disconnect(receive)


@pytest.fixture
def recorded() -> Iterator[Recorder]:
    """Connect one receiver to ``changes_recorded`` (in-transaction)."""
    rec = Recorder()

    def receive(
        sender: type, action: str, objects: list[Any], tracking_info_: Any = None, **kw: Any
    ) -> None:
        rec.calls.append((action, sender, objects, tracking_info_))

    changes_recorded.connect(receive, weak=False)
    yield rec
    changes_recorded.disconnect(receive)


def connected(signal: Signal) -> bool:
    """Whether anything listens to ``signal``."""
    return bool(signal.receivers)
