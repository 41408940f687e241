"""``manage.py modelsync_sync --check|--repair [key ...]``: find and fix drifted targets."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TextIO, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser

from modelsync.progress import ProgressBar
from modelsync.sync.drift import all_syncs, count_drift, find_drift, get_sync, repair_drift
from modelsync.sync.exceptions import SyncDeclarationError


class Command(BaseCommand):
    """List (``--check``, exit status 1 when drift is found) or repair (``--repair``) rows
    whose targets differ from their source, for every declaration or the given ones."""

    help = (
        "Check (--check) or repair (--repair) targets of SyncTo declarations whose values "
        "differ from their source. Keys look like marketplace.Order.pipeline."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        """``--check`` / ``--repair``, ``--chunk-size``, ``--show`` and optional keys."""
        mode = parser.add_mutually_exclusive_group(required=True)
        mode.add_argument("--check", action="store_true", help="list drift; exit 1 if any")
        mode.add_argument("--repair", action="store_true", help="fix drift, set-based")
        parser.add_argument("keys", nargs="*", help="declarations (default: all)")
        parser.add_argument("--chunk-size", type=int, default=None, help="rows per statement")
        parser.add_argument(
            "--show", type=int, default=20, help="how many drifted keys to list (--check)"
        )
        parser.add_argument("--database", default="default", help="database alias")

    def handle(self, *args: Any, **options: Any) -> None:
        """Run the check or the repair over the selected declarations."""
        using = options["database"]
        try:
            syncs = [get_sync(key) for key in options["keys"]] if options["keys"] else all_syncs()
        except SyncDeclarationError as exc:
            raise CommandError(str(exc)) from exc
        if options["chunk_size"] is not None and options["chunk_size"] < 1:
            raise CommandError("--chunk-size must be a positive integer")
        drifted_total = 0
        for sync in syncs:
            key = sync.declaration.key
            drifted = count_drift(sync, using=using)
            if options["check"]:
                drifted_total += drifted
                if drifted:
                    shown = find_drift(sync, limit=options["show"], using=using)
                    more = f" (first {len(shown)})" if drifted > len(shown) else ""
                    listing = ", ".join(str(k) for k in shown)
                    self.stdout.write(f"{key}: {drifted} drifted{more}: {listing}")
                else:
                    self.stdout.write(f"{key}: in sync")
                continue
            bar = ProgressBar(
                total=drifted, label=f"repair {key}", stream=cast(TextIO, self.stderr)
            )
            written = repair_drift(
                sync, chunk_size=options["chunk_size"], on_chunk=_advance(bar), using=using
            )
            bar.finish()
            self.stdout.write(f"{key}: repaired {written} target row(s)")
        if options["check"] and drifted_total:
            raise CommandError(f"{drifted_total} drifted row(s) found", returncode=1)


def _advance(bar: ProgressBar) -> Callable[[int, Any], None]:
    """A ``repair_drift`` chunk callback that moves ``bar`` on."""

    def on_chunk(rows: int, _last_key: Any) -> None:
        bar.advance(rows)

    return on_chunk
