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
import functools
import re
from dataclasses import dataclass

from hijridate import Gregorian, Hijri

from ..arabic import normalize
from ..clitics import bare_forms, strip_conjunction, strip_conjunction_and_preposition
from ..lexicon import lexicon, read_lines, read_table, word_set
from ..model import Document, Event, Sentence, TimeExpression
from ..spans import SpanIndex

_DIGITS = re.compile(r"^\d+$")
_PAST_WORDS = word_set("past_words")
_FUTURE_WORDS = word_set("future_words")
_CURRENT_WORDS = word_set("current_words")
_YEAR_WORDS = word_set("year_words")
_MONTH_WORD = word_set("month_word")
# Before a bare year («في 2024», «منذ 1990»); and words that may follow one.
_YEAR_LEADS = word_set("year_leads")
_YEAR_LINKS = word_set("year_links")
# before a year, the part of it that is meant: its last or its first month
_YEAR_END_LEADS = word_set("year_end_leads")  # «أواخر 2014» is mostly annotated as the year
_YEAR_START_LEADS = word_set("year_start_leads")
# a year after a Hijri month at or past this is a Gregorian one («رمضان 2018»)
_FIRST_GREGORIAN_YEAR = 1700
# before a bare year that make it one whatever follows («في 2008 أعلن»)
_STRONG_YEAR_LEADS = word_set("strong_year_leads")
_FUNCTION_WORDS = word_set("function_words")
# Words before a bare month name that make it a month, not a homonym («في مارس»).
_MONTH_LEADS = word_set("month_leads")
_DAY_WORD = word_set("day_word")
_PRAYER_WORDS = word_set("prayer_words")
_DAY_PART_WORDS = word_set("day_part_words")
_PLAN_MARGIN_DAYS = 7
# after a time unit, words that belong to the expression («بعد أيام قليلة»)
_UNIT_QUALIFIERS = word_set("unit_qualifiers")
# words that name a time by an event after them («غداة الزيارة»), and «منذ» + these
_EVENT_LEADS = word_set("event_leads")
_EVENT_STARTS = word_set("event_starts")
_EVENT_WORDS = 4
# after «السنوات الثلاث», «اليومين»: the stretch ends at the article's date, or starts there
_SPAN_PAST = word_set("span_past")
_SPAN_FUTURE = word_set("span_future")
_CLAUSE_BREAK = {"،", ",", ".", "؛", ";", ":", "؟", "!", "(", ")", "«", "»", '"'}
_TENSE_WINDOW = 6


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
    words |= _MONTH_WORD | _DAY_WORD | _YEAR_WORDS | _EVENT_LEADS
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


# ---- pure date arithmetic -------------------------------------------------------------

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
        after = [c for c in candidates if c >= ref - dt.timedelta(days=_PLAN_MARGIN_DAYS)]
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


# ---- matching -------------------------------------------------------------------------

@dataclass
class Match:
    start: int  # token indices [start, end)
    end: int
    value: str | None
    granularity: str | None
    skip_chars: int = 0  # a leading clitic on the first token, not part of the text
    anaphor: str | None = None  # «آنذاك»: the previous date, at this granularity ("any")
    year: int | None = None  # «في نفس اليوم من عام 1931»: the previous day, in that year


_ATTACHED_NUMBER = re.compile(r"^(?:في|بـ?|لـ?|و|ف)(\d{1,4})$")


def _number(word: str) -> int | None:
    """A number written alone or attached to a preposition («في18», «بـ2018»)."""
    for form in bare_forms(word):
        if _DIGITS.match(form):
            return int(form)
    attached = _ATTACHED_NUMBER.match(word)
    return int(attached.group(1)) if attached else None


class SentenceMatcher:
    """Finds time expressions in one sentence's tokens."""

    def __init__(self, doc: Document, sentence: Sentence):
        self.doc = doc
        self.tokens = sentence.tokens
        self.words = [normalize(t.text) for t in sentence.tokens]
        self.anchor = doc.published
        self.future_at = [is_future_word(w) for w in self.words]
        self.future = False  # set for each position by match_at

    def word(self, i: int) -> str:
        return self.words[i] if 0 <= i < len(self.words) else ""

    def form(self, i: int, vocabulary) -> str | None:
        """The form of token i (itself or without a clitic) that is in ``vocabulary``."""
        return next((f for f in bare_forms(self.word(i)) if f in vocabulary), None)

    def clitic(self, i: int, form: str) -> int:
        """Characters of token i before the form that matched (a clitic such as و, ب)."""
        word = self.words[i]
        return len(self.tokens[i].text) - len(form) if word != form and word.endswith(
            form) else 0

    def month_at(self, i: int) -> tuple[int, Month, int] | None:
        """(end index, month, clitic chars) of a month name starting at token i."""
        table = months()
        for length in (2, 1):
            parts = [self.word(i + k) for k in range(length)]
            if len(parts) < length or not all(parts):
                continue
            for first in bare_forms(parts[0]):
                key = (first, *parts[1:])
                if key in table:
                    return i + length, table[key], self.clitic(i, first)
        return None

    def skip_alt_month(self, i: int) -> int:
        """Skip «/تموز», «(تموز)», «- تموز» or a bare «تموز» after a month name."""
        j = i
        if self.word(j) in ("/", "(", "-"):
            alt = self.month_at(j + 1)
            if alt:
                j = alt[0]
                if self.word(j) == ")":
                    j += 1
        elif (alt := self.month_at(j)) and not alt[1].strict:
            j = alt[0]
        return j

    def year_after(self, i: int) -> tuple[int, int] | None:
        """A year at token i, or after «عام»/«سنة» there: (end index, year)."""
        if self.form(i, _YEAR_WORDS) and (match := self.year_at(i + 1)):
            return match
        return self.year_at(i)

    def year_at(self, i: int) -> tuple[int, int] | None:
        n = _number(self.word(i))
        if n is not None and 1000 <= n <= 2200 and len(self.word(i)) <= 5:
            end = i + 1
            if self.word(end) in ("م", "ميلادي", "ميلاديه"):
                end += 1
            return end, n
        return None

    def match_at(self, i: int) -> Match | None:
        if not (self.form(i, start_words()) or _number(self.word(i)) is not None):
            return None  # most words cannot start a time expression: skip the matchers
        # the tense that matters is the verb's, which mostly comes just before the date
        self.future = any(self.future_at[max(0, i - _TENSE_WINDOW):i + 2])
        match = (self.numeric_date(i) or self.clock(i) or self.day_month(i) or self.weekday(i)
                 or self.month_year(i) or self.year(i) or self.relative(i) or self.ago(i)
                 or self.bare_year(i) or self.event_anchored(i) or self.recent_span(i))
        if match and match.granularity == "day":
            match = self.with_day_part(match)
        elif match and match.granularity == "year" and match.value:
            match = self.with_year_part(match)
        return match

    def with_year_part(self, match: Match) -> Match:
        """«أواخر 2015», «بنهاية العام الماضي»: the last month of that year; «أوائل 2015»:
        its first."""
        for k in (match.start - 1, match.start - 2):
            lead = self.form(k, _YEAR_END_LEADS | _YEAR_START_LEADS)
            if lead and (k == match.start - 1 or self.word(k + 1) in ("من", "عام", "العام")):
                month = "12" if lead in _YEAR_END_LEADS else "01"
                return Match(k, match.end, f"{match.value}-{month}", "month",
                             self.clitic(k, lead))
        return match

    def with_day_part(self, match: Match) -> Match:
        """Take in «مساء», «في وقت سابق» (and a comma after it) before a day."""
        end = match.start
        if self.word(end - 1) in ("،", ","):
            end -= 1
        for part in day_parts():
            n = len(part)
            start = end - n
            if start < 0:
                continue
            words = [self.word(start + k) for k in range(n)]
            first = next((f for f in bare_forms(words[0]) if f == part[0]), None)
            if first and tuple(words[1:]) == part[1:]:
                return Match(start, match.end, match.value, match.granularity,
                             self.clitic(start, first))
        return match

    def clock(self, i: int) -> Match | None:
        """«الساعة 05,55 بالتوقيت المحلي», «20,55 بتوقيت غرينتش الخميس»: that day."""
        j = i
        has_hour_word = self.form(i, ("الساعه", "ساعه")) is not None
        if has_hour_word:
            j += 1
        hour = _number(self.word(j))
        if hour is None or hour > 24:
            return None
        end = j + 1
        if self.word(end) in (",", ":", "،", ".") and _number(self.word(end + 1)) is not None:
            end += 2
        elif not has_hour_word:
            return None
        zone = False
        if self.form(end, ("بالتوقيت", "بتوقيت", "توقيت")):
            zone = True
            end += 1
            while end < len(self.words) and self.words[end] not in _CLAUSE_BREAK and \
                    self.words[end] not in weekdays() and end - i < 8 and (
                    self.words[end].startswith("ال") or self.words[end] in ("غرينتش",
                                                                            "غرينيتش")):
                end += 1
        if not (has_hour_word or zone):
            return None
        # the day after the time, past a part of it: «الساعة 1:14 ظهر 2 أكتوبر»
        after = end + 1 if self.form(end, _DAY_PART_WORDS) else end
        day = self.weekday(after) or self.day_month(after)
        if day:
            return Match(i, day.end, day.value, "day", self.clitic(i, self.words[i]))
        value = self.anchor.isoformat() if self.anchor else None
        return Match(i, end, value, "day")

    def bare_year(self, i: int) -> Match | None:
        """A year alone after a preposition: «في 2024», «منذ 1990», «و2005», «في1967»."""
        word = self.word(i)
        n = _number(word)
        digits = len(re.sub(r"\D", "", word))
        if n is None or not 1000 <= n <= 2099 or digits != 4:
            return None
        before = self.word(i - 1)
        after = self.word(i + 1)
        clitic = len(self.tokens[i].text) - 4
        # «في 2008 أزالها»: a year even before a word, unless that word counts it
        # («منذ 2000 عام»; «في 1500 منزل» is rare enough below 1800)
        if (word[:2] in ("في", "بـ", "لـ") or self.form(i - 1, _STRONG_YEAR_LEADS)) and \
                time_units().get(after) is None and (n >= 1800 or before == "منذ"):
            return Match(i, i + 1, f"{n:04d}", "year", clitic)
        if n < 1900:
            return None
        if after in _YEAR_LINKS or after[:1] in ("", "-", "–", ")", "(", "،", ",", ".", "؛") \
                or before in ("(", "-", "–") or (before == "و" and self.year_at(i - 2)):
            led = True  # a year alone, in a range or in brackets: «(1950-1953)», «و2005»
        else:
            led = self.form(i - 1, _YEAR_LEADS) is not None
            # «نحو 2000 شخص»: a count, not a year; «اتفاق 2015 بين»: a year
            if after not in _FUNCTION_WORDS:
                led = led and not after[:1].isalpha()
        return Match(i, i + 1, f"{n:04d}", "year", clitic) if led else None

    def numeric_date(self, i: int) -> Match | None:
        w = self.words
        if i + 4 >= len(w) or _number(w[i]) is None:
            return None
        a, b, c = _number(w[i]), _number(w[i + 2]) if i + 2 < len(w) else None, _number(
            w[i + 4]) if i + 4 < len(w) else None
        if w[i + 1] != w[i + 3] or w[i + 1] not in ("/", "-", ".") or b is None or c is None:
            return None
        if len(w[i]) == 4:
            y, m, d = a, b, c
        elif len(w[i + 4]) == 4:
            d, m, y = a, b, c
        else:
            return None
        try:
            value = dt.date(y, m, d).isoformat()
        except ValueError:
            return None
        return Match(i, i + 5, value, "day")

    def day_number(self, i: int) -> tuple[int, int] | None:
        """(day, end) of a day of the month at token i: «19», «في19», «السادس من»."""
        day = _number(self.word(i))
        if day is not None:
            if 1 <= day <= 31 and len(self.word(i).lstrip("فيبلو")) <= 2:
                return day, i + 1
            return None
        for length in (2, 1):
            words = tuple(self.word(i + k) for k in range(length))
            for first in bare_forms(words[0]):
                day = ordinal_days().get((first, *words[1:]))
                if day and self.word(i + length) == "من":
                    return day, i + length + 1
        return None

    def day_range_end(self, i: int) -> int:
        """Skip the second day of a range before the month: «24 و25 فبراير», «3-5 مايو»,
        «الثالث والعاشر من». The expression is dated by its first day."""
        word = self.word(i)
        if word in ("-", "–", "الي", "حتي", "و") and (second := self.day_number(i + 1)):
            return second[1]
        if word[:1] == "و" and len(word) > 1 and (second := self.day_number(i)):
            return second[1]
        return i

    def day_month(self, i: int) -> Match | None:
        first = self.day_number(i)
        if first is None:
            return None
        day, j = first
        if self.word(j - 1) != "من":
            j = self.day_range_end(j)
            if self.word(j) == "من":
                j += 1  # «14 من أبريل»
        if self.form(j, _MONTH_WORD):
            j += 1  # «14 من شهر أبريل»
        month = self.month_at(j)
        if not month:
            return None
        end, info, _ = month
        end = self.skip_alt_month(end)
        if self.word(end) == "من" and self.form(end + 1, _YEAR_WORDS):
            end += 1  # «10 سبتمبر من عام 1991»
        year_match = self.year_after(end)
        year = None
        future, past = self.future, False
        if year_match:
            end, year = year_match
        elif self.word(end) in _PAST_WORDS | _FUTURE_WORDS | _CURRENT_WORDS:
            # «19 أبريل الماضي», «3 مايو المقبل»: the word says which side of the article
            past = self.word(end) in _PAST_WORDS
            future = self.word(end) in _FUTURE_WORDS or (
                self.future and self.word(end) in _CURRENT_WORDS)
            end += 1
        hijri = info.calendar == "hijri"
        if self.word(end) in ("ه", "هـ") or self.word(end).startswith("هجري"):
            end += 1
        value = None
        if hijri:
            if year is None and self.anchor:
                year = hijri_year_for(self.anchor, info.number, day, future)
            g = hijri_to_gregorian(year, info.number, day) if year else None
            value = g.isoformat() if g else None
        else:
            if year is None and self.anchor:
                year = year_for(self.anchor, info.number, day, future, past)
            try:
                value = dt.date(year, info.number, day).isoformat() if year else None
            except ValueError:
                value = None
        token = self.tokens[i].text
        skip = len(token) - len(str(day)) if _number(self.word(i)) is not None and \
            not token.isdigit() else self.clitic(i, bare_forms(self.word(i))[-1])
        match = Match(i, end, value, "day", skip)
        return self.dual(match)

    def dual(self, match: Match) -> Match:
        """«… الموافق …»: one expression, one date (the Gregorian one when both parse)."""
        j = match.end
        if self.word(j) in ("الموافق", "الموافقه", "والموافق"):
            other = self.day_month(j + 1)
            if other:
                value = match.value
                if other.value and self.is_gregorian_month(j + 2):
                    value = other.value
                return Match(match.start, other.end, value or other.value, "day",
                             match.skip_chars)
        return match

    def is_gregorian_month(self, i: int) -> bool:
        month = self.month_at(i)
        return bool(month and month[1].calendar == "gregorian")

    def weekday(self, i: int) -> Match | None:
        day_word = self.form(i, _DAY_WORD)
        j = i + 1 if day_word else i
        form = self.form(j, weekdays())
        if form is None:
            return None
        number = weekdays()[form]
        if form == "الجمعه" and not day_word and self.form(i - 1, _PRAYER_WORDS):
            return None  # «صلاة الجمعة», «إمام الجمعة»: the prayer, not a day
        end = j + 1
        # a full date right after the weekday carries the value
        date = self.day_month(end) or self.numeric_date(end)
        if date is None and self.word(end) in ("،", ",") and end + 1 < len(self.words):
            date = self.day_month(end + 1)
        skip = self.clitic(i, day_word or form)
        if date:
            return Match(i, date.end, date.value, "day", skip)
        direction = "future" if self.future else "past"
        if self.word(end) in _PAST_WORDS:
            direction, end = "last", end + 1
        elif self.word(end) in _FUTURE_WORDS:
            direction, end = "next", end + 1
        if self.word(end) in ("الي", "حتي") and self.form(end + 1, weekdays()):
            end += 2  # «ليل السبت إلى الأحد»: one night, dated by its first day
        day = weekday_date(self.anchor, number, direction) if self.anchor else None
        value = day.isoformat() if day else None
        return Match(i, end, value, "day", skip)

    def year_phrase(self, i: int) -> tuple[int, int] | None:
        """(end, year) of «2017», «عام 2017» or «العام الماضي» at token i."""
        if (found := self.year_after(i)) is not None:
            return found
        if not self.anchor:
            return None
        if self.form(i, _YEAR_WORDS) and (side := self.word(i + 1)) and (
                side in _PAST_WORDS | _FUTURE_WORDS | _CURRENT_WORDS):
            offset = -1 if side in _PAST_WORDS else 1 if side in _FUTURE_WORDS else 0
            return i + 2, self.anchor.year + offset
        return None

    def month_year(self, i: int) -> Match | None:
        start = i
        month_word = self.form(i, _MONTH_WORD)
        j = i + 1 if month_word else i
        month = self.month_at(j)
        if not month:
            return None
        end, info, clitic = month
        end = self.skip_alt_month(end)
        if self.word(end) == "من" and (linked := self.year_phrase(end + 1)):
            year_match: tuple[int, int] | None = linked  # «يونيو من عام 2017», «من العام الماضي»
        else:
            year_match = self.year_after(end)
        if year_match is None and self.word(end) in ("الي", "حتي") and (
                second := self.month_at(end + 1)) and (
                last := self.year_after(self.skip_alt_month(second[0]))):
            year_match = last  # «من يناير إلى يوليو 2018»: the first month, of that year
        anchored = self.word(end) in _PAST_WORDS | _FUTURE_WORDS | _CURRENT_WORDS or any(
            f in _MONTH_LEADS for f in bare_forms(self.word(start - 1)))
        if not (month_word or year_match or anchored):
            return None  # «حرب أكتوبر», «ثورة يناير»: a name, not a date
        skip = self.clitic(start, month_word) if month_word else clitic
        future = self.future
        past = False
        if year_match:
            end = year_match[0]
        elif self.word(end) in _PAST_WORDS:
            future, past, end = False, True, end + 1
        elif self.word(end) in _FUTURE_WORDS:
            future, end = True, end + 1
        elif self.word(end) in _CURRENT_WORDS:
            end += 1
        if info.calendar == "hijri":
            return Match(start, end, *self.hijri_month(info.number, year_match, future), skip)
        if year_match:
            return Match(start, end, f"{year_match[1]:04d}-{info.number:02d}", "month", skip)
        if not self.anchor:
            return Match(start, end, None, "month", skip)
        year = year_for(self.anchor, info.number, None, future, past)
        return Match(start, end, f"{year:04d}-{info.number:02d}" if year else None, "month",
                     skip)

    def hijri_month(self, month: int, year_match: tuple[int, int] | None,
                    future: bool) -> tuple[str | None, str | None]:
        """A Hijri month as the Gregorian month it starts in: «رمضان 1439», «رمضان الحالي»
        (the last one begun by the article's date, or the next one in a plan). «رمضان
        2018» names a Gregorian year: that year."""
        year = year_match[1] if year_match else None
        if year is not None and year >= _FIRST_GREGORIAN_YEAR:
            return f"{year:04d}", "year"
        if year is None and self.anchor:
            year = hijri_year_for(self.anchor, month, 1, future)
        g = hijri_to_gregorian(year, month, 1) if year else None
        return (f"{g.year:04d}-{g.month:02d}", "month") if g else (None, None)

    def year(self, i: int) -> Match | None:
        form = self.form(i, _YEAR_WORDS)
        if form is None:
            return None
        year_match = self.year_at(i + 1)
        if not year_match:
            return None
        return Match(i, year_match[0], f"{year_match[1]:04d}", "year", self.clitic(i, form))

    def relative(self, i: int) -> Match | None:
        index = relative_expressions()
        candidates = [(first, row) for first in bare_forms(self.words[i])
                      for row in index.get(first, ())]
        candidates.sort(key=lambda c: -len(c[1][0]))
        for first, (phrase, granularity, offset) in candidates:
            n = len(phrase)
            if tuple(self.words[i + 1:i + n]) != phrase[1:]:
                continue
            if phrase == ("اليوم",) and self.not_today(i):
                return None
            end = i + n
            if granularity == "same":
                year = None
                if self.word(end) == "من" and (named := self.year_phrase(end + 1)):
                    end, year = named
                return Match(i, end, None, None, self.clitic(i, first), anaphor=offset,
                             year=year)
            if offset == "vague":
                # «في وقت سابق (من) هذا الأسبوع»: one expression, dated by its second part
                after = end + 1 if self.word(end) in ("من", "،", ",") else end
                dated = self.match_at(after) if after < len(self.words) else None
                if dated and dated.value:
                    return Match(i, dated.end, dated.value, dated.granularity,
                                 self.clitic(i, first))
                if dated and after == end and not dated.anaphor:
                    end = dated.end  # «سبعينيات القرن الماضي»: one vague expression
                return Match(i, end, None, None, self.clitic(i, first))
            if granularity == "day" and self.word(end) in weekdays():
                end += 1  # «اليوم السبت», «غدا الأحد»: one expression
            value = None
            if self.anchor:
                if offset == "end":
                    value, granularity = f"{self.anchor.year:04d}-12", "month"
                elif offset == "start":
                    value, granularity = f"{self.anchor.year:04d}", "year"
                else:
                    value, granularity = shift(self.anchor, granularity, int(offset))
            return Match(i, end, value, granularity, self.clitic(i, first))
        return None

    def not_today(self, i: int) -> bool:
        """«اليوم» in «ونصف اليوم», «طوال اليوم» (a duration) or after an outlet's name
        («لروسيا اليوم», «موقع مصر اليوم»)."""
        before = self.word(i - 1)
        if before in ("نصف", "طوال", "طيله", "كل", "ذلك", "هذا"):
            return True
        prev_named = i > 0 and self.tokens[i - 1].tag != "O"
        if not prev_named:
            return False
        head = strip_conjunction_and_preposition(self.word(i - 2))
        return head in lexicon().org_heads or before[:1] in ("ل", "ب") and before[1:2] != "ا"

    def ago(self, i: int) -> Match | None:
        """«قبل ثلاثة أيام», «منذ يومين», «بعد 5 سنوات», «منذ أيام» (not dated), and the
        same anchored on an event: «بعد أيام قليلة من إعلان الرئيس» (dated by the event,
        which the text does not date: kept without a value)."""
        form = self.form(i, ("قبل", "منذ", "بعد"))
        if form is None:
            return None
        before, after = time_units().get(self.word(i - 1)), time_units().get(self.word(i + 1))
        if before and after and before[0] == after[0]:
            return None  # «يوما بعد يوم»: an idiom, not a time
        j = i + 1
        while self.word(j) in ("مرور", "اكثر", "اقل", "نحو", "حوالي", "قرابه", "من"):
            j += 1  # «منذ أكثر من», «قبل نحو», «بعد مرور»
        if self.form(j, _YEAR_WORDS) and self.year_at(j + 1):
            return None  # «منذ عام 2006» is a year
        count = _number(self.word(j))
        if count is None:
            count = number_words().get(self.word(j))
        if count is not None:
            j += 1
        unit = time_units().get(self.word(j))
        if unit is None:
            return None
        name, implied = unit
        n = count if count else implied
        end = j + 1
        if count is None and implied == 1 and (
                self.form(end, weekdays()) or _number(self.word(end)) is not None):
            return None  # «منذ يوم الجمعة», «قبل يوم 5 مايو»: a day, not «a day ago»
        while self.word(end) in _UNIT_QUALIFIERS:
            end += 1  # «أيام قليلة», «يوم واحد», «ساعات فقط»
        from_now = self.word(end) == "من" and self.word(end + 1) == "الان"
        if from_now:
            end += 2  # «بعد خمس سنوات من الآن»: counted from the article's date
        # «بعد عامين على الحادثة», but «قبل 2500 عام على ضفاف النهر» is a place
        anchored = None if from_now else self.event_after(
            end, ("من", "علي") if form == "بعد" else ("من",))
        if anchored:
            return Match(i, anchored, None, None, self.clitic(i, form))
        value = granularity = None
        if self.anchor and n and (form != "بعد" or self.future or from_now):
            if name == "week" and form == "قبل" and n == 1:
                name, n = "day", 7  # «قبل أسبوع»: that day a week ago
            value, granularity = shift(self.anchor, name, n if form == "بعد" else -n)
        return Match(i, end, value, granularity, self.clitic(i, form))

    def recent_span(self, i: int) -> Match | None:
        """«خلال السنوات الثلاث الماضية», «في آخر خمس سنوات», «في اليومين الأخيرين»: a
        stretch of time up to the article's date, dated by where it starts (a year, or the
        week for a few days or weeks). Ahead of the article («خلال العامين المقبلين») it
        is kept undated."""
        lead = self.form(i, ("في", "خلال", "طوال"))
        j = i + 1
        if lead is None:
            if self.form(i, ("علي",)) is None or self.word(i + 1) not in ("مدي", "مدار"):
                return None
            lead, j = "علي", i + 2
        past = True
        if self.word(j) == "اخر":  # «في آخر خمس سنوات»
            count = _number(self.word(j + 1)) or number_words().get(self.word(j + 1))
            unit = time_units().get(self.word(j + 2))
            end = j + 3
        else:
            word = self.word(j)
            unit = time_units().get(word[2:]) if word.startswith("ال") else None
            end = j + 1
            count = unit[1] if unit else None
            counted = self.word(end)
            if counted.startswith("ال") and counted[2:] in number_words():
                count, end = number_words()[counted[2:]], end + 1
            side = self.word(end)
            if side not in _SPAN_PAST | _SPAN_FUTURE:
                return None
            past, end = side in _SPAN_PAST, end + 1
        if unit is None or not count:
            return None  # without a count: the vague forms of relative_time.tsv, or nothing
        value = granularity = None
        if past and self.anchor:
            name = unit[0]
            if name in ("day", "hour"):
                value, granularity = shift(self.anchor, "week", 0)
            elif name == "week":
                value, granularity = shift(self.anchor, "week", 1 - count)
            elif name in ("year", "decade"):
                value, granularity = shift(self.anchor, name, -count)
        return Match(i, end, value, granularity, self.clitic(i, lead))

    def event_after(self, i: int, links: tuple[str, ...]) -> int | None:
        """The end of «من/على + the event» at token i: «من إعلان الرئيس», «على اختطافهم»."""
        if self.word(i) not in links:
            return None
        end = self.event_phrase(i + 1)
        return end if end > i + 1 else None

    def event_phrase(self, i: int) -> int:
        """The end of a short noun phrase naming an event at token i (a few words, to a
        break)."""
        end = i
        while end < len(self.words) and end - i < _EVENT_WORDS and \
                self.words[end] not in _CLAUSE_BREAK and kind(self.words[end]) is None \
                and not (end > i and (self.words[end] in _FUNCTION_WORDS
                                      or self.form(end, start_words())
                                      or _number(self.words[end]) is not None)):
            end += 1  # up to a break, a preposition or another time expression
        return end

    def event_anchored(self, i: int) -> Match | None:
        """«غداة زيارة الوزير», «عشية الانتخابات», «منذ بدء الهجوم»: a time named by an
        event, kept without a value."""
        form = self.form(i, _EVENT_LEADS)
        j = i + 1
        if form is None:
            form = self.form(i, ("منذ",))
            if form is None or self.word(j) not in _EVENT_STARTS:
                return None
            j += 1
        end = self.event_phrase(j)
        if end == j:
            return None
        return Match(i, end, None, None, self.clitic(i, form))


def find_time_expressions(doc: Document, sentence: Sentence,
                          taken: SpanIndex) -> list[tuple[Match, TimeExpression]]:
    matcher = SentenceMatcher(doc, sentence)
    found = []
    i = 0
    while i < len(sentence.tokens):
        match = matcher.match_at(i)
        if match is None or match.end <= match.start:
            i += 1
            continue
        start = sentence.tokens[match.start].start + match.skip_chars
        end = sentence.tokens[match.end - 1].end
        if taken.covers(start, end):
            i = match.end
            continue  # part of a name («ثورة 25 يناير» when it is recognized as one)
        # granularity only with a value: an unresolved expression is just its text
        expr = TimeExpression(doc.text[start:end], start, end, match.value,
                              match.granularity if match.value else None)
        found.append((match, expr))
        i = match.end
    return found


_STRONG_BREAK = {".", "؛", ";", ":", "؟", "!", "«", "»", '"', "(", ")", "“", "”"}
_COMMA = {"،", ","}
_QUOTES = {"«", "»", '"', "“", "”"}
_ENDS = _STRONG_BREAK - _QUOTES - {")"}  # what a clause does not end with (it keeps «"الأخبار"»)
_QUOTED_NAME = 6
_RELATIVES = word_set("relatives")
_THIN_CLAUSE = 5  # content words: a relative clause this short takes its antecedent
_ANTECEDENT_WORDS = 4
# before a date, words that belong to it rather than to the event («ومطلع», «وذلك اعتبارا»)
_TIME_LEADS = word_set("time_leads")
# a clause with more words than these is cut at the nearest phrase edge instead
_CLAUSE_BEFORE = 10
_CLAUSE_LONGEST = 14  # a clause this long is shown whole, a longer one by its end
_CLAUSE_AFTER = 8  # words of a clause that follows the date opening it
_TAIL = 4  # words of the clause after a date that follows its verb


@functools.cache
def clause_words() -> dict[str, str]:
    """Complementizers and clause openers (generator/data/clause_words.tsv)."""
    return {normalize(r[0]): r[1] for r in read_table("clause_words.tsv")}


def kind(word: str) -> str | None:
    """A clause word's kind, with or without a conjunction on it («والذي», «فإن»)."""
    table = clause_words()
    return table.get(word if word in table else strip_conjunction(word, 3))


def _starts_clause(word: str) -> bool:
    """A word after a comma that begins a new clause: a conjunction on a verb or noun
    («، وقال», «، فيما»), or an opener («، الذي»)."""
    return kind(word) == "opener" or strip_conjunction(word, 3) != word


def _summary(doc: Document, sentence: Sentence, match: Match) -> tuple[int, int]:
    """The clause the expression dates, as whole words of the sentence.

    Arabic news puts the verb first and the date after its subject, often between commas
    («أعلن وزير الخارجية، فلان، الأحد، أن …»): so the clause runs back from the expression
    to the sentence start, a strong break, a complementizer (the reported speech after «أن»
    is another clause) or an opener (a relative pronoun, a conjunction after a comma).
    Commas inside it are appositions and do not end it, nor does a short quoted name. It
    runs on after the expression to the next break, a few words at most. When the
    expression opens its clause («في 19 مايو، قتل …») the clause is the words after it.
    """
    tokens = sentence.tokens
    words = [normalize(t.text) for t in tokens]
    quote = [w in _QUOTES for w in words]

    def content(lo: int, hi: int) -> int:
        return sum(1 for w in words[lo:hi] if w not in _STRONG_BREAK and w not in _COMMA)

    def trim_end(lo: int, hi: int, floor: int) -> int:
        """Back from hi past commas and prepositions: a clause never ends on «في»."""
        while hi > max(lo, floor) and (words[hi - 1] in _COMMA or words[hi - 1] in _ENDS
                                       or words[hi - 1] in _FUNCTION_WORDS):
            hi -= 1
        return hi

    cut = False

    def clause_start(lo: int, most: int = _CLAUSE_BEFORE) -> int:
        """Back from token lo to the start of its clause, at most ``most`` words."""
        nonlocal cut
        cut = False
        while lo > 0:
            w = words[lo - 1]
            if w == ")":
                # a short aside in brackets («شبكة (آي تي في)») is part of the clause
                opening = next((k for k in range(lo - 2, max(-1, lo - 2 - _QUOTED_NAME), -1)
                                if words[k] == "("), None)
                if opening is None or content(opening, match.start) > most:
                    break
                lo = opening
                continue
            if quote[lo - 1]:
                # a quoted name inside the clause («صحيفة "التايمز"»): skip to its opening
                opening = next((k for k in range(lo - 2, max(-1, lo - 2 - _QUOTED_NAME), -1)
                                if quote[k]), None)
                if opening is None or content(opening, match.start) > most:
                    break
                lo = opening
                continue
            if w in _STRONG_BREAK or kind(w) == "complementizer":
                break
            if kind(w) == "opener":
                lo -= 1
                break
            if w in _COMMA and lo < match.start and _starts_clause(words[lo]):
                break
            if content(lo - 1, match.start) > most:
                cut = True
                break
            lo -= 1
        while lo < match.start and (words[lo] in _COMMA or words[lo] in _STRONG_BREAK):
            lo += 1
        return lo

    lo = clause_start(match.start, _CLAUSE_LONGEST)
    if cut:
        lo = clause_start(match.start)  # too long to show whole: its last words
    lead = sum(1 for w in words[lo:match.start] if w not in _STRONG_BREAK and w not in _COMMA
               and kind(w) is None
               and not any(f in _FUNCTION_WORDS or f in _TIME_LEADS for f in bare_forms(w)))
    opens = lead < 1  # the expression opens its clause: the clause follows it
    hi = match.end
    parenthetical = match.start > 0 and words[match.start - 1] in _COMMA
    if (opens or parenthetical) and hi < len(tokens) and words[hi] in _COMMA:
        hi += 1  # «أعلنت الحكومة، الخميس، إرسال …»: the clause goes on after the date
    limit = _CLAUSE_AFTER if opens else _TAIL
    while hi < len(tokens) and words[hi] not in _STRONG_BREAK and words[hi] not in _COMMA \
            and kind(words[hi]) is None and content(match.end, hi + 1) <= limit:
        hi += 1
    hi = trim_end(lo, hi, match.end)
    if opens:
        lo = match.end
        while lo < hi and words[lo] in _COMMA:
            lo += 1
    elif hi == match.end:
        hi = trim_end(lo, match.start, 0)  # the clause ends with the date: stop before it
    outside = content(lo, hi) - content(max(lo, match.start), min(hi, match.end)) \
        if hi > lo else 0
    first = min(lo, match.start)
    if outside < 2 and first > 0:
        # only a particle or a name left of the clause («ثم بلجيكا عام 1845»), or nothing
        # after a date that opens it: the event is the clause before
        lo = clause_start(first - 1)
        if hi <= match.end:
            hi = trim_end(lo, match.start, 0)
    if 0 < lo < match.start and words[lo].removeprefix("و") in _RELATIVES and \
            content(lo, hi) - content(max(lo, match.start), min(hi, match.end)) < _THIN_CLAUSE:
        # «الانسحاب من العراق والذي يتوقع أن يكون …»: a thin relative clause says little
        # without the noun it describes, a few words back
        k = lo
        while k > 0 and lo - k < _ANTECEDENT_WORDS and words[k - 1] not in _STRONG_BREAK \
                and words[k - 1] not in _COMMA and kind(words[k - 1]) is None:
            k -= 1
        lo = k
    if hi <= lo:
        return tokens[match.start].start, tokens[match.end - 1].end
    return tokens[lo].start, tokens[hi - 1].end


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
            start, end = _summary(doc, sentence, match)
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
