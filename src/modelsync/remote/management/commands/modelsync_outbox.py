"""``manage.py modelsync_outbox [show|replay]``: inspect and deliver the remote outbox."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from modelsync.remote.exceptions import RemoteError
from modelsync.remote.models import OutboxEntry
from modelsync.remote.outbox import deliver_pending


class Command(BaseCommand):
    """Show the pending remote writes, or deliver them now (after an outage)."""

    help = "Show (default) or replay the modelsync.remote outbox."

    def add_arguments(self, parser: CommandParser) -> None:
        """``show`` or ``replay``; ``--all`` also lists delivered entries."""
        parser.add_argument("action", nargs="?", choices=["show", "replay"], default="show")
        parser.add_argument("--all", action="store_true", help="include delivered entries")

    def handle(self, *args: Any, **options: Any) -> None:
        """Run the chosen action."""
        if options["action"] == "replay":
            try:
                report = deliver_pending()
            except RemoteError as error:
                pending = OutboxEntry.objects.filter(status=OutboxEntry.Status.PENDING).count()
                raise CommandError(f"replay stopped: {error} ({pending} pending)") from error
            self.stdout.write(f"delivered {report.delivered}, pending {report.pending}")
            return
        entries = OutboxEntry.objects.all()
        if not options["all"]:
            entries = entries.filter(status=OutboxEntry.Status.PENDING)
        count = 0
        for entry in entries:
            count += 1
            last = f"  last error: {entry.last_error}" if entry.last_error else ""
            self.stdout.write(
                f"#{entry.pk} {entry.status} {entry.action} {entry.model}({entry.object_pk}) "
                f"-> {entry.entity_set}({entry.remote_pk}) attempts={entry.attempts}{last}"
            )
        self.stdout.write(f"{count} entr{'y' if count == 1 else 'ies'}")
