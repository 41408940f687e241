"""``manage.py notifications [--idle-timeout S]``: turn order events into notifications."""

from __future__ import annotations

import contextlib
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from marketplace.notifications.stream import notify, queue
from modelsync.events import consume


class Command(BaseCommand):
    """Consume the marketplace's order events and store the customers' notifications."""

    help = "Store customer notifications from the order events of the change stream."

    def add_arguments(self, parser: CommandParser) -> None:
        """``--idle-timeout``: stop after that many seconds without an event."""
        parser.add_argument(
            "--idle-timeout", type=float, help="stop when idle this long (default: run forever)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        """Consume until interrupted (or idle)."""
        handled = 0
        with contextlib.suppress(KeyboardInterrupt):
            handled = consume(queue(), notify, idle_timeout=options["idle_timeout"])
        self.stdout.write(f"handled {handled} events")
