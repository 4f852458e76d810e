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

from ..arabic import normalize
from ..lexicon import word_set
from ..model import Actor, Document, Quote, Sentence
from .cues import NAMES_A_TERM, Cue, cue_of, find_quoted_spans, unnamed_sources, word_forms
from .quote_speakers import SpeakerResolver, token_index
from .reported_speech import RESUMPTIVE, indirect_content, inside_spans
from .speakers import UNCERTAIN, QuoteContext, attribute

_SCARE_WORDS = 3
# a key quote has at least five words and does not start inside a clause
_KEY_MIN_WORDS = 5
_CONTINUATIONS = word_set("continuations")


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
        if any(f in sources for f in word_forms(normalize(tok.text))):
            label = resolver.unnamed_label(sentence, i, i + 1)
            if label:
                offset = resolver.doc.text.find(label, tok.start, tok.end + len(label) + 1)
                out.append((si, i, offset if offset >= 0 else tok.start, label))
    return out


def _sentence_quotes(doc: Document, sentence: Sentence, spans: list[tuple[int, int]],
                     resolver: SpeakerResolver) -> list[QuoteContext]:
    """Quotes of one sentence; speakers are resolved in text order, so a participle or a
    bare verb continues the speaker of the statement just before it."""
    tokens = sentence.tokens
    cue_positions = [(i, cue) for i, tok in enumerate(tokens)
                     if not inside_spans(tok.start, spans) and (cue := cue_of(tok.text))]
    candidates = _direct_candidates(doc, sentence, spans, resolver, cue_positions)
    for i, cue in cue_positions:
        if cue.kind == "relay":
            continue
        content = indirect_content(doc, sentence, i, cue, spans,
                                    resolver.subject_end(sentence, i))
        if content is not None:
            candidates.append((i, "indirect", content[0], content[1], i, cue))
    return _resolve_speakers(doc, sentence, resolver, candidates)


# (order, kind, start, end, cue index or None, cue) of a quote before its speaker is known
_Candidate = tuple[int, str, int, int, int | None, Cue | None]


def _direct_candidates(doc: Document, sentence: Sentence, spans: list[tuple[int, int]],
                       resolver: SpeakerResolver,
                       cue_positions: list[tuple[int, Cue]]) -> list[_Candidate]:
    """The quoted spans introduced by a cue before them, a cue just after them or a colon."""
    tokens = sentence.tokens
    candidates: list[_Candidate] = []
    for qs, qe in spans:
        text = doc.text[qs:qe].strip()
        if not text:
            continue
        q_index = token_index(sentence, qs)
        before = [(i, c) for i, c in cue_positions if i < q_index]
        after = [(i, c) for i, c in cue_positions if tokens[i].start >= qe
                 and i - token_index(sentence, qe) <= 4]
        colon = next((i for i in range(q_index - 1, -1, -1) if tokens[i].text == ":"), None)
        if _scare_quote(doc, sentence, resolver, qs, qe, text, before, colon):
            continue
        if before or (after and colon is None):
            cue_index, cue = before[-1] if before else after[0]
            candidates.append((min(cue_index, q_index), "direct", qs, qe, cue_index, cue))
        elif colon is not None:
            candidates.append((colon, "direct", qs, qe, None, None))
    return candidates


def _resolve_speakers(doc: Document, sentence: Sentence, resolver: SpeakerResolver,
                      candidates: list[_Candidate]) -> list[QuoteContext]:
    """The quotes with their speakers, resolved in text order."""
    tokens = sentence.tokens
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
            or bool(preceding) and preceding[0] in NAMES_A_TERM)


def _cue_text(doc: Document, token) -> str:
    return doc.text[token.start:token.end]


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
    return (len(words) < _KEY_MIN_WORDS or words[0] in RESUMPTIVE | _CONTINUATIONS
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
