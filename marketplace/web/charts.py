"""The seller's sales chart: bars, axes, date and value labels, computed for an inline SVG.

Drawn server-side (no chart library, no JavaScript): the template only places what is here.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

__all__ = ["Bar", "SalesChart", "Tick", "nice_step", "sales_chart"]

WIDTH, HEIGHT = 680, 260
# Room around the plot for the value axis (left) and the date labels (bottom).
LEFT, RIGHT, TOP, BOTTOM = 64, 12, 20, 40
BAR_GAP = 6
Y_TICKS = 4


@dataclass(frozen=True)
class Bar:
    """One day's bar, with its date and revenue labels."""

    x: float
    y: float
    width: float
    height: float
    day: date
    revenue: Decimal

    @property
    def centre(self) -> float:
        """The x of the bar's middle, where its labels are anchored."""
        return round(self.x + self.width / 2, 1)

    @property
    def label_y(self) -> float:
        """The baseline of the value printed just above the bar."""
        return round(self.y - 5, 1)


@dataclass(frozen=True)
class Tick:
    """A line and label of the value axis."""

    y: float
    value: Decimal


@dataclass(frozen=True)
class SalesChart:
    """Everything the template draws."""

    bars: list[Bar]
    ticks: list[Tick]
    total: Decimal
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right_edge: int = WIDTH - RIGHT
    baseline: int = HEIGHT - BOTTOM
    top: int = TOP

    @property
    def tick_x(self) -> int:
        """Where the value labels end, just left of the value axis."""
        return self.left - 8

    @property
    def date_y(self) -> int:
        """The baseline of the date labels, under the time axis."""
        return self.baseline + 16

    @property
    def title_y(self) -> int:
        """The baseline of the time axis's title."""
        return self.height - 4


def nice_step(peak: Decimal) -> Decimal:
    """The gap between value-axis lines: the smallest 1, 2, 2.5 or 5 times a power of ten
    that fits ``peak`` in at most :data:`Y_TICKS` steps (2.5 for nothing sold).

    The axis then reads 0, 1000, 2000, 3000 rather than 0, 568.75, 1137.50, ….
    """
    if peak <= 0:
        return Decimal("2.5")
    rough = peak / Y_TICKS
    magnitude = Decimal(10) ** rough.adjusted()
    return next(
        factor * magnitude
        for factor in (1, 2, Decimal("2.5"), 5, 10)
        if rough <= factor * magnitude
    )


def sales_chart(points: Sequence[tuple[date, Decimal]]) -> SalesChart:
    """The chart of ``points`` (day, revenue), oldest first."""
    peak = max((revenue for _, revenue in points), default=Decimal(0))
    step = nice_step(peak)
    steps = max(math.ceil(peak / step), 1)  # the top line is at or above the peak
    ceiling = step * steps
    plot_height = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - LEFT - RIGHT) / max(len(points), 1)
    bars = []
    for index, (day, revenue) in enumerate(points):
        height = round(float(revenue / ceiling) * plot_height, 1)
        bars.append(
            Bar(
                x=round(LEFT + index * slot + BAR_GAP / 2, 1),
                y=round(HEIGHT - BOTTOM - height, 1),
                width=round(slot - BAR_GAP, 1),
                height=height,
                day=day,
                revenue=revenue,
            )
        )
    ticks = [
        Tick(y=round(HEIGHT - BOTTOM - plot_height * n / steps, 1), value=step * n)
        for n in range(steps + 1)
    ]
    return SalesChart(bars=bars, ticks=ticks, total=sum((r for _, r in points), Decimal("0.00")))
