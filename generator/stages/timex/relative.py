"""Rules for times the text places relative to the article's date or to an event:
«أمس», «الأسبوع الماضي», «قبل ثلاثة أيام», «خلال الأيام الماضية», «غداة الإعلان»."""

from __future__ import annotations

from ...clitics import bare_forms, strip_conjunction_and_preposition
from ...lexicon import lexicon
from .calendar import shift
from .clauses import kind
from .matcher import Match, Matcher, number_in
from .words import (
    CLAUSE_BREAK,
    EVENT_LEADS,
    EVENT_STARTS,
    EVENT_WORDS,
    FUNCTION_WORDS,
    SPAN_FUTURE,
    SPAN_PAST,
    UNIT_QUALIFIERS,
    YEAR_WORDS,
    number_words,
    relative_expressions,
    start_words,
    time_units,
    weekdays,
)


class RelativeRules(Matcher):
    """Expressions relative to the article's date, a stretch of time or an event."""

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
                return self.vague(i, end, self.clitic(i, first))
            if granularity == "day" and self.word(end) in weekdays():
                end += 1  # «اليوم السبت», «غدا الأحد»: one expression
            value, granularity = self.relative_value(granularity, offset)
            return Match(i, end, value, granularity, self.clitic(i, first))
        return None

    def vague(self, i: int, end: int, skip: int) -> Match:
        """«في وقت سابق (من) هذا الأسبوع»: one expression, dated by its second part."""
        after = end + 1 if self.word(end) in ("من", "،", ",") else end
        dated = self.match_at(after) if after < len(self.words) else None
        if dated and dated.value:
            return Match(i, dated.end, dated.value, dated.granularity, skip)
        if dated and after == end and not dated.anaphor:
            end = dated.end  # «سبعينيات القرن الماضي»: one vague expression
        return Match(i, end, None, None, skip)

    def relative_value(self, granularity: str,
                       offset: str) -> tuple[str | None, str | None]:
        """(value, granularity) of a relative expression on the article's date: an offset in
        units of its granularity, or the end or start of the article's year."""
        if not self.anchor:
            return None, granularity
        if offset == "end":
            return f"{self.anchor.year:04d}-12", "month"
        if offset == "start":
            return f"{self.anchor.year:04d}", "year"
        return shift(self.anchor, granularity, int(offset))

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
        if self.form(j, YEAR_WORDS) and self.year_at(j + 1):
            return None  # «منذ عام 2006» is a year
        count, j = self.count_at(j)
        unit = time_units().get(self.word(j))
        if unit is None:
            return None
        name, implied = unit
        n = count if count else implied
        end = j + 1
        if count is None and implied == 1 and (
                self.form(end, weekdays()) or number_in(self.word(end)) is not None):
            return None  # «منذ يوم الجمعة», «قبل يوم 5 مايو»: a day, not «a day ago»
        while self.word(end) in UNIT_QUALIFIERS:
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
            value, granularity = self.ago_value(form, name, n)
        return Match(i, end, value, granularity, self.clitic(i, form))

    def count_at(self, j: int) -> tuple[int | None, int]:
        """(the number at token j in digits or words, the index after it), or (None, j)."""
        count = number_in(self.word(j))
        if count is None:
            count = number_words().get(self.word(j))
        return count, j + 1 if count is not None else j

    def ago_value(self, form: str, unit: str, n: int) -> tuple[str | None, str | None]:
        """The date ``n`` units before («قبل», «منذ») or after («بعد») the article's date."""
        if unit == "week" and form == "قبل" and n == 1:
            unit, n = "day", 7  # «قبل أسبوع»: that day a week ago
        return shift(self.anchor, unit, n if form == "بعد" else -n)

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
            count = number_in(self.word(j + 1)) or number_words().get(self.word(j + 1))
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
            if side not in SPAN_PAST | SPAN_FUTURE:
                return None
            past, end = side in SPAN_PAST, end + 1
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
        while end < len(self.words) and end - i < EVENT_WORDS and \
                self.words[end] not in CLAUSE_BREAK and kind(self.words[end]) is None \
                and not (end > i and (self.words[end] in FUNCTION_WORDS
                                      or self.form(end, start_words())
                                      or number_in(self.words[end]) is not None)):
            end += 1  # up to a break, a preposition or another time expression
        return end

    def event_anchored(self, i: int) -> Match | None:
        """«غداة زيارة الوزير», «عشية الانتخابات», «منذ بدء الهجوم»: a time named by an
        event, kept without a value."""
        form = self.form(i, EVENT_LEADS)
        j = i + 1
        if form is None:
            form = self.form(i, ("منذ",))
            if form is None or self.word(j) not in EVENT_STARTS:
                return None
            j += 1
        end = self.event_phrase(j)
        if end == j:
            return None
        return Match(i, end, None, None, self.clitic(i, form))
