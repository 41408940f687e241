"""``manage.py modelsync_remote pull [--model app.Model …]``: bring remote mirrors up to date."""

from __future__ import annotations

from typing import Any, TextIO, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser

from modelsync.remote.exceptions import RemoteConfigurationError, RemoteError
from modelsync.remote.incremental import pull_changes, remote_models


class Command(BaseCommand):
    """Pull the rows the remote changed since the last run, and find the ones it deleted."""

    help = (
        "Pull remote changes into the local mirrors (incremental, resumable, idempotent); "
        "local rows deleted remotely are deleted or flagged (MODELSYNC_REMOTE_PULL_DELETES)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        """``pull``; ``--model`` (repeatable), ``--page-size``, ``--no-deletes``."""
        parser.add_argument("action", choices=["pull"])
        parser.add_argument(
            "--model",
            action="append",
            dest="models",
            metavar="APP_LABEL.MODEL",
            help="a remote model to pull (default: every remote model); repeatable",
        )
        parser.add_argument(
            "--page-size", type=int, default=None, help="rows per page (odata.maxpagesize)"
        )
        parser.add_argument(
            "--no-deletes", action="store_true", help="skip looking for remote deletes"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        """Pull each model in turn; a remote failure stops the run (the next run resumes)."""
        try:
            models = remote_models(options["models"])
        except RemoteConfigurationError as error:
            raise CommandError(str(error)) from error
        for label, model in models.items():
            try:
                report = pull_changes(
                    model,
                    progress=cast(TextIO, self.stderr),
                    page_size=options["page_size"],
                    deletes=not options["no_deletes"],
                )
            except RemoteError as error:
                raise CommandError(f"pull of {label} stopped: {error}") from error
            self.stdout.write(
                f"{label}: pulled {report.pulled} rows in {report.pages} pages, "
                f"{report.deleted} deleted remotely"
            )
