"""Charts as inline SVG, made here (no client-side library): a timeline of dated events and
a network of actors (who appears with whom, who quotes whom).

Coordinates are computed in Python; labels are escaped; the same input gives the same SVG.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from html import escape

from markupsafe import Markup

from .chronology import date_range
from .model import Document

WIDTH = 720


def timeline_svg(events: list[tuple[str, str, str, str]], title: str) -> str:
    """``events``: (value, granularity, label, href) of dated events, in chronological
    order. A horizontal axis from the first to the last day, a mark per event (a bar for a
    week, month or year) numbered as the list beside it; time runs right to left, as the
    text does."""
    if not events:
        return ""
    spans = [(date_range(v, g), label, href) for v, g, label, href in events]
    first = min(s[0][0] for s in spans)
    last = max(s[0][1] for s in spans)
    days = max((last - first).days, 1)
    margin = 40
    usable = WIDTH - 2 * margin
    rows = 4
    height = 70 + rows * 22

    def x(day: dt.date) -> float:  # right to left
        return WIDTH - margin - usable * (day - first).days / days

    # role group, not img: the drawing holds links. direction="ltr": under the page's RTL,
    # text-anchor flips and labels at the edges are cut; the first and last dates are
    # written in Arabic under the drawing, in HTML.
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-timeline" '
             f'viewBox="0 0 {WIDTH} {height}" direction="ltr" role="group" '
             f'aria-labelledby="tl-title">',
             f'<title id="tl-title">{escape(title)}</title>',
             f'<line x1="{margin}" y1="40" x2="{WIDTH - margin}" y2="40" stroke="#4a5560"/>']
    for i, ((start, end), label, href) in enumerate(spans):
        x1, x2 = x(start), x(end)
        row = i % rows
        y = 62 + row * 22
        mark = (f'<circle cx="{x1:.1f}" cy="40" r="4" fill="#0b5394"/>' if start == end else
                f'<rect x="{min(x1, x2):.1f}" y="36" width="{max(abs(x1 - x2), 3):.1f}" '
                f'height="8" fill="#0b5394" fill-opacity="0.6"/>')
        parts.append(f'<a href="{escape(href)}"><title>{escape(label)}</title>{mark}'
                     f'<line x1="{x1:.1f}" y1="44" x2="{x1:.1f}" y2="{y - 12}" '
                     f'stroke="#4a5560"/>'
                     f'<text x="{x1:.1f}" y="{y}" text-anchor="middle" fill="#1b1f23" '
                     f'font-size="12">{i + 1}</text></a>')
    parts.append("</svg>")
    return "".join(parts)


def network_edges(doc: Document) -> tuple[Counter, Counter]:
    """(appear together in a sentence, quotes naming another actor) between actor ids."""
    together: Counter = Counter()
    quotes: Counter = Counter()
    by_sentence: dict[str, set[str]] = {}
    for actor in doc.actors:
        for m in actor.mentions:
            by_sentence.setdefault(m.sentence, set()).add(actor.id)
    for ids in by_sentence.values():
        ordered = sorted(ids, key=lambda a: int(a[1:]))
        for i, a in enumerate(ordered):
            for b in ordered[i + 1:]:
                together[(a, b)] += 1
    for q in doc.quotes:
        if not q.speaker:
            continue
        for actor in doc.actors:
            if actor.id != q.speaker and any(q.start <= m.start < q.end for m in actor.mentions):
                quotes[(q.speaker, actor.id)] += 1
    return together, quotes


NETWORK_SIZE = 10
# Fills as attributes, not CSS: WeasyPrint draws inline SVG without the page's stylesheet.
NODE_COLOURS = {"person": "#7a3b00", "organization": "#0b5394", "location": "#245c2a"}
NET_WIDTH, NET_HEIGHT, NET_RX, NET_RY = 640, 460, 200, 170
LABEL_CHARS = 26  # a longer name is cut with «…» under its node (the full name is its title)


def _label(name: str) -> str:
    return name if len(name) <= LABEL_CHARS else name[:LABEL_CHARS - 1].rstrip() + "…"


def _network_lines(together: Counter, quotes: Counter,
                   ids: set[str], pos: dict[str, tuple[float, float]],
                   radius: dict[str, int]) -> list[str]:
    """A grey line for each pair named in one sentence (thicker the more often), then an
    arrow for each quote that names the other actor."""
    lines = []
    for (a, b), n in sorted(together.items()):
        if a in ids and b in ids:
            (x1, y1), (x2, y2) = pos[a], pos[b]
            lines.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
                         f'class="edge" stroke="#c9d1d9" stroke-width="{min(1 + n, 5)}"/>')
    for a, b in sorted(quotes):
        if a in ids and b in ids:
            (x1, y1), (x2, y2) = pos[a], pos[b]
            # the arrow stops at the edge of the node it points to, so its head shows
            length = math.hypot(x2 - x1, y2 - y1) or 1
            cut = radius[b] + 3
            x2, y2 = x2 - (x2 - x1) * cut / length, y2 - (y2 - y1) * cut / length
            lines.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
                         f'class="quote-edge" stroke="#7a3b00" stroke-width="2" '
                         f'marker-end="url(#arrow)"/>')
    return lines


def network_chart(doc: Document, limit: int = NETWORK_SIZE,
                  href=lambda actor_id: f"#actor-{actor_id}") -> dict | None:
    """People and organizations (places are listed apart: they are where things happen, not
    who acts, and would crowd the middle) on an ellipse, a grey line for appearing together
    in a sentence, an arrow for a quote naming the other. Returns the SVG with the names as
    SVG text (the page: browsers shape Arabic there), the same SVG without them and the
    names' places in percent (the PDF: WeasyPrint does not shape Arabic in SVG text, so the
    names are HTML placed over the drawing)."""
    actors = [a for a in doc.actors if a.type != "location"][:limit]
    if len(actors) < 2:
        return None
    ids = {a.id for a in actors}
    together, quotes = network_edges(doc)
    cx, cy = NET_WIDTH / 2, NET_HEIGHT / 2 - 10
    pos, radius = {}, {}
    for i, actor in enumerate(actors):
        angle = -math.pi / 2 + 2 * math.pi * i / len(actors)
        pos[actor.id] = (cx + NET_RX * math.cos(angle), cy + NET_RY * math.sin(angle))
        radius[actor.id] = 8 + min(len(actor.mentions), 8)
    head = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-network" '
            f'viewBox="0 0 {NET_WIDTH} {NET_HEIGHT}" direction="ltr" role="group" '
            f'aria-labelledby="net-title">',
            '<title id="net-title">شبكة الفاعلين: من يظهر مع من، ومن يتحدث عن من</title>',
            '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="5"'
            ' markerHeight="5" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10z" '
            'fill="#7a3b00"/></marker></defs>']
    lines = _network_lines(together, quotes, ids, pos, radius)
    nodes, texts, labels = [], [], []
    for actor in actors:
        x, y = pos[actor.id]
        r = radius[actor.id]
        below = y + r + 15
        nodes.append(f'<a href="{escape(href(actor.id))}"><title>{escape(actor.name)}</title>'
                     f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" class="node" '
                     f'fill="{NODE_COLOURS[actor.type]}" stroke="#ffffff" stroke-width="2"/>')
        texts.append(f'<text x="{x:.1f}" y="{below:.1f}" text-anchor="middle" '
                     f'font-size="14" fill="#1b1f23" class="node-label">'
                     f'{escape(_label(actor.name))}</text>')
        labels.append({"name": _label(actor.name),
                       "x": round(100 * x / NET_WIDTH, 2),
                       "y": round(100 * (below - 13) / NET_HEIGHT, 2)})
    labelled = [n + t + "</a>" for n, t in zip(nodes, texts, strict=True)]
    page = "".join(head + lines + labelled + ["</svg>"])
    pdf = "".join(head + lines + [n + "</a>" for n in nodes] + ["</svg>"])
    return {"svg": Markup(page), "svg_unlabelled": Markup(pdf), "labels": labels,
            "types": sorted({a.type for a in actors}, key=list(NODE_COLOURS).index),
            "arrows": any(a in ids and b in ids for a, b in quotes)}
