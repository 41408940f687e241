"""Errors of the change stream."""

from __future__ import annotations

from modelsync.errors import ModelsyncError

__all__ = ["BrokerUnavailableError", "EventsConfigurationError", "EventsError"]


class EventsError(ModelsyncError):
    """Base class of the change stream's errors."""


class EventsConfigurationError(EventsError, ValueError):
    """An events declaration or setting naming an unknown model, field or action, or holding
    a wrong value."""


class BrokerUnavailableError(EventsError, RuntimeError):
    """The message broker could not be reached or did not confirm a message; nothing was
    marked published, so the events go out on the next attempt."""
