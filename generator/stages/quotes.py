"""Stage 4, quotes: adds ``doc.quotes`` (direct and reported speech, with speakers).

Direct quotes are quotation-mark spans (matched and mismatched pairs, across sentences and
paragraphs) said by someone: a reporting word next to them, or a colon. Indirect quotes are
reporting verbs followed by إن/أن or a colon. The rules here give each quote a first reading
of its speaker (the named actor next to the cue, the source after «عن» for relays, an unnamed
source's description, or the last speaker for a bare verb or participle); the trained ranker
of ``speakers.py`` then chooses among all candidates, that reading being one of its features.
"""

from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass

from ..arabic import letters_offset, normalize
from ..clitics import has_article, strip_article, strip_conjunction
from ..lexicon import lexicon, read_lines, read_table, word_set, word_tuple
from ..model import Actor, Document, Quote, Sentence
from .speakers import UNCERTAIN, QuoteContext, attribute

_MAX_QUOTE_CHARS = 3000
_SCARE_WORDS = 3
_SPEAKER_WINDOW = 6
_SUBJECT_WINDOW = 12
_THAT = word_set("that")
# «إنه», «أنها», «بأنهم»: the complementizer with a pronoun
_THAT_PRONOUNS = word_set("that_pronouns")
# «حذر وزير الخارجية الإيراني فلان، السبت، من أن …»: the subject and its titles can take
# a dozen words before the content
_CONTENT_WINDOW = 16
# a key quote has at least five words and does not start inside a clause
_KEY_MIN_WORDS = 5
_CONTINUATIONS = word_set("continuations")
# a pronoun pointing back to a noun: the verb is inside a relative clause
_RESUMPTIVE = word_set("resumptive")
# «بعد أن», «قبل أن», «دون أن» open a time or manner clause, not what was said
_NOT_SAID = word_set("not_said")


@dataclass(frozen=True)
class Cue:
    kind: str  # verb | participle | relay | source
    gender: str  # m | f | p | -


@functools.cache
def cues() -> dict[str, Cue]:
    return {row[0]: Cue(row[1], row[2]) for row in read_table("cues.tsv")}


@functools.cache
def quote_marks() -> dict[str, str]:
    return {row[0]: row[1] for row in read_table("quote_marks.tsv")}


@functools.cache
def unnamed_sources() -> frozenset[str]:
    return frozenset(normalize(w) for w in read_lines("unnamed_sources.txt"))


def _forms(word: str) -> list[str]:
    """A normalized word, without a clitic (و ف ب ل ك), and without the article."""
    forms = [word]
    for prefix in ("و", "ف", "ل", "ب", "ك", "ول", "وب", "لل"):
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            forms.append(word[len(prefix):])
    return forms + [strip_article(f) for f in forms if strip_article(f) != f]


_LABEL_LINKS = word_set("label_links")
_ADJECTIVE_ENDINGS = word_tuple("adjective_endings")


def _label_end(tokens, i: int) -> int:
    """Last token of a source's description: «مصدر أمني», «مسؤول الشرطة», «متحدث باسم
    وزارة الخارجية», «شهود عيان» — adjectives, one noun in construct, or a preposition and
    the few words after it; never the verb's object («اتهم مصدر أمني الحكومة …»)."""
    j = i
    construct = indefinite = not has_article(normalize(tokens[i].text), "وفلب")
    linked = 0
    while j + 1 < len(tokens) and j - i < 8:
        word = normalize(tokens[j + 1].text)
        if linked and tokens[j + 1].text in _QUOTE_MARKS and _closes(tokens, j + 1):
            j += 1  # «مصدر في ما يسمى "هيئة التنسيق"»: the quoted name is part of it
            continue
        if not any(c.isalpha() for c in word) or word in _THAT or cue_of(word) or word in (
                "قوله", "قولها", "عن", "فيه", "فيها"):
            break
        if linked:
            if linked >= 3 and not _open_quote(tokens, i, j + 1) and word not in _NAMING:
                break
            if word not in _NAMING:
                linked += 1
        elif word in _LABEL_LINKS and (word != "من" or indefinite):
            linked = 1  # «مصادر من داخل الحزب», but «المحققون من قياس …» is another clause
        elif (word.endswith(_ADJECTIVE_ENDINGS) and len(word) > 3 or word == "عيان"
              or construct and word.startswith("ال")):
            construct = False
        else:
            break
        j += 1
    return j


_QUOTE_MARKS = ('"', "'", "«", "»", "“", "”")
# «ما يسمى», «ما يعرف بـ»: words that introduce a name, not part of the description's length
_NAMING = word_set("naming")


# words before a short quoted span that make it a name or a title («تحت شعار "…"»)
_TERM_WORDS = word_set("term_words")
_NAMES_A_TERM = _NAMING | _TERM_WORDS


def _open_quote(tokens, i: int, k: int) -> bool:
    """Whether a quotation mark opened between tokens i and k is still open at k."""
    return sum(1 for t in tokens[i:k] if t.text in _QUOTE_MARKS) % 2 == 1


def _closes(tokens, k: int) -> bool:
    """A quotation mark at k opens a short quoted name (closed within four words)."""
    return any(t.text in _QUOTE_MARKS for t in tokens[k + 1:k + 6]) or _open_quote(tokens, 0, k)


def cue_of(word: str) -> Cue | None:
    """The cue a token is, after stripping و/ف (وقال، فأضاف)."""
    w = normalize(word)
    table = cues()
    if w in table:
        return table[w]
    return table.get(strip_conjunction(w))


def find_quoted_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(inner start, inner end) of quotation-mark spans in text[start:end].

    A straight ' opens only after a space or line start and closes only before a space or
    punctuation, so apostrophes inside Latin words are left alone. An opener with no closer
    within _MAX_QUOTE_CHARS is skipped. Closers are looked up by position (bisect), so
    thousands of unbalanced marks cost n log n, not n × the quote length.
    """
    marks = quote_marks()
    positions: dict[str, list[int]] = {}
    for ch in set("".join(marks.values())) | set(marks):
        found, i = [], text.find(ch, start, end)
        while i != -1:
            found.append(i)
            i = text.find(ch, i + 1, end)
        positions[ch] = found
    openers = sorted(i for ch in marks for i in positions[ch]
                     if ch != "'" or i == start or not text[i - 1].isalnum())
    out = []
    cursor = start
    for i in openers:
        if i < cursor:
            continue
        limit = min(end, i + 1 + _MAX_QUOTE_CHARS)
        close = None
        for ch in marks[text[i]]:
            candidates = positions[ch]
            k = bisect.bisect_right(candidates, i + 1)
            while k < len(candidates) and candidates[k] < limit:
                j = candidates[k]
                if ch != "'" or j + 1 >= end or not text[j + 1].isalnum():
                    close = j if close is None else min(close, j)
                    break
                k += 1
        if close is not None:
            out.append((i + 1, close))
            cursor = close + 1
    return out


def _token_index(sentence: Sentence, offset: int) -> int:
    for i, t in enumerate(sentence.tokens):
        if t.end > offset:
            return i
    return len(sentence.tokens)


class SpeakerResolver:
    """Finds the speaker next to a cue and remembers the last one for continuations."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.last: Actor | None = None
        self.last_label = ""
        self.mention_at: dict[int, Actor] = {}
        self.labels: dict[str, str] = {}  # source noun → its fullest description
        for actor in doc.actors:
            for m in actor.mentions:
                self.mention_at[m.start] = actor

    def mention_in(self, sentence: Sentence, i: int) -> Actor | None:
        """The actor whose mention starts in token i (after a clitic at most)."""
        tok = sentence.tokens[i]
        for offset in range(tok.start, min(tok.start + 3, tok.end)):
            actor = self.mention_at.get(offset)
            if actor:
                return actor
        return None

    def actor_in(self, sentence: Sentence, lo: int, hi: int, forward: bool = True,
                 people_first: bool = True, near: int | None = None) -> Actor | None:
        """The first actor mention in token range [lo, hi) (or last, backwards): people
        first, then organizations; a place only right next to the verb (``near``), as in
        «قالت واشنطن» — «في تصريح لروسيا» names no speaker."""
        order = range(lo, hi) if forward else range(hi - 1, lo - 1, -1)
        found = []
        for i in order:
            actor = self.mention_in(sentence, i)
            if actor and (actor.type != "location" or i == near and not normalize(
                    sentence.tokens[i].text).startswith(("ل", "ب"))):
                found.append(actor)
        if people_first:
            people = [a for a in found if a.type == "person"]
            if people:
                return people[0]
        orgs = [a for a in found if a.type != "location"]
        return orgs[0] if orgs else (found[0] if found else None)

    def subject_end(self, sentence: Sentence, cue_index: int) -> int:
        """Token index after the subject that follows a verb («اتهم المتحدث وفد …»)."""
        tokens = sentence.tokens
        j = cue_index + 1
        actor = self.mention_in(sentence, j) if j < len(tokens) else None
        if actor:
            end = max(m.end for m in actor.mentions if m.start >= tokens[j].start
                      and m.start < tokens[j].end + 3)
            while j < len(tokens) and tokens[j].start < end:
                j += 1
            return j
        label = self.unnamed_label(sentence, j, min(len(tokens), j + 2))
        if label:
            stop = self.doc.text.find(label, tokens[j].start) + len(label)
            while j < len(tokens) and tokens[j].start < stop:
                j += 1
        return j

    def unnamed_label(self, sentence: Sentence, lo: int, hi: int) -> str:
        """«مصدر أمني», «مسؤول في الوزارة», «لمتحدث باسم الخارجية»: a source noun (after a
        clitic at most) and up to four words after it."""
        sources = unnamed_sources()
        tokens = sentence.tokens
        for i in range(lo, hi):
            word = normalize(tokens[i].text)
            form = next((f for f in _forms(word) if f in sources), None)
            if form is None:
                continue
            j = _label_end(tokens, i)
            # «المسؤول العسكري في كتائب حزب الله العراقي»: a name is never cut
            for k in range(i + 1, j + 1):
                actor = self.mention_in(sentence, k)
                ends = [m.end for m in actor.mentions if tokens[k].start <= m.start
                        < tokens[k].end] if actor else []
                while ends and j + 1 < len(tokens) and tokens[j].end < max(ends):
                    j += 1
            bare = form if not word.endswith("ال" + form) else "ال" + form
            skip = letters_offset(tokens[i].text, len(word) - len(bare))
            label = self.doc.text[tokens[i].start + skip:tokens[j].end]
            return self._resolve_label(label)
        return ""

    def speaker_for(self, sentence: Sentence, cue_index: int,
                    cue: Cue) -> tuple[Actor | None, str]:
        tokens = sentence.tokens
        n = len(tokens)
        if cue.kind == "participle":
            return self.last, self.last_label if self.last is None else self.last.name
        # relay: «نقل موقع X عن Y قوله» → Y
        if cue.kind == "relay":
            for i in range(cue_index + 1, min(n, cue_index + 10)):
                if normalize(tokens[i].text) == "عن":
                    actor = self.actor_in(sentence, i + 1, min(n, i + 1 + _SPEAKER_WINDOW))
                    label = self.unnamed_label(sentence, i + 1, min(n, i + 4))
                    if actor and not label:
                        return actor, actor.name
                    if label:
                        return None, label
                    break
            return None, ""
        if cue.kind == "source":
            actor = self.actor_in(sentence, cue_index + 1, min(n, cue_index + _SPEAKER_WINDOW))
            label = self.unnamed_label(sentence, cue_index + 1, min(n, cue_index + 3))
            if label:
                return None, label
            return actor, actor.name if actor else ""
        # a verb: the subject follows it (VSO), or precedes it (SVO)
        after_end = min(n, cue_index + 1 + _SPEAKER_WINDOW)
        for i in range(cue_index + 1, after_end):
            if normalize(tokens[i].text) in _THAT or tokens[i].text in (":", "«", '"', "“"):
                after_end = i
                break
        label = self.unnamed_label(sentence, cue_index + 1, min(after_end, cue_index + 3))
        actor = self.actor_in(sentence, cue_index + 1, after_end, near=cue_index + 1)
        if label and (actor is None or self._before(label, actor, sentence)):
            # «مسؤول الشرطة، راي كيلي،»: a person named right after the description
            if actor is not None and actor.type == "person":
                return actor, actor.name
            return None, label
        # the subject before the verb (SVO, «وكان X قد قال»): back to the clause's start
        lo = cue_index
        while lo > 0 and cue_index - lo < _SUBJECT_WINDOW and any(
                c.isalnum() for c in tokens[lo - 1].text):
            lo -= 1
        if actor is None:
            label = self.unnamed_label(sentence, lo, cue_index)
            actor = self.actor_in(sentence, lo, cue_index, forward=False, near=cue_index - 1)
            if label and (actor is None or actor.type != "person"):
                return None, label
        # a bare verb at the start of its clause («وأضاف», «كما قال») continues the last
        # speaker; a verb after words we could not name has a subject we do not know
        if actor is None and cue_index - lo <= 1 and self._continues(cue):
            return self.last, self.last.name if self.last else self.last_label
        return actor, actor.name if actor else ""

    def _resolve_label(self, label: str) -> str:
        """«المتحدث» after «متحدث باسم الوزارة» is that spokesman: the fullest description
        seen with the same noun."""
        words = normalize(label).split()
        noun = words[0][2:] if words[0].startswith("ال") else words[0]
        known = self.labels.get(noun)
        if len(words) == 1 and known:
            return known
        if not known or len(label) > len(known):
            self.labels[noun] = label
        return label

    def _before(self, label: str, actor: Actor, sentence: Sentence) -> bool:
        pos = self.doc.text.find(label, sentence.start, sentence.end)
        first = min((m.start for m in actor.mentions if sentence.start <= m.start < sentence.end),
                    default=sentence.end)
        return 0 <= pos < first

    def _continues(self, cue: Cue) -> bool:
        """A bare verb continues the last speaker when the gender agrees."""
        if self.last is None:
            return bool(self.last_label) and cue.gender in ("m", "-", "p")
        return cue.gender in ("-", "p") or self.last.type != "person" or cue.gender == "m" \
            or self._feminine(self.last)

    @staticmethod
    def _feminine(actor: Actor) -> bool:
        first = normalize(actor.name.split()[0])
        return first.endswith(("ه", "اء")) and not first.endswith("الله")

    def remember(self, actor: Actor | None, label: str) -> None:
        if actor is not None or label:
            self.last, self.last_label = actor, label


def extract_quotes(doc: Document) -> Document:
    """Adds ``doc.quotes`` in text order, ids q1, q2, …, with a ``rank`` for key quotes."""
    contexts = detect_quotes(doc)
    attribute(doc, contexts)
    quotes = _dedupe(doc, [c.quote for c in contexts])
    quotes.sort(key=lambda q: q.start)
    for i, q in enumerate(quotes, start=1):
        q.id = f"q{i}"
    _rank(doc, quotes)
    doc.quotes = quotes
    return doc


def detect_quotes(doc: Document) -> list[QuoteContext]:
    """Every quote in text order with its cue and the rule-based reading of its speaker."""
    resolver = SpeakerResolver(doc)
    direct_spans: list[tuple[int, int]] = []
    for block in doc.blocks:
        direct_spans += find_quoted_spans(doc.text, block.start, block.end)
    sentences_by_start = sorted(doc.sentences, key=lambda s: s.start)
    starts = [s.start for s in sentences_by_start]  # bisected: a scan per span was quadratic
    direct_by_sentence: dict[str, list[tuple[int, int]]] = {}
    for span in direct_spans:
        k = bisect.bisect_right(starts, span[0] - 1) - 1
        sentence = sentences_by_start[k] if k >= 0 else None
        if sentence is not None and span[0] - 1 < sentence.end:
            direct_by_sentence.setdefault(sentence.id, []).append(span)
    contexts: list[QuoteContext] = []
    labels: list[tuple[int, int, int, str]] = []
    for si, sentence in enumerate(doc.sentences):
        own = _sentence_labels(resolver, sentence, si)
        found = _sentence_quotes(doc, sentence, direct_by_sentence.get(sentence.id, []),
                                 resolver)
        for ctx in found:
            ctx.sentence_index = si
            ctx.labels = [lab for lab in labels if lab[0] == si - 1] + own
        contexts += found
        labels = own
    contexts.sort(key=lambda c: c.quote.start)
    return contexts


def _sentence_labels(resolver: SpeakerResolver, sentence: Sentence,
                     si: int) -> list[tuple[int, int, int, str]]:
    """Unnamed sources' descriptions in a sentence: (sentence, token, offset, label)."""
    out = []
    sources = unnamed_sources()
    for i, tok in enumerate(sentence.tokens):
        if any(f in sources for f in _forms(normalize(tok.text))):
            label = resolver.unnamed_label(sentence, i, i + 1)
            if label:
                offset = resolver.doc.text.find(label, tok.start, tok.end + len(label) + 1)
                out.append((si, i, offset if offset >= 0 else tok.start, label))
    return out


def _inside(offset: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= offset < e for s, e in spans)


def _sentence_quotes(doc: Document, sentence: Sentence, spans: list[tuple[int, int]],
                     resolver: SpeakerResolver) -> list[QuoteContext]:
    """Quotes of one sentence; speakers are resolved in text order, so a participle or a
    bare verb continues the speaker of the statement just before it."""
    tokens = sentence.tokens
    cue_positions = [(i, cue) for i, tok in enumerate(tokens)
                     if not _inside(tok.start, spans) and (cue := cue_of(tok.text))]
    # (order, kind, start, end, cue index or None, cue) for every candidate
    candidates: list[tuple[int, str, int, int, int | None, Cue | None]] = []
    for qs, qe in spans:
        text = doc.text[qs:qe].strip()
        if not text:
            continue
        q_index = _token_index(sentence, qs)
        before = [(i, c) for i, c in cue_positions if i < q_index]
        after = [(i, c) for i, c in cue_positions if tokens[i].start >= qe
                 and i - _token_index(sentence, qe) <= 4]
        colon = next((i for i in range(q_index - 1, -1, -1) if tokens[i].text == ":"), None)
        if _scare_quote(doc, sentence, resolver, qs, qe, text, before, colon):
            continue
        if before or (after and colon is None):
            cue_index, cue = before[-1] if before else after[0]
            candidates.append((min(cue_index, q_index), "direct", qs, qe, cue_index, cue))
        elif colon is not None:
            candidates.append((colon, "direct", qs, qe, None, None))
    for i, cue in cue_positions:
        if cue.kind == "relay":
            continue
        content = _indirect_content(doc, sentence, i, cue, spans,
                                    resolver.subject_end(sentence, i))
        if content is not None:
            candidates.append((i, "indirect", content[0], content[1], i, cue))
    out: list[QuoteContext] = []
    resolved: dict[int, tuple[Actor | None, str]] = {}
    for order, kind, start, end, cue_index, cue in sorted(candidates, key=lambda c: c[:2]):
        if cue_index is None:
            # «X: "…"» as in a headline: the speaker is named before the colon
            actor = resolver.actor_in(sentence, 0, order, forward=False)
            label, cue_text = (actor.name if actor else ""), ":"
            cue_token, cue_kind, gender = order, "colon", "-"
        else:
            if cue_index not in resolved:
                resolved[cue_index] = resolver.speaker_for(sentence, cue_index, cue)
            actor, label = resolved[cue_index]
            cue_text = _cue_text(doc, tokens[cue_index])
            cue_token, cue_kind, gender = cue_index, cue.kind, cue.gender
        if actor is None and not label and kind == "indirect" and cue.kind != "verb":
            continue  # a claim or a source with no one named is not a quote
        resolver.remember(actor, label)
        quote = Quote("", doc.text[start:end], kind, actor.id if actor else None, label,
                      cue_text, start, end, sentence.id)
        out.append(QuoteContext(quote, 0, cue_token, cue_kind, gender, actor, label, []))
    return out


def _scare_quote(doc: Document, sentence: Sentence, resolver: SpeakerResolver, qs: int,
                 qe: int, text: str, before: list, colon: int | None) -> bool:
    """A short quoted span (three words at most) is a term, a name or a title in scare
    quotes («ما يسمى "هيئة التنسيق"», «وصف الهجوم بـ"الإرهابي"», «تحت شعار "…"»), not
    speech — unless a cue or a colon before it introduces it («وقال: "لا تعليق"», «وقال إن
    الحصيلة "ثقيلة جدا"»: the annotation guide counts what someone said, however short)."""
    if len(text.split()) > _SCARE_WORDS:
        return False
    tokens = sentence.tokens
    introduced = colon is not None or bool(before)
    if len(text.split()) == 1 or not introduced:
        return True
    preceding = normalize(doc.text[max(sentence.start, qs - 12):qs - 1]).split()[-1:]
    return (any(t.tag != "O" for t in tokens if qs <= t.start < qe)
            or any(qs <= m <= qs + 2 for m in resolver.mention_at)
            or bool(preceding) and preceding[0] in _NAMES_A_TERM)


def _cue_text(doc: Document, token) -> str:
    return doc.text[token.start:token.end]


def _indirect_content(doc: Document, sentence: Sentence, i: int, cue: Cue,
                      spans: list[tuple[int, int]], subject_end: int) -> tuple[int, int] | None:
    tokens = sentence.tokens
    end = sentence.end
    while end > sentence.start and doc.text[end - 1] in ".،,؛":
        end -= 1
    if cue.kind == "source":
        # «…، بحسب X»: the content is the clause before the cue
        if i < 4:
            return None
        start = sentence.tokens[0].start
        stop = tokens[i - 1].end if tokens[i - 1].text not in ("،", ",") else tokens[i - 2].end
        if _inside(start, spans) or stop - start < 10:
            return None
        return start, stop
    for j in range(i + 1, min(len(tokens), i + 1 + _CONTENT_WINDOW)):
        word = normalize(tokens[j].text)
        if tokens[j].text in (".", "؟", "!") or j > i + 1 and cue_of(tokens[j].text):
            break
        if _inside(tokens[j].start, spans):
            continue  # «أن» inside a direct quote is the speaker's, not the reporting one
        that = word in _THAT or word[:2] == "ان" and word[2:] in _THAT_PRONOUNS \
            or word[:3] == "بان" and word[3:] in _THAT_PRONOUNS
        if that and normalize(tokens[j - 1].text) not in _NOT_SAID:
            if j + 1 < len(tokens) and tokens[j + 1].text in ('"', "«", "“", "'"):
                return None  # a direct quote follows: it is listed as direct
            start = tokens[j].start
            stop = _clause_end(doc, sentence, j, spans, end)
            if stop - start < 8:
                return None
            return start, stop
        if tokens[j].text == ":":
            if j + 1 < len(tokens) and tokens[j + 1].text in ('"', "«", "“", "'"):
                return None
            start = tokens[j + 1].start if j + 1 < len(tokens) else end
            return (start, end) if end - start >= 8 else None
    if cue.kind == "claim":
        # «اتهم المتحدث وفد بومبيو بالإصرار …», «دعت الدول إلى …»: after the subject
        j = subject_end
        while j < len(tokens) and (tokens[j].text in ("،", ",") or normalize(
                tokens[j].text) in lexicon().time_words):
            j += 1
        if j >= len(tokens) or _inside(tokens[j].start, spans) or \
                tokens[j].text in ('"', "«", "“", "'") or normalize(tokens[j].text) in _RESUMPTIVE:
            return None  # «برسالة يدعو فيها …»: a relative clause describes, it reports nothing
        stop = _clause_end(doc, sentence, j, spans, end)
        if len(doc.text[tokens[j].start:stop].split()) < 3:
            return None
        return tokens[j].start, stop
    return None


def _new_statement(tokens, k: int) -> bool:
    """A cue at k starts a new statement («…، وأضاف», «…، مشيرا», «…، بحسب»); a bare verb
    inside the content is the reported clause's own («إن الوزير عبّر عن …», «الذي قال …»)."""
    cue = cue_of(tokens[k].text)
    if cue is None:
        return False
    word = normalize(tokens[k].text)
    joined = strip_conjunction(word, 1) != word and word[1:] in cues()
    after_comma = tokens[k - 1].text in ("،", ",", "؛")
    return joined or after_comma or cue.kind in ("participle", "source")


@functools.cache
def content_ends() -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(normalize(line).split()) for line in read_lines("content_ends.txt"))


def _clause_end(doc: Document, sentence: Sentence, j: int, spans, end: int) -> int:
    """The reported content stops before a following cue (a new statement), before the
    journalist's own words («… في إعلان يبدو موجها …», «… بينما …»), or at the end."""
    tokens = sentence.tokens
    words = [normalize(t.text) for t in tokens]
    for k in range(j + 1, len(tokens)):
        tok = tokens[k]
        if tok.start >= end:
            break
        if k <= j + 3 or _inside(tok.start, spans):
            continue
        if _new_statement(tokens, k) or any(tuple(words[k:k + len(p)]) == p
                                            for p in content_ends()):
            prev = tokens[k - 1]
            return prev.start if prev.text in ("،", ",") else prev.end
    return end


def _dedupe(doc: Document, quotes: list[Quote]) -> list[Quote]:
    """One quote once: a headline or pull-quote repeating a body quote is dropped."""
    body_start = next((b.start for b in doc.blocks if b.kind == "paragraph"), 0)
    kept: list[Quote] = []
    keys = [" ".join(normalize(q.text).split()) for q in quotes]
    order = sorted(range(len(quotes)), key=lambda i: (quotes[i].start < body_start,
                                                       quotes[i].start))
    for i in order:
        q, key = quotes[i], keys[i]
        dup = False
        for k in kept:
            other = " ".join(normalize(k.text).split())
            overlap = (key in other or other in key) and min(len(key), len(other)) >= 0.6 * max(
                len(key), len(other))
            if overlap:
                dup = True
                break
        if not dup:
            kept.append(q)
    return kept


def fragment(q: Quote) -> bool:
    """A quote that cannot stand alone as a key quote: a few words, one that starts inside
    a clause («فيها تلك الميليشيات …», «والتي …»), or one nobody is credited with."""
    words = normalize(q.text).split()
    return (len(words) < _KEY_MIN_WORDS or words[0] in _RESUMPTIVE | _CONTINUATIONS
            or q.speaker is None and not q.speaker_label)


def _rank(doc: Document, quotes: list[Quote]) -> None:
    """Key-quote rank: whole statements before fragments, sure attributions before
    uncertain ones, then speaker salience, confidence, substance (length) and position;
    1 is the key quote."""
    salience = {a.id: a.salience for a in doc.actors}
    n = max(len(doc.text), 1)

    def score(q: Quote) -> tuple[bool, bool, float]:
        s = salience.get(q.speaker, 0.0) if q.speaker else 0.5
        words = len(q.text.split())
        uncertain = q.confidence is not None and q.confidence < UNCERTAIN
        return fragment(q), uncertain, -(s + (q.confidence or 0.0) + min(words, 40) / 10
                                         + (1 - q.start / n) + (q.kind == "direct"))

    for rank, q in enumerate(sorted(quotes, key=lambda q: (*score(q), q.start)), start=1):
        q.rank = rank
