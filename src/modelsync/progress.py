"""A dependency-free text progress bar for management commands and tasks."""

from __future__ import annotations

import sys
import time
from typing import TextIO

__all__ = ["ProgressBar"]


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
        # What the line shows now (nothing drawn yet), and when it was drawn.
        self._drawn_done: int | None = None
        self._drawn_filled: int | None = None
        self._last_draw = 0.0

    def advance(self, step: int = 1) -> None:
        """Count ``step`` more units as done; redraw when the bar grows or the end is reached,
        and otherwise at most ten times a second."""
        self.done = min(self.done + step, self.total) if self.total else self.done + step
        # The bar is redrawn whenever it grows (at most ``width`` times in all), so a step
        # that is followed by a slow one is still shown and the bar never skips ahead; the
        # counter alone is redrawn at most ten times a second.
        if (
            self._filled() != self._drawn_filled
            or self.done >= self.total
            or time.monotonic() - self._last_draw >= 0.1
        ):
            self._draw()

    def finish(self) -> None:
        """Draw the final state unless it is already shown, and end the line."""
        if self.done != self._drawn_done:
            self._draw()
        self.stream.write("\n")
        self.stream.flush()

    def _filled(self) -> int:
        return self.width if not self.total else int(self.width * self.done / self.total)

    def _draw(self) -> None:
        filled = self._filled()
        bar = "#" * filled + " " * (self.width - filled)
        prefix = f"{self.label} " if self.label else ""
        self.stream.write(f"\r{prefix}[{bar}] {self.done}/{self.total}")
        self.stream.flush()
        self._drawn_done, self._drawn_filled = self.done, filled
        self._last_draw = time.monotonic()
