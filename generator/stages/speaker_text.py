"""What the text says about a quote's speaker: gender and number from titles, verbs and
names; the verb's subject as written; names after a title; where mentions are (offsets to
sentences and tokens)."""

from __future__ import annotations

import bisect

from ..arabic import normalize
from ..clitics import has_article
from ..lexicon import lexicon, word_set, word_tuple
from ..model import Actor, Document, Mention, Sentence, Token

CONTEXT_SENTENCES = 3  # candidates come from the quote's sentence and up to 3 before it
PREPOSITIONS = word_set("prepositions")
_PLURAL_SOURCES = word_tuple("plural_sources")
_AUXILIARIES = word_set("auxiliaries")
_SAYING_M = word_tuple("saying_m")
_SAYING_F = word_tuple("saying_f")
_SAYING = {word: gender for gender, words in (("m", _SAYING_M), ("f", _SAYING_F))
           for word in words}
STATEMENT_WORDS = word_set("statement_words")


def person_gender(doc: Document, actor: Actor) -> str:
    """«f», «m» or «?» for a person, from what the text says around the mentions: a title
    before one («الوزيرة», «المستشارة الألمانية» — a word with the article ending in ة is
    feminine, «السفير» masculine), a reporting verb right before one («قالت ميركل»), or a
    first name ending in ة/اء («فاطمة», «أسماء»)."""
    votes = {"f": 0, "m": 0}
    titles = lexicon().person_titles
    for m in actor.mentions:
        before = doc.text[max(0, m.start - 40):m.start].split()
        if not before:
            continue
        cue = _cue_of(before[-1])
        if cue is not None and cue.gender in votes:
            votes[cue.gender] += 1
        for k, word in enumerate(before[-2:]):
            w = normalize(word).lstrip("وف")
            if w in titles:
                votes["f" if w.endswith("ه") else "m"] += 1
            elif k == len(before[-2:]) - 1 and w.startswith("ال") and w.endswith("يه"):
                votes["f"] += 1  # «المستشارة الألمانية أنغيلا ميركل»
        # «نقلت عن فلان قوله …» / «… قولها»: the pronoun after the name
        after = normalize(doc.text[m.end:m.end + 12].lstrip(" ،,")).split()[:1]
        if after and after[0] in _SAYING:
            votes[_SAYING[after[0]]] += 1
    first = normalize(actor.name.split()[0])
    if first.endswith(("ه", "اء")) and not first.endswith("الله"):
        votes["f"] += 1
    if votes["f"] > votes["m"]:
        return "f"
    return "m" if votes["m"] > votes["f"] else "?"


def label_gender(label: str) -> str:
    head = normalize(label.split()[0]) if label.split() else ""
    head = head[2:] if head.startswith("ال") else head
    if head in _PLURAL_SOURCES or head.endswith(("ون", "ين")):
        return "p"
    return "f" if head.endswith("ه") else "m"


class Positions:
    """Maps a character offset to (sentence index, token index)."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.starts = [s.start for s in doc.sentences]
        self.token_starts = [[t.start for t in s.tokens] for s in doc.sentences]
        # indexed once, so that each quote looks only at its own few sentences (work stays
        # linear in the article's length)
        self.order = {a.id: i for i, a in enumerate(doc.actors)}
        self.by_sentence: list[list[tuple[Actor, Mention]]] = [[] for _ in doc.sentences]
        for actor in doc.actors:
            for m in actor.mentions:
                self.by_sentence[self.sentence_of(m.start)].append((actor, m))
        self.mention_starts = sorted(m.start for a in doc.actors for m in a.mentions)
        self.person_starts = sorted(m.start for a in doc.actors if a.type == "person"
                                    for m in a.mentions)

    def mentions_in(self, lo: int, hi: int) -> dict[str, tuple[Actor, list[Mention]]]:
        """The actors mentioned in sentences ``lo``..``hi``, in actor order, with those
        mentions in text order."""
        found: dict[str, tuple[Actor, list[Mention]]] = {}
        for si in range(lo, hi + 1):
            for actor, m in self.by_sentence[si]:
                found.setdefault(actor.id, (actor, []))[1].append(m)
        return dict(sorted(found.items(), key=lambda item: self.order[item[0]]))

    @staticmethod
    def _starts_in(starts: list[int], lo: int, hi: int) -> bool:
        i = bisect.bisect_left(starts, lo)
        return i < len(starts) and starts[i] < hi

    def covered(self, token: Token) -> bool:
        """Whether an actor's mention starts inside ``token``."""
        return self._starts_in(self.mention_starts, token.start, token.end)

    def person_at(self, tokens: list[Token]) -> bool:
        """Whether a person's mention starts inside one of ``tokens``."""
        return any(self._starts_in(self.person_starts, t.start, t.end) for t in tokens)

    def sentence_of(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self.starts, offset) - 1)

    def token_of(self, si: int, offset: int) -> int:
        return max(0, bisect.bisect_right(self.token_starts[si], offset) - 1)


def word_at(sentence: Sentence, i: int) -> str:
    return normalize(sentence.tokens[i].text) if 0 <= i < len(sentence.tokens) else ""


_PHRASE_STOPS = word_set("phrase_stops")


def subject_word(sentence: Sentence, k: int) -> bool:
    """A word that can be part of a subject noun phrase."""
    raw = sentence.tokens[k].text
    w = normalize(raw)
    # a word with an attached pronoun («حسابه», «فيه») is no subject's name
    if raw.endswith(("ه", "ها", "هم", "هما")) and not w.startswith("ال") and len(w) > 2:
        return False
    return (any(ch.isalpha() for ch in w) and w not in _PHRASE_STOPS and w not in PREPOSITIONS
            and w not in lexicon().time_words and not w.startswith(("لل", "بال", "ان", "بان"))
            and len(w) > 1)


def subject_phrases(doc: Document, sentence: Sentence, cue: int) -> list[tuple[int, str]]:
    """The words right after the cue verb (VSO) and right before it (SVO), up to four, that
    stop at a preposition, a clitic preposition, «أن», a relative pronoun, punctuation or a
    time word: (first token, verbatim phrase)."""
    if cue < 0:
        return []
    tokens = sentence.tokens

    def word_ok(k: int) -> bool:
        return subject_word(sentence, k)

    out = []
    hi = cue + 1
    while hi < len(tokens) and hi - cue <= 4 and word_ok(hi):
        hi += 1
    if hi > cue + 1:
        out.append((cue + 1, doc.text[tokens[cue + 1].start:tokens[hi - 1].end]))
    lo = cue
    while lo > 0 and normalize(tokens[lo - 1].text) in ("قد", "وقد"):
        lo -= 1
    end = lo
    while lo > 0 and end - lo < 4 and word_ok(lo - 1):
        lo -= 1
    # before the verb only a noun phrase (definite, or «كل/بعض …») is its subject; an
    # indefinite word there is as often another verb («ونشر فيديو قال فيه»)
    first = normalize(tokens[lo].text).lstrip("وف") if lo < end else ""
    if lo < end and (first.startswith("ال") or first in ("كل", "بعض", "معظم", "جميع")) and (
            lo == 0 or not any(ch.isalpha() for ch in tokens[lo - 1].text)
            or normalize(tokens[lo - 1].text) in _PHRASE_STOPS):
        out.append((lo, doc.text[tokens[lo].start:tokens[end - 1].end]))
    return out


def titled_names(doc: Document, sentence: Sentence) -> list[tuple[int, str, bool]]:
    """(first token, name, feminine) for each name after a one-word title («الوزيرة سلمى
    الخطيب», «السفير جون ميلر»), past nisba adjectives («الوزيرة الفرنسية …»); a first
    name has no article, the words after it may («الخطيب»)."""
    titles = lexicon().person_titles
    tokens = sentence.tokens
    out = []
    for k, tok in enumerate(tokens):
        word = normalize(tok.text)
        bare = word[1:] if word[:1] in "وفلب" and word[1:] in titles else word
        if bare not in titles:
            continue
        j = k + 1
        while j < len(tokens) and normalize(tokens[j].text).startswith("ال") and normalize(
                tokens[j].text).endswith(("ي", "يه")) and j - k <= 2:
            j += 1
        if j >= len(tokens) or normalize(tokens[j].text).startswith("ال") or not subject_word(
                sentence, j) or _cue_of(tokens[j].text) is not None:
            continue
        end = j + 1
        while end < len(tokens) and end - j < 3 and subject_word(sentence, end) and _cue_of(
                tokens[end].text) is None:
            end += 1
        name = doc.text[tokens[j].start:tokens[end - 1].end]
        out.append((j, name, bare.endswith("ه")))
    return out


def _cue_of(text: str):
    """The reporting cue a word is, if any (quotes.py owns the cue list and imports this
    module, hence the late import)."""
    from .cues import cue_of

    return cue_of(text)


def referent_of(doc: Document, phrase: str, offset: int) -> Actor | None:
    """The organization a definite head noun stands for: the latest one before ``offset``
    whose name holds that noun («الحركة» → «حركة فتح», «الجيش» → «الجيش الإسرائيلي»)."""
    words = normalize(phrase).split()
    if len(words) != 1 or not has_article(words[0]):
        return None
    head = words[0].lstrip("وف")
    best, at = None, -1
    for actor in doc.actors:
        if actor.type != "organization":
            continue
        name = normalize(actor.name).split()
        if head in name or head[2:] in name:
            last = max((m.start for m in actor.mentions if m.start < offset), default=-1)
            if last > at:
                best, at = actor, last
    return best


def subject_gaps(sentence: Sentence, cue: int) -> tuple[float, float]:
    """Words between the clause's start and the cue, and between the cue and its content
    (إن/أن, a colon, a quotation mark): a bare «وأضاف» has neither, and continues the last
    speaker; «وكان الرجل الذي … قد قال» has a subject of its own, named or not."""
    if cue < 0:
        return 0.0, 0.0
    tokens = sentence.tokens
    lo = cue
    while lo > 0 and cue - lo < 8 and any(ch.isalnum() for ch in tokens[lo - 1].text):
        lo -= 1
    while lo < cue and normalize(tokens[lo].text) in _AUXILIARIES:
        lo += 1
    hi = cue + 1
    while hi < len(tokens) and hi - cue < 8 and normalize(tokens[hi].text) not in (
            "ان", "بان", "لان", "انه", "انها") and tokens[hi].text not in (":", "«", '"', "“"):
        hi += 1
    return float(cue - lo), float(hi - cue - 1)
