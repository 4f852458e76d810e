"""The actor network explains itself: names for nodes, places left out, arrowheads that
stop at the edge of the node they point to."""

from __future__ import annotations

import math
import re

from generator.charts import network_chart, timeline_svg

BODY = """قال وزير النقل سامي الخطيب في عمان إن "رئيس البلدية نبيل حداد لم يلتزم بالاتفاق".

ورد نبيل حداد في بيروت بأن الوزارة لم تدفع ما عليها، بحسب ما نقلت وكالة الأنباء المحلية.

والتقى سامي الخطيب نبيل حداد في عمان الأسبوع الماضي."""


def test_network_names_people_leaves_places_out_and_shows_arrowheads(analyze_body):
    doc = analyze_body(BODY)
    chart = network_chart(doc)
    assert chart is not None
    names = re.findall(r'class="node-label">([^<]+)<', chart["svg"])
    assert "سامي الخطيب" in names and "نبيل حداد" in names
    assert not any(n in ("عمان", "بيروت") for n in names)
    assert not any(re.fullmatch(r"\d+", n) for n in names)
    # the PDF's drawing has no SVG text: its names are HTML placed over it, in percent
    assert "<text" not in chart["svg_unlabelled"]
    assert all(0 <= label["x"] <= 100 and 0 <= label["y"] <= 100 for label in chart["labels"])
    circles = {(float(x), float(y)): float(r) for x, y, r in re.findall(
        r'<circle cx="([\d.]+)" cy="([\d.]+)" r="(\d+)"', chart["svg"])}
    arrows = re.findall(r'<line x1="[\d.]+" y1="[\d.]+" x2="([\d.]+)" y2="([\d.]+)" '
                        r'class="quote-edge"', chart["svg"])
    assert arrows and chart["arrows"]
    for x2, y2 in arrows:
        (cx, cy), r = min(circles.items(), key=lambda c: math.dist(c[0], (float(x2), float(y2))))
        assert math.dist((cx, cy), (float(x2), float(y2))) > r  # the head is outside the node


def test_timeline_text_keeps_its_anchor_under_rtl():
    svg = timeline_svg([("2021-01-05", "day", "أ", "#s1"), ("2021-03", "month", "ب", "#s2")],
                       "عنوان")
    assert 'direction="ltr"' in svg and "2021-01-05" not in svg  # ends are written in HTML
