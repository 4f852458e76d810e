"""Stage 5, chronology: adds ``doc.events``, each dated by a normalized time expression.

Expressions: day + month (+ year) in Gregorian (every regional month name) and Hijri
calendars, ordinal days, ranges, numeric dates, weekdays, months, years, seasons, relative
expressions and stretches of time, all anchored on the article's date from front matter.
A time named before («آنذاك», «في العام نفسه») takes the previous date of the text; a time
the text places but does not date («في وقت سابق», «بعد أيام من إعلان الرئيس») is an event
without a value. Without an article date, anything relative keeps ``value = None``: the
date is never guessed. Each event's summary is the clause its date belongs to.
"""

from __future__ import annotations

import datetime as dt

from ...arabic import normalize
from ...model import Document, Event, TimeExpression
from ...spans import SpanIndex
from .clauses import event_clause
from .expressions import find_time_expressions

_ORDER = {"day": 0, "week": 1, "month": 2, "year": 3}


def resolve_anaphor(expr: TimeExpression, granularity: str,
                    previous: TimeExpression | None, year: int | None = None) -> TimeExpression:
    """«آنذاك», «في العام نفسه»: the date the text named last, at the granularity the words
    ask for (the year of a day for «في العام نفسه»; nothing finer than what was named).
    «في نفس اليوم من عام 1931»: that day of the month, in the year named."""
    if previous is None or previous.value is None or previous.granularity is None:
        return expr
    value, have = previous.value, previous.granularity
    if year is not None and have in ("day", "month"):
        value = f"{year:04d}{value[4:]}"
        try:
            if have == "day":
                dt.date.fromisoformat(value)  # «29 فبراير» of another year
        except ValueError:
            return expr
    if granularity != "any" and granularity != have:
        if have == "week" or _ORDER[granularity] < _ORDER[have]:
            return expr  # «في ذلك اليوم» after a month: no day to name
        value = value[:4] if granularity == "year" else value[:7]
    else:
        granularity = have
    return TimeExpression(expr.text, expr.start, expr.end, value, granularity)


def build_chronology(doc: Document) -> Document:
    """Adds ``doc.events`` in text order, ids e1, e2, …"""
    taken = SpanIndex((m.start, m.end, a.id) for a in doc.actors for m in a.mentions)
    events = []
    seen: set[tuple[str, str | None, str]] = set()
    previous: TimeExpression | None = None
    for sentence in doc.sentences:
        for match, expr in find_time_expressions(doc, sentence, taken):
            if match.anaphor:
                expr = resolve_anaphor(expr, match.anaphor, previous, match.year)
            elif expr.value:
                previous = expr
            start, end = event_clause(doc, sentence, match)
            # a lead repeated as the abstract dates its event once
            key = (expr.text, expr.value, " ".join(normalize(doc.text[start:end]).split()))
            if key in seen:
                continue
            seen.add(key)
            actors = sorted({a for _, _, a in taken.starting_in(start, end)},
                            key=lambda x: int(x[1:]))
            events.append(Event(f"e{len(events) + 1}", expr, doc.text[start:end], actors,
                                sentence.id))
    doc.events = events
    return doc
