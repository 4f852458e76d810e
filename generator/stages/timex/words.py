"""The words of time expressions: month and weekday names, relative expressions, units,
numbers and the closed sets that lead or follow a date (all from ``generator/data``)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ...arabic import normalize
from ...clitics import bare_forms
from ...lexicon import read_lines, read_table, word_set

DIGITS = re.compile(r"^\d+$")
PAST_WORDS = word_set("past_words")
FUTURE_WORDS = word_set("future_words")
CURRENT_WORDS = word_set("current_words")
YEAR_WORDS = word_set("year_words")
MONTH_WORD = word_set("month_word")
# Before a bare year («في 2024», «منذ 1990»); and words that may follow one.
YEAR_LEADS = word_set("year_leads")
YEAR_LINKS = word_set("year_links")
# before a year, the part of it that is meant: its last or its first month
YEAR_END_LEADS = word_set("year_end_leads")  # «أواخر 2014» is mostly annotated as the year
YEAR_START_LEADS = word_set("year_start_leads")
# a year after a Hijri month at or past this is a Gregorian one («رمضان 2018»)
FIRST_GREGORIAN_YEAR = 1700
# before a bare year that make it one whatever follows («في 2008 أعلن»)
STRONG_YEAR_LEADS = word_set("strong_year_leads")
FUNCTION_WORDS = word_set("function_words")
# Words before a bare month name that make it a month, not a homonym («في مارس»).
MONTH_LEADS = word_set("month_leads")
DAY_WORD = word_set("day_word")
PRAYER_WORDS = word_set("prayer_words")
DAY_PART_WORDS = word_set("day_part_words")
PLAN_MARGIN_DAYS = 7
# after a time unit, words that belong to the expression («بعد أيام قليلة»)
UNIT_QUALIFIERS = word_set("unit_qualifiers")
# words that name a time by an event after them («غداة الزيارة»), and «منذ» + these
EVENT_LEADS = word_set("event_leads")
EVENT_STARTS = word_set("event_starts")
EVENT_WORDS = 4
# after «السنوات الثلاث», «اليومين»: the stretch ends at the article's date, or starts there
SPAN_PAST = word_set("span_past")
SPAN_FUTURE = word_set("span_future")
CLAUSE_BREAK = {"،", ",", ".", "؛", ";", ":", "؟", "!", "(", ")", "«", "»", '"'}
TENSE_WINDOW = 6


@dataclass(frozen=True)
class Month:
    calendar: str
    number: int
    strict: bool


@functools.cache
def months() -> dict[tuple[str, ...], Month]:
    return {tuple(normalize(row[0]).split()): Month(row[1], int(row[2]), row[3] == "yes")
            for row in read_table("months.tsv")}


@functools.cache
def ordinal_days() -> dict[tuple[str, ...], int]:
    return {tuple(normalize(row[0]).split()): int(row[1]) for row in read_table("ordinal_days.tsv")}


@functools.cache
def weekdays() -> dict[str, int]:
    return {normalize(row[0]): int(row[1]) for row in read_table("weekdays.tsv")}


@functools.cache
def relative_expressions() -> dict[str, list[tuple[tuple[str, ...], str, str]]]:
    """Relative expressions by their first word, longest first."""
    rows = [(tuple(normalize(r[0]).split()), r[1], r[2]) for r in read_table("relative_time.tsv")]
    index: dict[str, list[tuple[tuple[str, ...], str, str]]] = {}
    for row in sorted(rows, key=lambda r: -len(r[0])):
        index.setdefault(row[0][0], []).append(row)
    return index


@functools.cache
def time_units() -> dict[str, tuple[str, int]]:
    return {normalize(r[0]): (r[1], int(r[2])) for r in read_table("time_units.tsv")}


@functools.cache
def number_words() -> dict[str, int]:
    return {normalize(r[0]): int(r[1]) for r in read_table("number_words.tsv")}


@functools.cache
def future_markers() -> frozenset[str]:
    return frozenset(normalize(w) for w in read_lines("future_markers.txt"))


@functools.cache
def start_words() -> frozenset[str]:
    """Every word a time expression can start with (digits aside)."""
    words = {key[0] for key in months()} | set(weekdays()) | set(relative_expressions())
    words |= {part[0] for part in day_parts()} | {key[0] for key in ordinal_days()}
    words |= MONTH_WORD | DAY_WORD | YEAR_WORDS | EVENT_LEADS
    words |= {"قبل", "منذ", "بعد", "الساعه", "ساعه"}
    return frozenset(words)


@functools.cache
def future_verbs() -> frozenset[str]:
    """س + present-tense verbs, derived from unlabeled news (generator/derive.py)."""
    return frozenset(read_lines("derived/future_verbs.txt"))


@functools.cache
def day_parts() -> list[tuple[str, ...]]:
    parts = {tuple(normalize(w).split()) for w in read_lines("day_parts.txt")}
    return sorted(parts, key=lambda p: -len(p))


def is_future_word(word: str) -> bool:
    """A future marker («سوف», «المقبل») or a verb with the future prefix (سيعقد، ستبدأ)."""
    return any(f in future_markers() or f in future_verbs() for f in bare_forms(word))
