"""A dependency-free text progress bar for management commands and tasks."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class ProgressBar:
    """Draws ``label [#####     ] 50/100`` on one line of ``stream``, redrawn in place.

    Example::

        bar = ProgressBar(total=len(chunks), label="repair", stream=self.stdout)
        for chunk in chunks:
            ...
            bar.advance(len(chunk))
        bar.finish()
    """

    def __init__(
        self, total: int, label: str = "", stream: TextIO | None = None, width: int = 30
    ) -> None:
        self.total = max(total, 0)
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.width = width
        self.done = 0
        self._last_draw = 0.0

    def advance(self, step: int = 1) -> None:
        """Count ``step`` more units as done and redraw at most ten times a second."""
        self.done = min(self.done + step, self.total) if self.total else self.done + step
        now = time.monotonic()
        if now - self._last_draw >= 0.1 or self.done >= self.total:
            self._draw()
            self._last_draw = now

    def finish(self) -> None:
        """Draw the final state and end the line."""
        self._draw()
        self.stream.write("\n")
        self.stream.flush()

    def _draw(self) -> None:
        filled = self.width if not self.total else int(self.width * self.done / self.total)
        bar = "#" * filled + " " * (self.width - filled)
        prefix = f"{self.label} " if self.label else ""
        self.stream.write(f"\r{prefix}[{bar}] {self.done}/{self.total}")
        self.stream.flush()
