"""The clause a date belongs to: the event's summary, as whole words of the sentence."""

from __future__ import annotations

import functools

from ...arabic import normalize
from ...clitics import bare_forms, strip_conjunction
from ...lexicon import read_table, word_set
from ...model import Document, Sentence
from .matcher import Match
from .words import FUNCTION_WORDS

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


class ClauseFinder:
    """A sentence's words and the moves that find the clause of the date ``match`` in it."""

    def __init__(self, sentence: Sentence, match: Match):
        self.tokens = sentence.tokens
        self.words = [normalize(t.text) for t in sentence.tokens]
        self.quote = [w in _QUOTES for w in self.words]
        self.match = match

    def content(self, lo: int, hi: int) -> int:
        """Words in [lo, hi) that are not punctuation."""
        return sum(1 for w in self.words[lo:hi] if w not in _STRONG_BREAK and w not in _COMMA)

    def outside(self, lo: int, hi: int) -> int:
        """Words of the clause [lo, hi) outside the expression."""
        m = self.match
        return self.content(lo, hi) - self.content(max(lo, m.start), min(hi, m.end)) \
            if hi > lo else 0

    def breaks(self, word: str) -> bool:
        return word in _STRONG_BREAK or word in _COMMA

    def trim_end(self, lo: int, hi: int, floor: int) -> int:
        """Back from hi past commas and prepositions: a clause never ends on «في»."""
        words = self.words
        while hi > max(lo, floor) and (words[hi - 1] in _COMMA or words[hi - 1] in _ENDS
                                       or words[hi - 1] in FUNCTION_WORDS):
            hi -= 1
        return hi

    def _opening(self, lo: int, is_open) -> int | None:
        """The token that opens the bracket or quotation closed at lo - 1, a few words back."""
        return next((k for k in range(lo - 2, max(-1, lo - 2 - _QUOTED_NAME), -1)
                     if is_open(k)), None)

    def _back_one(self, lo: int, most: int) -> tuple[int, str]:
        """One step back from lo: (new lo, "go" on, "stop" at a clause edge, or "cut" there
        because the clause would pass ``most`` words)."""
        w = self.words[lo - 1]
        if w == ")" or self.quote[lo - 1]:
            # a short aside in brackets («شبكة (آي تي في)») or a quoted name inside the
            # clause («صحيفة "التايمز"»): skip to its opening
            opening = self._opening(lo, (lambda k: self.words[k] == "(") if w == ")"
                                    else (lambda k: self.quote[k]))
            if opening is None or self.content(opening, self.match.start) > most:
                return lo, "stop"
            return opening, "go"
        if w in _STRONG_BREAK or kind(w) == "complementizer":
            return lo, "stop"
        if kind(w) == "opener":
            return lo - 1, "stop"
        if w in _COMMA and lo < self.match.start and _starts_clause(self.words[lo]):
            return lo, "stop"
        if self.content(lo - 1, self.match.start) > most:
            return lo, "cut"
        return lo - 1, "go"

    def clause_start(self, lo: int, most: int = _CLAUSE_BEFORE) -> tuple[int, bool]:
        """(start of the clause of token lo, whether it was cut at ``most`` words)."""
        status = "go"
        while lo > 0 and status == "go":
            lo, status = self._back_one(lo, most)
        while lo < self.match.start and self.breaks(self.words[lo]):
            lo += 1
        return lo, status == "cut"

    def lead_words(self, lo: int) -> int:
        """Words between lo and the expression that belong to the event, not the date."""
        return sum(1 for w in self.words[lo:self.match.start] if not self.breaks(w)
                   and kind(w) is None
                   and not any(f in FUNCTION_WORDS or f in _TIME_LEADS for f in bare_forms(w)))

    def clause_end(self, lo: int, opens: bool) -> int:
        """End of the clause after the expression: to the next break, a few words at most."""
        m, words = self.match, self.words
        hi = m.end
        parenthetical = m.start > 0 and words[m.start - 1] in _COMMA
        if (opens or parenthetical) and hi < len(words) and words[hi] in _COMMA:
            hi += 1  # «أعلنت الحكومة، الخميس، إرسال …»: the clause goes on after the date
        limit = _CLAUSE_AFTER if opens else _TAIL
        while hi < len(words) and not self.breaks(words[hi]) and kind(words[hi]) is None \
                and self.content(m.end, hi + 1) <= limit:
            hi += 1
        return self.trim_end(lo, hi, m.end)

    def settle(self, lo: int, hi: int, opens: bool) -> tuple[int, int]:
        """The clause after a date that opens it; the clause before when little is left."""
        m = self.match
        if opens:
            lo = m.end
            while lo < hi and self.words[lo] in _COMMA:
                lo += 1
        elif hi == m.end:
            hi = self.trim_end(lo, m.start, 0)  # the clause ends with the date: stop before it
        first = min(lo, m.start)
        if self.outside(lo, hi) < 2 and first > 0:
            # only a particle or a name left of the clause («ثم بلجيكا عام 1845»), or nothing
            # after a date that opens it: the event is the clause before
            lo, _ = self.clause_start(first - 1)
            if hi <= m.end:
                hi = self.trim_end(lo, m.start, 0)
        return lo, hi

    def with_antecedent(self, lo: int, hi: int) -> int:
        """«الانسحاب من العراق والذي يتوقع أن يكون …»: a thin relative clause says little
        without the noun it describes, a few words back."""
        words = self.words
        if not (0 < lo < self.match.start and words[lo].removeprefix("و") in _RELATIVES
                and self.outside(lo, hi) < _THIN_CLAUSE):
            return lo
        k = lo
        while k > 0 and lo - k < _ANTECEDENT_WORDS and not self.breaks(words[k - 1]) \
                and kind(words[k - 1]) is None:
            k -= 1
        return k


def event_clause(doc: Document, sentence: Sentence, match: Match) -> tuple[int, int]:
    """The clause the expression dates, as whole words of the sentence.

    Arabic news puts the verb first and the date after its subject, often between commas
    («أعلن وزير الخارجية، فلان، الأحد، أن …»): so the clause runs back from the expression
    to the sentence start, a strong break, a complementizer (the reported speech after «أن»
    is another clause) or an opener (a relative pronoun, a conjunction after a comma).
    Commas inside it are appositions and do not end it, nor does a short quoted name. It
    runs on after the expression to the next break, a few words at most. When the
    expression opens its clause («في 19 مايو، قتل …») the clause is the words after it.
    """
    finder = ClauseFinder(sentence, match)
    lo, cut = finder.clause_start(match.start, _CLAUSE_LONGEST)
    if cut:
        lo, _ = finder.clause_start(match.start)  # too long to show whole: its last words
    opens = finder.lead_words(lo) < 1  # the expression opens its clause: the clause follows
    lo, hi = finder.settle(lo, finder.clause_end(lo, opens), opens)
    lo = finder.with_antecedent(lo, hi)
    tokens = sentence.tokens
    if hi <= lo:
        return tokens[match.start].start, tokens[match.end - 1].end
    return tokens[lo].start, tokens[hi - 1].end
