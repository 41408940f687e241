"""Settings of the change stream, one function per setting (read at call time)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from django.conf import settings

__all__ = [
    "batch_size",
    "broker_url",
    "exchange",
    "models",
    "relay_interval",
    "retention",
]


def models() -> dict[str, dict[str, Any]]:
    """``MODELSYNC_EVENTS_MODELS``: the models whose writes are published, and how.

    Default ``{}``: only the models that declare ``events = PublishEvents(...)`` are
    published. A list of model labels publishes those models with every field and action; a
    dict maps a label to the options of :class:`~modelsync.events.PublishEvents`
    (``fields``, ``exclude``, ``actions``), which replace the model's own declaration.

    Example::

        MODELSYNC_EVENTS_MODELS = {"shop.Order": {"exclude": ["notes"], "actions": ["update"]}}

    Returns ``{lower-case label: options}``.
    """
    value = getattr(settings, "MODELSYNC_EVENTS_MODELS", None)
    if value is None:
        return {}
    if isinstance(value, Mapping):
        for label, options in value.items():
            if options is not None and not isinstance(options, Mapping):
                raise TypeError(
                    f"MODELSYNC_EVENTS_MODELS[{label!r}] must be a dict of options "
                    f"('fields', 'exclude', 'actions'), not {type(options).__name__}: {options!r}"
                )
        return {str(label).lower(): dict(options or {}) for label, options in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return {str(label).lower(): {} for label in value}
    raise TypeError(
        "MODELSYNC_EVENTS_MODELS must be a list of model labels or a dict "
        f"{{label: {{'fields': [...], 'exclude': [...], 'actions': [...]}}}}, "
        f"not {type(value).__name__}"
    )


def broker_url() -> str | None:
    """``MODELSYNC_EVENTS_BROKER_URL``: the kombu URL the relay publishes to.

    Default ``None`` (the relay refuses to start; a system check warns). Examples:
    ``"amqp://guest:guest@127.0.0.1:5672//"`` (RabbitMQ, with publisher confirms) or
    ``"redis://127.0.0.1:6379/0"``.
    """
    value = getattr(settings, "MODELSYNC_EVENTS_BROKER_URL", None)
    return str(value) if value else None


def exchange() -> str:
    """``MODELSYNC_EVENTS_EXCHANGE``: name of the durable topic exchange the relay publishes
    to, with routing key ``<aggregatetype>.<type>``. Default ``"modelsync.events"``."""
    return str(getattr(settings, "MODELSYNC_EVENTS_EXCHANGE", "modelsync.events"))


def batch_size() -> int:
    """``MODELSYNC_EVENTS_BATCH_SIZE``: outbox rows the relay locks, publishes and marks at
    once; a relay killed mid-batch republishes at most this many. Default ``500``."""
    value = getattr(settings, "MODELSYNC_EVENTS_BATCH_SIZE", 500)
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ValueError(f"MODELSYNC_EVENTS_BATCH_SIZE must be a positive int, not {value!r}")
    return value


def relay_interval() -> float:
    """``MODELSYNC_EVENTS_RELAY_INTERVAL``: seconds a running relay waits when the outbox is
    empty, and before reconnecting to a broker that is down. Default ``1.0``."""
    value = getattr(settings, "MODELSYNC_EVENTS_RELAY_INTERVAL", 1.0)
    if not isinstance(value, (int, float)) or isinstance(value, bool) or value <= 0:
        raise ValueError(
            f"MODELSYNC_EVENTS_RELAY_INTERVAL must be a positive number, not {value!r}"
        )
    return float(value)


def retention() -> timedelta:
    """``MODELSYNC_EVENTS_RETENTION``: age after which ``modelsync_events prune`` deletes
    published outbox rows and the consumers' remembered ids. A ``timedelta`` or seconds.
    Default ``timedelta(days=7)``."""
    value = getattr(settings, "MODELSYNC_EVENTS_RETENTION", timedelta(days=7))
    age = value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        age = timedelta(seconds=value)
    if not isinstance(age, timedelta) or age < timedelta(0):
        raise ValueError(
            f"MODELSYNC_EVENTS_RETENTION must be a non-negative timedelta or seconds, not {value!r}"
        )
    return age
