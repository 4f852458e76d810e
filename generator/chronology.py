"""Ordering events by normalized date when granularities are mixed."""

from __future__ import annotations

import datetime as dt

from .model import Event


def date_range(value: str, granularity: str) -> tuple[dt.date, dt.date]:
    """First and last day a normalized value covers."""
    if granularity == "day":
        day = dt.date.fromisoformat(value)
        return day, day
    if granularity == "week":
        year, week = value.split("-W")
        first = dt.date.fromisocalendar(int(year), int(week), 1)
        return first, first + dt.timedelta(days=6)
    if granularity == "month":
        year, month = (int(x) for x in value.split("-"))
        first = dt.date(year, month, 1)
        nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
        return first, nxt - dt.timedelta(days=1)
    year = int(value)
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def sort_key(event: Event) -> tuple:
    """Chronological: by first day, then the wider span first (a month before its days)."""
    first, last = date_range(event.when.value, event.when.granularity)
    return (first, -(last - first).days)


def split_timeline(events: list[Event]) -> tuple[list[Event], list[Event]]:
    """(dated events in chronological order, undated or unresolved events in text order)."""
    dated = [e for e in events if e.when and e.when.value and e.when.granularity]
    rest = [e for e in events if e not in dated]
    return sorted(dated, key=sort_key), rest
