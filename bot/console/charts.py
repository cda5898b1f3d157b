"""Charts as inline SVG, laid out here and drawn by `console/_charts.html`: no script,
no CDN, readable on a tablet and printable. Two shapes cover the dashboard:

- `columns`: one column per label (hours, days), the series side by side or stacked;
- `rows`: one horizontal bar per label (intents, departments, channels), the series
  stacked, the label on the left and the total on the right.

Coordinates are in the SVG's own units (`width` × `height`); the page scales it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    w: float
    h: float
    value: int
    series: int  # index into the chart's series (its colour and name)
    label: str  # the column's or row's label (the template names it)


@dataclass(frozen=True)
class Tick:
    pos: float
    text: str


@dataclass
class Chart:
    width: int
    height: int
    series: list[str]
    bars: list[Bar] = field(default_factory=list)
    x_ticks: list[Tick] = field(default_factory=list)  # labels under columns
    y_ticks: list[Tick] = field(default_factory=list)  # grid lines with values
    row_labels: list[Tick] = field(default_factory=list)  # rows: label at y
    row_totals: list[Tick] = field(default_factory=list)  # rows: total at y
    left: float = 0
    right: float = 0
    top: float = 0
    bottom: float = 0
    empty: bool = True


def nice_max(value: int) -> int:
    """A round axis maximum at or above `value` (1, 2, 5 × 10^n)."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power


def columns(
    labels: Sequence[str],
    series: dict[str, Sequence[int]],
    *,
    stacked: bool = False,
    every: int = 1,
    width: int = 640,
    height: int = 220,
) -> Chart:
    """Columns per label; `every`: label every n-th column (hours: 3)."""
    names = list(series)
    chart = Chart(width, height, names, left=44, right=8, top=12, bottom=30)
    plot_w = width - chart.left - chart.right
    plot_h = height - chart.top - chart.bottom
    n = max(len(labels), 1)
    values = [[int(series[s][i]) for s in names] for i in range(len(labels))]
    peak = max((sum(v) if stacked else max(v, default=0)) for v in values) if values else 0
    top = nice_max(peak)
    chart.empty = peak == 0
    steps = next((k for k in (4, 5, 2) if top % k == 0), 1) if top > 1 else 1
    for k in range(steps + 1):
        y = chart.top + plot_h - plot_h * k / steps
        chart.y_ticks.append(Tick(y, str(top * k // steps)))
    slot = plot_w / n
    gap = slot * 0.2
    for i, label in enumerate(labels):
        x0 = chart.left + i * slot + gap / 2
        if i % every == 0:
            chart.x_ticks.append(Tick(chart.left + i * slot + slot / 2, label))
        base = chart.top + plot_h
        inner = slot - gap
        for j in range(len(names)):
            value = values[i][j]
            h = plot_h * value / top
            if stacked:
                chart.bars.append(Bar(x0, base - h, inner, h, value, j, label))
                base -= h
            else:
                w = inner / len(names)
                x = x0 + j * w
                chart.bars.append(Bar(x, base - h, w, h, value, j, label))
    return chart


def rows(
    items: Sequence[tuple[str, Sequence[int]]],
    series: Sequence[str],
    *,
    width: int = 640,
    row_height: int = 34,
) -> Chart:
    """One stacked horizontal bar per (label, values per series)."""
    names = list(series)
    height = max(len(items), 1) * row_height + 8
    chart = Chart(width, height, names, left=150, right=64, top=4, bottom=4)
    plot_w = width - chart.left - chart.right
    peak = max((sum(v) for _, v in items), default=0)
    top = nice_max(peak)
    chart.empty = peak == 0
    for i, (label, values) in enumerate(items):
        y = chart.top + i * row_height
        x = float(chart.left)
        for j, value in enumerate(values):
            w = plot_w * int(value) / top
            chart.bars.append(Bar(x, y + 4, w, row_height - 8, int(value), j, label))
            x += w
        middle = y + row_height / 2
        chart.row_labels.append(Tick(middle, label))
        chart.row_totals.append(Tick(middle, str(sum(int(v) for v in values))))
    return chart
