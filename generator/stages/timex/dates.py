"""Rules for dates the text names: day and month (Gregorian or Hijri, with a year or
not), numeric dates, clock times, weekdays, months and years."""

from __future__ import annotations

import datetime as dt
import re

from ...clitics import bare_forms
from .calendar import hijri_to_gregorian, hijri_year_for, weekday_date, year_for
from .matcher import Match, Matcher, number_in
from .words import (
    CLAUSE_BREAK,
    CURRENT_WORDS,
    DAY_PART_WORDS,
    DAY_WORD,
    FUNCTION_WORDS,
    FUTURE_WORDS,
    MONTH_LEADS,
    MONTH_WORD,
    PAST_WORDS,
    PRAYER_WORDS,
    STRONG_YEAR_LEADS,
    YEAR_LEADS,
    YEAR_LINKS,
    YEAR_WORDS,
    Month,
    time_units,
    weekdays,
)


class DateRules(Matcher):
    """Expressions that name a calendar date or a part of one."""

    def clock(self, i: int) -> Match | None:
        """«الساعة 05,55 بالتوقيت المحلي», «20,55 بتوقيت غرينتش الخميس»: that day."""
        j = i
        has_hour_word = self.form(i, ("الساعه", "ساعه")) is not None
        if has_hour_word:
            j += 1
        hour = number_in(self.word(j))
        if hour is None or hour > 24:
            return None
        end = j + 1
        if self.word(end) in (",", ":", "،", ".") and number_in(self.word(end + 1)) is not None:
            end += 2
        elif not has_hour_word:
            return None
        zone = False
        if self.form(end, ("بالتوقيت", "بتوقيت", "توقيت")):
            zone = True
            end += 1
            while end < len(self.words) and self.words[end] not in CLAUSE_BREAK and \
                    self.words[end] not in weekdays() and end - i < 8 and (
                    self.words[end].startswith("ال") or self.words[end] in ("غرينتش",
                                                                            "غرينيتش")):
                end += 1
        if not (has_hour_word or zone):
            return None
        # the day after the time, past a part of it: «الساعة 1:14 ظهر 2 أكتوبر»
        after = end + 1 if self.form(end, DAY_PART_WORDS) else end
        day = self.weekday(after) or self.day_month(after)
        if day:
            return Match(i, day.end, day.value, "day", self.clitic(i, self.words[i]))
        value = self.anchor.isoformat() if self.anchor else None
        return Match(i, end, value, "day")

    def bare_year(self, i: int) -> Match | None:
        """A year alone after a preposition: «في 2024», «منذ 1990», «و2005», «في1967»."""
        word = self.word(i)
        n = number_in(word)
        digits = len(re.sub(r"\D", "", word))
        if n is None or not 1000 <= n <= 2099 or digits != 4:
            return None
        before = self.word(i - 1)
        after = self.word(i + 1)
        clitic = len(self.tokens[i].text) - 4
        # «في 2008 أزالها»: a year even before a word, unless that word counts it
        # («منذ 2000 عام»; «في 1500 منزل» is rare enough below 1800)
        if (word[:2] in ("في", "بـ", "لـ") or self.form(i - 1, STRONG_YEAR_LEADS)) and \
                time_units().get(after) is None and (n >= 1800 or before == "منذ"):
            return Match(i, i + 1, f"{n:04d}", "year", clitic)
        if n < 1900:
            return None
        if after in YEAR_LINKS or after[:1] in ("", "-", "–", ")", "(", "،", ",", ".", "؛") \
                or before in ("(", "-", "–") or (before == "و" and self.year_at(i - 2)):
            led = True  # a year alone, in a range or in brackets: «(1950-1953)», «و2005»
        else:
            led = self.form(i - 1, YEAR_LEADS) is not None
            # «نحو 2000 شخص»: a count, not a year; «اتفاق 2015 بين»: a year
            if after not in FUNCTION_WORDS:
                led = led and not after[:1].isalpha()
        return Match(i, i + 1, f"{n:04d}", "year", clitic) if led else None

    def numeric_date(self, i: int) -> Match | None:
        w = self.words
        if i + 4 >= len(w) or number_in(w[i]) is None:
            return None
        a, b, c = number_in(w[i]), number_in(w[i + 2]) if i + 2 < len(w) else None, number_in(
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
        first = self.day_number(i)
        if first is None:
            return None
        day, j = first
        if self.word(j - 1) != "من":
            j = self.day_range_end(j)
            if self.word(j) == "من":
                j += 1  # «14 من أبريل»
        if self.form(j, MONTH_WORD):
            j += 1  # «14 من شهر أبريل»
        month = self.month_at(j)
        if not month:
            return None
        end, info, _ = month
        end = self.skip_alt_month(end)
        if self.word(end) == "من" and self.form(end + 1, YEAR_WORDS):
            end += 1  # «10 سبتمبر من عام 1991»
        year_match = self.year_after(end)
        year = None
        future, past = self.future, False
        if year_match:
            end, year = year_match
        elif self.word(end) in PAST_WORDS | FUTURE_WORDS | CURRENT_WORDS:
            # «19 أبريل الماضي», «3 مايو المقبل»: the word says which side of the article
            past = self.word(end) in PAST_WORDS
            future = self.word(end) in FUTURE_WORDS or (
                self.future and self.word(end) in CURRENT_WORDS)
            end += 1
        if self.word(end) in ("ه", "هـ") or self.word(end).startswith("هجري"):
            end += 1
        value = self.day_value(info, day, year, future, past)
        token = self.tokens[i].text
        skip = len(token) - len(str(day)) if number_in(self.word(i)) is not None and \
            not token.isdigit() else self.clitic(i, bare_forms(self.word(i))[-1])
        match = Match(i, end, value, "day", skip)
        return self.dual(match)

    def day_value(self, month: Month, day: int, year: int | None, future: bool,
                  past: bool) -> str | None:
        """The ISO date of a day of a month (Gregorian or Hijri), in the year the text gives
        or else the one the article's date and the tense make likely."""
        if month.calendar == "hijri":
            if year is None and self.anchor:
                year = hijri_year_for(self.anchor, month.number, day, future)
            g = hijri_to_gregorian(year, month.number, day) if year else None
            return g.isoformat() if g else None
        if year is None and self.anchor:
            year = year_for(self.anchor, month.number, day, future, past)
        try:
            return dt.date(year, month.number, day).isoformat() if year else None
        except ValueError:
            return None

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

    def weekday(self, i: int) -> Match | None:
        day_word = self.form(i, DAY_WORD)
        j = i + 1 if day_word else i
        form = self.form(j, weekdays())
        if form is None:
            return None
        number = weekdays()[form]
        if form == "الجمعه" and not day_word and self.form(i - 1, PRAYER_WORDS):
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
        if self.word(end) in PAST_WORDS:
            direction, end = "last", end + 1
        elif self.word(end) in FUTURE_WORDS:
            direction, end = "next", end + 1
        if self.word(end) in ("الي", "حتي") and self.form(end + 1, weekdays()):
            end += 2  # «ليل السبت إلى الأحد»: one night, dated by its first day
        day = weekday_date(self.anchor, number, direction) if self.anchor else None
        value = day.isoformat() if day else None
        return Match(i, end, value, "day", skip)

    def month_year(self, i: int) -> Match | None:
        start = i
        month_word = self.form(i, MONTH_WORD)
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
        anchored = self.word(end) in PAST_WORDS | FUTURE_WORDS | CURRENT_WORDS or any(
            f in MONTH_LEADS for f in bare_forms(self.word(start - 1)))
        if not (month_word or year_match or anchored):
            return None  # «حرب أكتوبر», «ثورة يناير»: a name, not a date
        skip = self.clitic(start, month_word) if month_word else clitic
        future = self.future
        past = False
        if year_match:
            end = year_match[0]
        elif self.word(end) in PAST_WORDS:
            future, past, end = False, True, end + 1
        elif self.word(end) in FUTURE_WORDS:
            future, end = True, end + 1
        elif self.word(end) in CURRENT_WORDS:
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

    def year(self, i: int) -> Match | None:
        form = self.form(i, YEAR_WORDS)
        if form is None:
            return None
        year_match = self.year_at(i + 1)
        if not year_match:
            return None
        return Match(i, year_match[0], f"{year_match[1]:04d}", "year", self.clitic(i, form))
