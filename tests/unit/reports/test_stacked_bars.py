"""The server-drawn bar chart: well-formed SVG, segments as long as their counts, labels escaped."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest

from reports.charts import Bar, stacked_bars

SVG = "{http://www.w3.org/2000/svg}"


def test_segments_are_proportional_and_zero_counts_draw_nothing():
    svg = stacked_bars([Bar("Sở Tư pháp", (1, 0, 3)), Bar("<An Hòa>", (2, 2, 0))], ["a", "b", "c"], title="t")
    root = ElementTree.fromstring(str(svg))
    bars = [r for r in root.iter(f"{SVG}rect") if r.get("height") == "18"]
    widths = [float(r.get("width")) for r in bars]
    assert len(bars) == 4  # 1 + 3 in the first bar, 2 + 2 in the second
    assert widths[1] == pytest.approx(3 * widths[0]) and widths[2] == pytest.approx(widths[3])
    assert widths[0] + widths[1] == pytest.approx(widths[2] + widths[3])
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "<An Hòa>" in texts and "4" in texts


def test_an_empty_chart_is_still_a_picture():
    root = ElementTree.fromstring(str(stacked_bars([], ["a"], title="t")))
    assert root.tag == f"{SVG}svg" and root.find(f"{SVG}title").text == "t"
