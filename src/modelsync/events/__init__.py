"""Change stream: every tracked change published through a transactional outbox.

Add ``"modelsync.events"`` to ``INSTALLED_APPS``, declare the published models, migrate, and
run the relay (``manage.py modelsync_events relay``) or point Debezium at the outbox table::

    class Order(TrackedModel):
        events = PublishEvents(exclude=["card_token"])

    consume(event_queue("mailer", "shop.order.*"), send_mail_for)

See ``docs/events.md``.
"""

from __future__ import annotations

from .consumer import DatabaseSeenStore, Event, SeenStore, consume, event_queue
from .declaration import PublishEvents
from .errors import BrokerUnavailableError, EventsConfigurationError, EventsError
from .relay import Relay, publish_pending
from .retention import Pruned, prune

__all__ = [
    "BrokerUnavailableError",
    "DatabaseSeenStore",
    "Event",
    "EventsConfigurationError",
    "EventsError",
    "Pruned",
    "PublishEvents",
    "Relay",
    "SeenStore",
    "consume",
    "event_queue",
    "prune",
    "publish_pending",
]
