"""A sentence's words as the expression rules read them: the normalized words, their
forms without clitics, and the pieces every rule shares (month names, years, day numbers)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...arabic import normalize
from ...clitics import bare_forms
from ...model import Document, Sentence
from .calendar import hijri_to_gregorian, hijri_year_for
from .words import (
    CURRENT_WORDS,
    DIGITS,
    FIRST_GREGORIAN_YEAR,
    FUTURE_WORDS,
    PAST_WORDS,
    YEAR_END_LEADS,
    YEAR_START_LEADS,
    YEAR_WORDS,
    Month,
    day_parts,
    is_future_word,
    months,
    ordinal_days,
)


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


def number_in(word: str) -> int | None:
    """A number written alone or attached to a preposition («في18», «بـ2018»)."""
    for form in bare_forms(word):
        if DIGITS.match(form):
            return int(form)
    attached = _ATTACHED_NUMBER.match(word)
    return int(attached.group(1)) if attached else None


class Matcher:
    """A sentence's tokens and words, and the pieces the rules share."""

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
        if self.form(i, YEAR_WORDS) and (match := self.year_at(i + 1)):
            return match
        return self.year_at(i)

    def year_at(self, i: int) -> tuple[int, int] | None:
        n = number_in(self.word(i))
        if n is not None and 1000 <= n <= 2200 and len(self.word(i)) <= 5:
            end = i + 1
            if self.word(end) in ("م", "ميلادي", "ميلاديه"):
                end += 1
            return end, n
        return None

    def with_year_part(self, match: Match) -> Match:
        """«أواخر 2015», «بنهاية العام الماضي»: the last month of that year; «أوائل 2015»:
        its first."""
        for k in (match.start - 1, match.start - 2):
            lead = self.form(k, YEAR_END_LEADS | YEAR_START_LEADS)
            if lead and (k == match.start - 1 or self.word(k + 1) in ("من", "عام", "العام")):
                month = "12" if lead in YEAR_END_LEADS else "01"
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

    def day_number(self, i: int) -> tuple[int, int] | None:
        """(day, end) of a day of the month at token i: «19», «في19», «السادس من»."""
        day = number_in(self.word(i))
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

    def is_gregorian_month(self, i: int) -> bool:
        month = self.month_at(i)
        return bool(month and month[1].calendar == "gregorian")

    def year_phrase(self, i: int) -> tuple[int, int] | None:
        """(end, year) of «2017», «عام 2017» or «العام الماضي» at token i."""
        if (found := self.year_after(i)) is not None:
            return found
        if not self.anchor:
            return None
        if self.form(i, YEAR_WORDS) and (side := self.word(i + 1)) and (
                side in PAST_WORDS | FUTURE_WORDS | CURRENT_WORDS):
            offset = -1 if side in PAST_WORDS else 1 if side in FUTURE_WORDS else 0
            return i + 2, self.anchor.year + offset
        return None

    def hijri_month(self, month: int, year_match: tuple[int, int] | None,
                    future: bool) -> tuple[str | None, str | None]:
        """A Hijri month as the Gregorian month it starts in: «رمضان 1439», «رمضان الحالي»
        (the last one begun by the article's date, or the next one in a plan). «رمضان
        2018» names a Gregorian year: that year."""
        year = year_match[1] if year_match else None
        if year is not None and year >= FIRST_GREGORIAN_YEAR:
            return f"{year:04d}", "year"
        if year is None and self.anchor:
            year = hijri_year_for(self.anchor, month, 1, future)
        g = hijri_to_gregorian(year, month, 1) if year else None
        return (f"{g.year:04d}-{g.month:02d}", "month") if g else (None, None)
