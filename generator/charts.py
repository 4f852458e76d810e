"""Charts as inline SVG, made here (no client-side library): a timeline of dated events and
a network of actors (who appears with whom, who quotes whom).

Coordinates are computed in Python; labels are escaped; the same input gives the same SVG.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from html import escape

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

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-timeline" '
             f'viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="tl-title">',
             f'<title id="tl-title">{escape(title)}</title>',
             f'<line x1="{margin}" y1="40" x2="{WIDTH - margin}" y2="40" stroke="#4a5560"/>',
             f'<text x="{WIDTH - margin}" y="28" text-anchor="end" font-size="12">'
             f'{first.isoformat()}</text>',
             f'<text x="{margin}" y="28" text-anchor="start" font-size="12">'
             f'{last.isoformat()}</text>']
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


NETWORK_SIZE = 12
# Fills as attributes, not CSS: WeasyPrint draws inline SVG without the page's stylesheet.
NODE_COLOURS = {"person": "#7a3b00", "organization": "#0b5394", "location": "#245c2a"}


def network_svg(doc: Document, limit: int = NETWORK_SIZE,
                href=lambda actor_id: f"#actor-{actor_id}") -> str:
    """The most salient actors on a circle, numbered (the page lists the numbers with the
    names: SVG text is not shaped for Arabic in every renderer); a grey line for appearing
    together, an arrow for one quoting about the other."""
    actors = doc.actors[:limit]
    if len(actors) < 2:
        return ""
    ids = {a.id for a in actors}
    together, quotes = network_edges(doc)
    size, radius = 520, 190
    centre = size / 2
    pos = {}
    for i, actor in enumerate(actors):
        angle = -math.pi / 2 + 2 * math.pi * i / len(actors)
        pos[actor.id] = (centre + radius * math.cos(angle), centre + radius * math.sin(angle))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-network" '
             f'viewBox="0 0 {size} {size}" role="img" aria-labelledby="net-title">',
             '<title id="net-title">شبكة الفاعلين: من يظهر مع من، ومن يتحدث عن من</title>',
             '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6"'
             ' markerHeight="6" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10z" '
             'fill="#7a3b00"/></marker></defs>']
    for (a, b), n in sorted(together.items()):
        if a in ids and b in ids:
            (x1, y1), (x2, y2) = pos[a], pos[b]
            parts.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
                         f'class="edge" stroke="#b8c2cc" stroke-width="{min(1 + n, 6)}"/>')
    for a, b in sorted(quotes):
        if a in ids and b in ids:
            (x1, y1), (x2, y2) = pos[a], pos[b]
            parts.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
                         f'class="quote-edge" stroke="#7a3b00" stroke-width="2" '
                         f'marker-end="url(#arrow)"/>')
    for number, actor in enumerate(actors, start=1):
        x, y = pos[actor.id]
        r = 10 + min(len(actor.mentions), 10)
        parts.append(f'<a href="{escape(href(actor.id))}"><title>{escape(actor.name)}</title>'
                     f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" class="node" '
                     f'fill="{NODE_COLOURS[actor.type]}"/>'
                     f'<text x="{x:.1f}" y="{y + 5:.1f}" text-anchor="middle" fill="#ffffff" '
                     f'class="node-number">{number}</text></a>')
    parts.append("</svg>")
    return "".join(parts)
