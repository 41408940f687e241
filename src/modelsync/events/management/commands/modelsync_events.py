"""``manage.py modelsync_events relay [--once] | prune [--older-than S] | status``."""

from __future__ import annotations

import contextlib
import signal
from datetime import timedelta
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from modelsync.events.errors import BrokerUnavailableError, EventsConfigurationError
from modelsync.events.models import OutboxEvent
from modelsync.events.relay import Relay
from modelsync.events.retention import prune


class Command(BaseCommand):
    """Run the relay, prune old events, or show the outbox's state."""

    help = "Publish the modelsync.events outbox (relay), delete old rows (prune), or show it."

    def add_arguments(self, parser: CommandParser) -> None:
        """``relay [--once] [--batch-size N]``, ``prune [--older-than SECONDS]``, ``status``."""
        actions = parser.add_subparsers(dest="action", required=True)
        relay = actions.add_parser("relay", help="publish unpublished events to the broker")
        relay.add_argument(
            "--once", action="store_true", help="publish until the outbox is empty, then exit"
        )
        relay.add_argument("--batch-size", type=int, help="default MODELSYNC_EVENTS_BATCH_SIZE")
        relay.add_argument("--broker-url", help="default MODELSYNC_EVENTS_BROKER_URL")
        pruning = actions.add_parser("prune", help="delete old published events")
        pruning.add_argument(
            "--older-than", type=float, help="seconds; default MODELSYNC_EVENTS_RETENTION"
        )
        actions.add_parser("status", help="unpublished events and the relay's lag")

    def handle(self, *args: Any, **options: Any) -> None:
        """Run the chosen action."""
        action = options["action"]
        if action == "prune":
            older = options["older_than"]
            pruned = prune(None if older is None else timedelta(seconds=older))
            self.stdout.write(f"pruned {pruned.events} events, {pruned.seen} seen ids")
        elif action == "status":
            events = OutboxEvent.objects.all()
            lag = events.lag()
            pending = events.filter(published_at__isnull=True).count()
            age = "-" if lag is None else f"{lag.total_seconds():.1f} s"
            self.stdout.write(f"unpublished {pending}, lag {age}")
        else:
            self._relay(options)

    def _relay(self, options: dict[str, Any]) -> None:
        try:
            relay = Relay(broker_url=options["broker_url"], batch_size=options["batch_size"])
        except (EventsConfigurationError, ValueError) as error:
            raise CommandError(str(error)) from error
        with relay:
            if options["once"]:
                try:
                    count = relay.publish_pending()
                except BrokerUnavailableError as error:
                    pending = OutboxEvent.objects.filter(published_at__isnull=True).count()
                    raise CommandError(f"{error} ({pending} unpublished)") from error
                self.stdout.write(f"published {count} events")
                return
            stopping = False

            def stop(signum: int, frame: FrameType | None) -> None:
                nonlocal stopping
                stopping = True

            # SIGTERM (a deploy, docker stop) lets the current batch finish and commit.
            signal.signal(signal.SIGTERM, stop)
            self.stdout.write("relay running; Ctrl+C or SIGTERM stops it")
            with contextlib.suppress(KeyboardInterrupt):
                relay.run(lambda: stopping)
