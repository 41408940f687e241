"""System checks of the change stream (ids modelsync.E090 - E092, modelsync.W090)."""

from __future__ import annotations

from typing import Any

from django.core import checks

from modelsync.tracking import is_tracked

from . import config
from .declaration import declared_specs


@checks.register()
def check_events_settings(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Published models resolve, are tracked, and the relay has a broker."""
    specs, errors = declared_specs()
    messages: list[checks.CheckMessage] = [
        checks.Error(
            str(error),
            hint="Fix MODELSYNC_EVENTS_MODELS or the model's PublishEvents; see docs/events.md.",
            id="modelsync.E090",
        )
        for error in errors
    ]
    for spec in specs:
        if not is_tracked(spec.model):
            messages.append(
                checks.Error(
                    f"{spec.model._meta.label} is published to the change stream, but its "
                    "writes are not tracked, so no event would ever be written.",
                    hint="Derive the model from modelsync.tracking.TrackedModel (or give it a "
                    "TrackedQuerySet manager).",
                    id="modelsync.E091",
                )
            )
    for setting in (config.batch_size, config.relay_interval, config.retention):
        try:
            setting()
        except ValueError as error:
            messages.append(
                checks.Error(str(error), hint="See docs/settings.md.", id="modelsync.E092")
            )
    if specs and not config.broker_url():
        messages.append(
            checks.Warning(
                "MODELSYNC_EVENTS_BROKER_URL is not set: events are written to the outbox but "
                "the relay (manage.py modelsync_events relay) has no broker to publish them to.",
                hint="Set it to a kombu URL such as 'amqp://guest:guest@127.0.0.1:5672//', or "
                "silence this warning (SILENCED_SYSTEM_CHECKS) when Debezium reads the outbox.",
                id="modelsync.W090",
            )
        )
    return messages
