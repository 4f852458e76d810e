"""Stage 5, chronology: adds ``doc.events``, each dated by a normalized time expression.

Expressions: day + month (+ year) in Gregorian (every regional month name) and Hijri
calendars, numeric dates, weekdays, months, years, and relative expressions, all anchored on
the article's date from front matter. Without an article date, anything relative keeps
``value = None``: the date is never guessed.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

from hijridate import Gregorian, Hijri

from ..arabic import normalize, strip_conjunction_and_preposition
from ..lexicon import lexicon, read_lines, read_table
from ..model import Document, Event, Sentence, TimeExpression
from ..spans import SpanIndex

_DIGITS = re.compile(r"^\d+$")
_PAST_WORDS = {"الماضي", "الماضيه", "المنصرم", "المنصرمه", "الفائت"}
_FUTURE_WORDS = {"المقبل", "المقبله", "القادم", "القادمه"}
_CURRENT_WORDS = {"الجاري", "الحالي", "الجاريه", "الحاليه"}
_YEAR_WORDS = {"عام", "العام", "سنه", "السنه", "عامي"}
_MONTH_WORD = {"شهر"}
# Before a bare year («في 2024», «منذ 1990»); and words that may follow one.
_YEAR_LEADS = {"في", "منذ", "حتي", "من", "الي", "بين", "قبل", "بعد", "خلال", "عامي", "عام",
               "و", "مطلع", "نهايه", "بدايه", "العامين", "عامين", "اتفاق", "انتخابات"}
_YEAR_LINKS = {"و", "الي", "حتي", "م"}
_FUNCTION_WORDS = {"بين", "في", "علي", "من", "الي", "مع", "عندما", "حين", "الذي", "التي", "ضد",
                   "حتي", "و", "او", "ثم", "بعد", "قبل", "عن"}
# Words before a bare month name that make it a month, not a homonym («في مارس»).
_MONTH_LEADS = {"في", "منذ", "خلال", "حتي", "بدايه", "مطلع", "اواخر", "اوائل", "نهايه",
                "منتصف", "اواسط"}
_DAY_WORD = {"يوم"}
_CLAUSE_BREAK = {"،", ",", ".", "؛", ";", ":", "؟", "!", "(", ")", "«", "»", '"'}
_SUMMARY_TOKENS = 8
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
    words |= {part[0] for part in day_parts()}
    words |= _MONTH_WORD | _DAY_WORD | _YEAR_WORDS | {"قبل", "منذ", "الساعه", "ساعه"}
    return frozenset(words)


@functools.cache
def future_verbs() -> frozenset[str]:
    """س + present-tense verbs, derived from unlabeled news (generator/derive.py)."""
    return frozenset(read_lines("future_verbs.txt"))


@functools.cache
def day_parts() -> list[tuple[str, ...]]:
    parts = {tuple(normalize(w).split()) for w in read_lines("day_parts.txt")}
    return sorted(parts, key=lambda p: -len(p))


def is_future_word(word: str) -> bool:
    """A future marker («سوف», «المقبل») or a verb with the future prefix (سيعقد، ستبدأ)."""
    return any(f in future_markers() or f in future_verbs() for f in _bare(word))


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


def year_for(anchor: dt.date, month: int, day: int | None, future: bool) -> int | None:
    """The year for a date written without one.

    In a sentence about the future: the first such date on or after the article's date.
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
    if future:
        after = [c for c in candidates if c >= ref]
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


@functools.lru_cache(maxsize=1 << 16)
def _bare(word: str) -> tuple[str, ...]:
    """A normalized word and its forms without a leading و/ف/ب/ل/ك (one or two letters)."""
    forms = [word]
    if len(word) > 2 and word[0] in "وف":
        forms.append(word[1:])
        if len(word) > 3 and word[1] in "بلك":
            forms.append(word[2:])
    if len(word) > 2 and word[0] in "بلك":
        forms.append(word[1:])
    return tuple(forms)


_ATTACHED_NUMBER = re.compile(r"^(?:في|بـ?|لـ?|و|ف)(\d{1,4})$")


def _number(word: str) -> int | None:
    """A number written alone or attached to a preposition («في18», «بـ2018»)."""
    for form in _bare(word):
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
        return next((f for f in _bare(self.word(i)) if f in vocabulary), None)

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
            for first in _bare(parts[0]):
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
                 or self.bare_year(i))
        if match and match.granularity == "day":
            match = self.with_day_part(match)
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
            first = next((f for f in _bare(words[0]) if f == part[0]), None)
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
        day = self.weekday(end)
        if day:
            return Match(i, day.end, day.value, "day", self.clitic(i, self.words[i]))
        value = self.anchor.isoformat() if self.anchor else None
        return Match(i, end, value, "day")

    def bare_year(self, i: int) -> Match | None:
        """A year alone after a preposition: «في 2024», «منذ 1990», «و2005»."""
        word = self.word(i)
        n = _number(word)
        if n is None or not 1900 <= n <= 2099 or len(word.lstrip("وفبل")) != 4:
            return None
        before = self.word(i - 1)
        after = self.word(i + 1)
        if after in _YEAR_LINKS or after[:1] in ("", "-", "–", ")", "(", "،", ",", ".", "؛") \
                or before in ("(", "-", "–") or (before == "و" and self.year_at(i - 2)):
            led = True  # a year alone, in a range or in brackets: «(1950-1953)», «و2005»
        else:
            led = self.form(i - 1, _YEAR_LEADS) is not None
            # «نحو 2000 شخص»: a count, not a year; «اتفاق 2015 بين»: a year
            if after not in _FUNCTION_WORDS:
                led = led and not after[:1].isalpha()
        return Match(i, i + 1, f"{n:04d}", "year", len(word) - 4) if led else None

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

    def day_month(self, i: int) -> Match | None:
        day = _number(self.word(i))
        if day is None or not 1 <= day <= 31 or len(self.word(i).lstrip("فيبلو")) > 2:
            return None
        month = self.month_at(i + 1)
        if not month:
            return None
        end, info, _ = month
        end = self.skip_alt_month(end)
        year_match = self.year_after(end)
        year = None
        if year_match:
            end, year = year_match
        hijri = info.calendar == "hijri"
        if self.word(end) in ("ه", "هـ") or self.word(end).startswith("هجري"):
            end += 1
        value = None
        if hijri:
            if year is None and self.anchor:
                year = hijri_year_for(self.anchor, info.number, day, self.future)
            g = hijri_to_gregorian(year, info.number, day) if year else None
            value = g.isoformat() if g else None
        else:
            if year is None and self.anchor:
                year = year_for(self.anchor, info.number, day, self.future)
            try:
                value = dt.date(year, info.number, day).isoformat() if year else None
            except ValueError:
                value = None
        skip = len(self.tokens[i].text) - len(str(day)) if not self.tokens[i].text.isdigit() \
            else 0
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
        day = weekday_date(self.anchor, number, direction) if self.anchor else None
        value = day.isoformat() if day else None
        return Match(i, end, value, "day", skip)

    def month_year(self, i: int) -> Match | None:
        start = i
        month_word = self.form(i, _MONTH_WORD)
        j = i + 1 if month_word else i
        month = self.month_at(j)
        if not month:
            return None
        end, info, clitic = month
        end = self.skip_alt_month(end)
        year_match = self.year_after(end)
        anchored = self.word(end) in _PAST_WORDS | _FUTURE_WORDS | _CURRENT_WORDS or any(
            f in _MONTH_LEADS for f in _bare(self.word(start - 1)))
        if not (month_word or year_match or anchored):
            return None  # «حرب أكتوبر», «ثورة يناير»: a name, not a date
        skip = self.clitic(start, month_word) if month_word else clitic
        if info.calendar == "hijri":
            year = year_match[1] if year_match else None
            g = hijri_to_gregorian(year, info.number, 1) if year else None
            value = f"{g.year:04d}-{g.month:02d}" if g else None
            return Match(start, year_match[0] if year_match else end, value,
                         "month" if value else None, skip)
        if year_match:
            return Match(start, year_match[0], f"{year_match[1]:04d}-{info.number:02d}",
                         "month", skip)
        future = self.future
        if self.word(end) in _PAST_WORDS:
            future, end = False, end + 1
        elif self.word(end) in _FUTURE_WORDS:
            future, end = True, end + 1
        elif self.word(end) in _CURRENT_WORDS:
            end += 1
        if not self.anchor:
            return Match(start, end, None, "month", skip)
        year = year_for(self.anchor, info.number, None, future)
        if self.word(end - 1) in _PAST_WORDS and year == self.anchor.year and \
                info.number == self.anchor.month:
            year -= 1
        return Match(start, end, f"{year:04d}-{info.number:02d}" if year else None, "month",
                     skip)

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
        candidates = [(first, row) for first in _bare(self.words[i])
                      for row in index.get(first, ())]
        candidates.sort(key=lambda c: -len(c[1][0]))
        for first, (phrase, granularity, offset) in candidates:
            n = len(phrase)
            if tuple(self.words[i + 1:i + n]) != phrase[1:]:
                continue
            if phrase == ("اليوم",) and self.not_today(i):
                return None
            end = i + n
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
        """«قبل ثلاثة أيام», «منذ يومين», «قبل 5 سنوات»."""
        form = self.form(i, ("قبل", "منذ"))
        if form is None:
            return None
        j = i + 1
        while self.word(j) in ("اكثر", "اقل", "نحو", "حوالي", "قرابه", "من"):
            j += 1  # «منذ أكثر من», «قبل نحو»
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
        if not n:
            return None
        end = j + 1
        value = granularity = None
        if self.anchor:
            value, granularity = shift(self.anchor, name, -n)
        elif name:
            granularity = "day" if name == "hour" else name
        return Match(i, end, value, granularity, self.clitic(i, form))


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


_STRONG_BREAK = {".", "؛", ";", ":", "؟", "!", "«", "»", '"'}


def _summary(doc: Document, sentence: Sentence, match: Match) -> tuple[int, int]:
    """The clause the expression dates: the words before it back to a clause break (the
    verb and its subject, usually), and the words after it when that is short. A comma
    next to the expression («أعلنت مصر، الخميس، …») does not end the clause."""
    tokens = sentence.tokens
    lo = match.start
    if lo > 0 and tokens[lo - 1].text in ("،", ","):
        lo -= 1
    while lo > 0 and tokens[lo - 1].text not in _CLAUSE_BREAK and \
            match.start - lo < _SUMMARY_TOKENS:
        lo -= 1
    hi = match.end
    short = sum(1 for t in tokens[lo:match.start] if t.text not in _CLAUSE_BREAK) < 3
    if hi < len(tokens) and tokens[hi].text in ("،", ",") and short:
        hi += 1
    limit = _SUMMARY_TOKENS if short else 3
    while hi < len(tokens) and tokens[hi].text not in _CLAUSE_BREAK and \
            hi - match.end < limit:
        hi += 1
    while lo < match.start and tokens[lo].text in _CLAUSE_BREAK:
        lo += 1
    while hi > match.end and tokens[hi - 1].text in _CLAUSE_BREAK:
        hi -= 1
    return tokens[lo].start, tokens[hi - 1].end


def build_chronology(doc: Document) -> Document:
    """Adds ``doc.events`` in text order, ids e1, e2, …"""
    if doc.dir != "rtl":
        return doc
    taken = SpanIndex((m.start, m.end, a.id) for a in doc.actors for m in a.mentions)
    events = []
    seen: set[tuple[str, str | None, str]] = set()
    for sentence in doc.sentences:
        for match, expr in find_time_expressions(doc, sentence, taken):
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
