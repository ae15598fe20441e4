"""Charts drawn on the server as SVG, so the page and the PDF show the same picture without any script."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from reports.pdf import TEMPLATES

PALETTE = ("#1e7b34", "#4caf50", "#b3261e", "#1a5fb4", "#e66100", "#9a6700", "#77767b")


@dataclass(frozen=True)
class Bar:
    label: str
    values: tuple[float, ...]  # one per series, stacked left to right


@dataclass(frozen=True)
class Segment:
    x: float
    width: float
    colour: str
    value: float
    series: str


def stacked_bars(bars: list[Bar], series: list[str], *, title: str, width: int = 720) -> Markup:
    """Horizontal bars, one per label, each split into its series; a legend under them."""
    label_width, bar_height, gap = 220, 18, 6
    plot = width - label_width - 60
    longest = max((sum(bar.values) for bar in bars), default=0) or 1
    rows = []
    for bar in bars:
        x, segments = 0.0, []
        for index, value in enumerate(bar.values):
            size = plot * value / longest
            if value:
                segments.append(Segment(x, size, PALETTE[index % len(PALETTE)], value, series[index]))
            x += size
        rows.append((bar, segments, sum(bar.values)))
    legend_y = len(bars) * (bar_height + gap) + 10
    svg = TEMPLATES.get_template("charts/stacked_bars.svg").render(
        title=title,
        width=width,
        height=legend_y + 20 * ((len(series) + 2) // 3) + 10,
        rows=rows,
        label_width=label_width,
        bar_height=bar_height,
        gap=gap,
        legend_y=legend_y,
        legend=[(name, PALETTE[i % len(PALETTE)]) for i, name in enumerate(series)],
    )
    return Markup(svg)
