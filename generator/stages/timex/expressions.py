"""Time expressions of a sentence: every rule tried at each token, the longest match kept."""

from __future__ import annotations

from ...model import Document, Sentence, TimeExpression
from ...spans import SpanIndex
from .dates import DateRules
from .matcher import Match, number_in
from .relative import RelativeRules
from .words import TENSE_WINDOW, start_words


class SentenceMatcher(DateRules, RelativeRules):
    """Finds time expressions in one sentence's tokens."""

    def match_at(self, i: int) -> Match | None:
        if not (self.form(i, start_words()) or number_in(self.word(i)) is not None):
            return None  # most words cannot start a time expression: skip the matchers
        # the tense that matters is the verb's, which mostly comes just before the date
        self.future = any(self.future_at[max(0, i - TENSE_WINDOW):i + 2])
        match = (self.numeric_date(i) or self.clock(i) or self.day_month(i) or self.weekday(i)
                 or self.month_year(i) or self.year(i) or self.relative(i) or self.ago(i)
                 or self.bare_year(i) or self.event_anchored(i) or self.recent_span(i))
        if match and match.granularity == "day":
            match = self.with_day_part(match)
        elif match and match.granularity == "year" and match.value:
            match = self.with_year_part(match)
        return match


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
