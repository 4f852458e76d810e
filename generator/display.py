"""Arabic for the reader: dates written out and counted nouns that agree with their number.

The JSON keeps ISO values («2021-07-19», «2021-W29»); pages and PDFs show them as an Arabic
news text would write them: «19 يوليو/تموز 2021», «الأسبوع الذي بدأ 19 يوليو/تموز 2021»,
«يوليو/تموز 2021». Counts follow the rules of the Arabic number: «حدث واحد», «حدثان»,
«3 أحداث» (plural from three to ten), «11 حدثاً» (accusative singular from eleven to
ninety-nine), «100 حدث» (genitive singular after a hundred, a thousand).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

from .lexicon import read_table

_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^\d{4}$")


@functools.cache
def month_names() -> dict[int, str]:
    """«يوليو/تموز» by month number (generator/data/display_months.tsv)."""
    return {int(row[0]): f"{row[1]}/{row[2]}" for row in read_table("display_months.tsv")}


def _day(day: dt.date) -> str:
    return f"{day.day} {month_names()[day.month]} {day.year}"


def arabic_date(value: str | dt.date | None, granularity: str | None = None) -> str:
    """A normalized date (day, ISO week, month or year) written in Arabic; the granularity
    is read from the value when not given. Anything else is returned as it is."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return _day(value)
    text = str(value)
    try:
        if (week := _WEEK.match(text)) and granularity in (None, "week"):
            start = dt.date.fromisocalendar(int(week[1]), int(week[2]), 1)
            return f"الأسبوع الذي بدأ {_day(start)}"
        if (month := _MONTH.match(text)) and granularity in (None, "month"):
            return f"{month_names()[int(month[2])]} {month[1]}"
        if _YEAR.match(text) and granularity in (None, "year"):
            return text
        return _day(dt.date.fromisoformat(text))
    except (ValueError, KeyError):
        return text


@dataclass(frozen=True)
class CountedNoun:
    singular: str
    dual: str
    plural: str
    accusative: str
    feminine: bool


@functools.cache
def counted_nouns() -> dict[str, CountedNoun]:
    return {row[0]: CountedNoun(row[0], row[1], row[2], row[3], row[4] == "f")
            for row in read_table("count_nouns.tsv")}


def arabic_count(n: int, noun: str) -> str:
    """``n`` of a noun (given in the singular, one of generator/data/count_nouns.tsv) with
    the form the number governs: one and two are the noun with «واحد/واحدة» and the dual;
    beyond, the last two digits decide: 3–10 the plural, 11–99 the accusative singular,
    00–02 (100, 101, 1000) the genitive singular. None at all is «لا» with the plural."""
    forms = counted_nouns()[noun]
    if n == 0:
        return f"لا {forms.plural}"
    if n == 1:
        return f"{forms.singular} {'واحدة' if forms.feminine else 'واحد'}"
    if n == 2:
        return forms.dual
    rest = n % 100
    if 3 <= rest <= 10:
        return f"{n} {forms.plural}"
    if 11 <= rest <= 99:
        return f"{n} {forms.accusative}"
    return f"{n} {forms.singular}"  # 100, 101, 102, 1000 …
