"""Date arithmetic on the article's date: ISO weeks, shifts by a unit, the weekday or
year a partial date means, Hijri to Gregorian."""

from __future__ import annotations

import datetime as dt

from hijridate import Gregorian, Hijri

from .words import PLAN_MARGIN_DAYS


def iso_week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def add_months(day: dt.date, n: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 + n
    return index // 12, index % 12 + 1


def shift(anchor: dt.date, unit: str, n: int) -> tuple[str | None, str | None]:
    """(value, granularity) of the anchor moved n units (negative: back); (None, None)
    outside the calendar («قبل 2500 عام»).

    Weeks are ISO weeks, but an Arabic news week starts on Sunday: on a Sunday, «هذا
    الأسبوع» is the ISO week that starts the next day.
    """
    try:
        return _shift(anchor, unit, n)
    except (ValueError, OverflowError):
        return None, None


def _shift(anchor: dt.date, unit: str, n: int) -> tuple[str | None, str | None]:
    if unit == "decade":
        unit, n = "year", 10 * n
    if unit in ("day", "hour"):
        return (anchor + dt.timedelta(days=n if unit == "day" else 0)).isoformat(), "day"
    if unit == "week":
        sunday_start = dt.timedelta(days=1 if anchor.isoweekday() == 7 else 0)
        return iso_week(anchor + sunday_start + dt.timedelta(weeks=n)), "week"
    if unit == "month":
        year, month = add_months(anchor, n)
        if not 1 <= year <= 9999:
            return None, None
        return f"{year:04d}-{month:02d}", "month"
    if not 1 <= anchor.year + n <= 9999:
        return None, None
    return f"{anchor.year + n:04d}", "year"


def weekday_date(anchor: dt.date, iso_weekday: int, direction: str) -> dt.date | None:
    """The weekday nearest the anchor: on/before (past), on/after (future), or strictly
    before/after with «الماضي»/«المقبل» (direction 'last'/'next'); None past the calendar's
    ends (the Saturday after 9999-12-31)."""
    try:
        return _weekday_date(anchor, iso_weekday, direction)
    except OverflowError:
        return None


def _weekday_date(anchor: dt.date, iso_weekday: int, direction: str) -> dt.date:
    delta = (anchor.isoweekday() - iso_weekday) % 7
    if direction == "past":
        return anchor - dt.timedelta(days=delta)
    if direction == "last":
        return anchor - dt.timedelta(days=delta or 7)
    ahead = (iso_weekday - anchor.isoweekday()) % 7
    if direction == "next":
        return anchor + dt.timedelta(days=ahead or 7)
    return anchor + dt.timedelta(days=ahead)


def year_for(anchor: dt.date, month: int, day: int | None, future: bool,
             past: bool = False) -> int | None:
    """The year for a date written without one.

    With «الماضي» (``past``): the last such date before the article's date (a month: before
    its month). In a sentence about the future: the first such date on or after it.
    Otherwise the nearest one, counting days before the article at half weight: news
    mostly looks back, but «12 يوليو» in an article of 7 July is five days ahead, not a year
    ago. A month without a day counts from the article's own month.
    """
    ref = anchor if day is not None else dt.date(anchor.year, anchor.month, 1)
    candidates = []
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            candidates.append(dt.date(year, month, day or 1))
        except ValueError:
            continue
    if not candidates:
        return None
    if past:
        before = [c for c in candidates if c < ref]
        return max(before).year if before else None
    if future:
        # a plan may start a few days before the article is dated («اعتبارا من 31 يوليو»)
        after = [c for c in candidates if c >= ref - dt.timedelta(days=PLAN_MARGIN_DAYS)]
        return min(after).year if after else None

    def cost(c: dt.date) -> float:
        return (ref - c).days / 2 if c <= ref else (c - ref).days

    return min(candidates, key=cost).year


def hijri_to_gregorian(year: int, month: int, day: int) -> dt.date | None:
    try:
        return Hijri(year, month, day).to_gregorian()
    except (ValueError, OverflowError, TypeError):
        return None


def hijri_year_for(anchor: dt.date, month: int, day: int, future: bool) -> int | None:
    try:
        here = Gregorian(anchor.year, anchor.month, anchor.day).to_hijri().datetuple()
    except (ValueError, OverflowError):  # outside the Umm al-Qura tables (1924–2077)
        return None
    options = []
    for year in (here[0] - 1, here[0], here[0] + 1):
        g = hijri_to_gregorian(year, month, day)
        if g:
            options.append((g, year))
    if future:
        after = [o for o in options if o[0] >= anchor]
        return min(after)[1] if after else None
    before = [o for o in options if o[0] <= anchor]
    return max(before)[1] if before else None
