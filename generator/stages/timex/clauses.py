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
    tokens = sentence.tokens
    words = [normalize(t.text) for t in tokens]
    quote = [w in _QUOTES for w in words]

    def content(lo: int, hi: int) -> int:
        return sum(1 for w in words[lo:hi] if w not in _STRONG_BREAK and w not in _COMMA)

    def trim_end(lo: int, hi: int, floor: int) -> int:
        """Back from hi past commas and prepositions: a clause never ends on «في»."""
        while hi > max(lo, floor) and (words[hi - 1] in _COMMA or words[hi - 1] in _ENDS
                                       or words[hi - 1] in FUNCTION_WORDS):
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
               and not any(f in FUNCTION_WORDS or f in _TIME_LEADS for f in bare_forms(w)))
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
