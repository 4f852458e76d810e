"""The candidate speakers of a quote, each with the features the ranker reads."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..arabic import normalize
from ..clitics import has_article
from ..lexicon import lexicon
from ..model import Actor, Document, Mention, Quote
from ..spans import SpanIndex
from .speaker_text import (
    CONTEXT_SENTENCES,
    PREPOSITIONS,
    STATEMENT_WORDS,
    Positions,
    label_gender,
    person_gender,
    referent_of,
    subject_gaps,
    subject_phrases,
    subject_word,
    titled_names,
    word_at,
)


@dataclass
class Candidate:
    """A possible speaker: an actor, or an unnamed source's description (``label``)."""

    actor: Actor | None
    label: str
    features: dict[str, float] = field(default_factory=dict)
    score: float = 0.0

    @property
    def key(self) -> str:
        return self.actor.id if self.actor is not None else "label:" + normalize(self.label)


@dataclass
class QuoteContext:
    """What the ranker knows of one quote: where its cue is, and what the rules proposed."""

    quote: Quote
    sentence_index: int
    cue_token: int  # index in the sentence's tokens; -1 when the cue is a colon or unknown
    cue_kind: str  # verb | claim | participle | relay | source | colon
    cue_gender: str  # m | f | p | -
    rule_actor: Actor | None
    rule_label: str
    labels: list[tuple[int, int, int, str]]  # (sentence, token index, offset, description)


class CandidateSet:
    """The candidate speakers of one quote, gathered kind by kind, each with its features
    (the ranker's input): actors mentioned near the cue, unnamed sources' descriptions, the
    verb's subject as written, people named after a title, and the previous speaker."""

    def __init__(self, doc: Document, ctx: QuoteContext, previous: Candidate | None,
                 spoken: dict[str, int], positions: Positions, quoted: SpanIndex,
                 gap: int = 5):
        self.doc, self.ctx, self.previous = doc, ctx, previous
        self.spoken, self.positions, self.quoted, self.gap = spoken, positions, quoted, gap
        self.si = ctx.sentence_index
        self.sentence = doc.sentences[self.si]
        self.cue = ctx.cue_token
        self.lo_sentence = max(0, self.si - CONTEXT_SENTENCES)
        self.out: dict[str, Candidate] = {}

    def in_quotes(self, offset: int) -> bool:
        q = self.ctx.quote
        return q.start <= offset < q.end or self.quoted.covers(offset, offset + 1)

    def common(self, c: Candidate, msi: int, mti: int, offset: int) -> None:
        """The features of where a candidate is named: distance and what lies between."""
        doc, si, cue, sentence = self.doc, self.si, self.cue, self.sentence
        f = c.features
        dist = si - msi
        f[f"sdist{min(dist, 3)}"] = 1.0
        f["same_block"] = float(doc.sentences[msi].block == sentence.block)
        if dist == 0 and cue >= 0:
            d = mti - cue
            f["after"] = float(d > 0)
            f["before"] = float(d < 0)
            f["adjacent_after"] = float(d == 1)
            f["near_after"] = float(1 <= d <= 3)
            f["adjacent_before"] = float(d == -1)
            f["log_dist"] = math.log1p(abs(d))
            between = sentence.tokens[min(cue, mti) + 1:max(cue, mti)]
            f["comma_between"] = float(any(t.text in ("،", ",") for t in between))
            f["that_between"] = float(any(normalize(t.text) in ("ان", "بان", "لان")
                                          for t in between))
        else:
            f["log_dist"] = math.log1p(20 * max(dist, 1))
        self.context(c, msi, mti, offset)

    def context(self, c: Candidate, msi: int, mti: int, offset: int) -> None:
        """The features of the words around the mention and of the quote's cue."""
        doc, ctx, cue, sentence = self.doc, self.ctx, self.cue, self.sentence
        f = c.features
        mention_sentence = doc.sentences[msi]
        prev_word = word_at(mention_sentence, mti - 1)
        token = mention_sentence.tokens[mti] if mti < len(mention_sentence.tokens) else None
        clitic = normalize(doc.text[token.start:offset]) if token is not None else ""
        f["preposition"] = float(prev_word in PREPOSITIONS or any(ch in clitic for ch in "لب"))
        f["after_an"] = float(prev_word == "عن")
        f["previous_speaker"] = float(self.previous is not None and self.previous.key == c.key)
        f["spoke_before"] = float(self.spoken.get(c.key, 0) > 0)
        f["rule"] = float(ctx.rule_actor is not None and c.actor is ctx.rule_actor
                          or ctx.rule_actor is None and bool(ctx.rule_label) and c.actor is None
                          and normalize(c.label) == normalize(ctx.rule_label))
        f[f"cue_{ctx.cue_kind}"] = 1.0
        f["title_block"] = float(doc.blocks[doc.sentences[msi].block].kind != "paragraph")
        # «قال في بيان», «وقال البيان إن», «أشار التقرير إلى»: a document speaks for its author
        statement = any(word_at(sentence, k).lstrip("وف") in STATEMENT_WORDS
                        for k in range(max(0, cue - 2), min(len(sentence.tokens), cue + 5))) \
            if cue >= 0 else False
        f["statement"] = float(statement)

    def gender(self, c: Candidate, kind: str, fem: bool, plural: bool = False,
               masc: bool = False) -> None:
        """Whether the candidate agrees with the cue's gender and number."""
        f = c.features
        g = self.ctx.cue_gender
        f[f"{g}_cue_{kind}"] = 1.0
        if kind == "person":
            f[f"{g}_cue_fem"] = float(fem)
            f["agree"] = float(g == "-" or (g == "f") == fem and g != "p")
            f["gender_clash"] = float(g == "f" and masc or g == "m" and fem)
        elif kind == "label":
            f["agree"] = float(g == "-" or g == "p" and plural or g == "f" and fem
                               or g == "m" and not fem and not plural)
        else:
            f["agree"] = float(g in ("-", "f", "m"))

    def nearest_mention(self, window: list[Mention]) -> tuple[tuple[int, int, int] | None, bool]:
        """((sentence, token, offset) of the mention nearest the cue in the quote's sentence,
        else the latest before it, outside quotes; whether the actor is named in the quote)."""
        q, si, cue, positions = self.ctx.quote, self.si, self.cue, self.positions
        best: tuple[float, int, int, int] | None = None
        inside = False
        for m in window:
            msi = positions.sentence_of(m.start)
            if msi == si and q.start <= m.start < q.end:
                inside = True
            if self.in_quotes(m.start):
                continue
            mti = positions.token_of(msi, m.start)
            # this sentence: nearest the cue; before it: the latest
            rank = abs(mti - max(cue, 0)) if msi == si else 1000 * (si - msi) - mti
            if best is None or rank < best[0]:
                best = (rank, msi, mti, m.start)
        return (best[1:] if best is not None else None), inside

    def add_actors(self) -> None:
        doc = self.doc
        for actor, window in self.positions.mentions_in(self.lo_sentence, self.si).values():
            best, inside = self.nearest_mention(window)
            if best is None:
                continue
            c = Candidate(actor, actor.name)
            c.features[f"type_{actor.type}"] = 1.0
            c.features["mentioned_in_quote"] = float(inside)
            c.features["log_mentions"] = math.log1p(len(actor.mentions))
            c.features["has_role"] = float(bool(actor.roles))
            msi, mti, offset = best
            self.common(c, msi, mti, offset)
            titled = mti > 0 and normalize(doc.sentences[msi].tokens[mti - 1].text) in \
                lexicon().person_titles
            c.features["titled"] = float(titled)
            sex = person_gender(doc, actor) if actor.type == "person" else "?"
            self.gender(c, actor.type, sex == "f", masc=sex == "m")
            self.out[c.key] = c

    def add_labels(self) -> None:
        """Unnamed sources' descriptions, and the name a role chain ends with."""
        for lsi, lti, loffset, label in self.ctx.labels:
            c = Candidate(None, label)
            if c.key in self.out:
                continue
            c.features["type_label"] = 1.0
            self.common(c, lsi, lti, loffset)
            g = label_gender(label)
            self.gender(c, "label", g == "f", g == "p")
            # a role followed by a name is that person: «المتحدث باسم الوزارة فلان»
            end = lti + len(label.split())
            nxt = self.doc.sentences[lsi].tokens[end:end + 2]
            c.features["name_follows"] = float(self.positions.person_at(nxt))
            self.out[c.key] = c
            if lsi == self.si and 0 <= end < self.cue and not c.features["name_follows"]:
                self.add_role_chain(end)

    def add_role_chain(self, end: int) -> None:
        """A role chain names its holder after the role: «المسؤول العسكري في الكتائب فلان
        الفلاني قد قال» — the words between the description and the verb."""
        sentence, cue = self.sentence, self.cue
        stop = end
        while stop < cue and stop - end < 3 and subject_word(sentence, stop):
            stop += 1
        if not (stop > end and (stop == cue or word_at(sentence, stop) in ("قد", "وقد", "،", ","))):
            return
        name = self.doc.text[sentence.tokens[end].start:sentence.tokens[stop - 1].end]
        chain = Candidate(None, name)
        if chain.key not in self.out:
            chain.features["type_phrase"] = 1.0
            chain.features["role_chain"] = 1.0
            chain.features["phrase_words"] = float(stop - end)
            self.common(chain, self.si, end, sentence.tokens[end].start)
            self.gender(chain, "label", False)
            self.out[chain.key] = chain

    def add_referent(self, referent: Actor, lti: int) -> None:
        """«وقالت المنظمة»: a bare head noun is the organization named with it before
        («منظمة حظر الأسلحة الكيميائية»); the actor takes the phrase's position."""
        out = self.out
        c = out.get(referent.id) or Candidate(referent, referent.name)
        if referent.id not in out:
            c.features[f"type_{referent.type}"] = 1.0
            c.features["log_mentions"] = math.log1p(len(referent.mentions))
        for name in [k for k in c.features if k.startswith(("sdist", "cue_"))]:
            del c.features[name]
        self.common(c, self.si, lti, self.sentence.tokens[lti].start)
        c.features["head_noun"] = 1.0
        self.gender(c, referent.type, False)
        out[referent.id] = c

    def add_subject_phrases(self) -> None:
        """The verb's subject as written, when no actor or source noun covers it: «وقالت
        الحكومة الفيدرالية إن», «لكن بعض المشرعين يقولون إن»."""
        doc, sentence, cue = self.doc, self.sentence, self.cue
        phrases = subject_phrases(doc, sentence, cue) if self.ctx.cue_kind in (
            "verb", "claim") else []
        titled_here = [name for _, name, _ in titled_names(doc, sentence)]
        for lti, phrase in phrases:
            referent = referent_of(doc, phrase, sentence.tokens[lti].start)
            if referent is not None:
                self.add_referent(referent, lti)
                continue
            c = Candidate(None, phrase)
            if c.key in self.out or self.in_quotes(sentence.tokens[lti].start) or \
                    self.positions.covered(sentence.tokens[lti]) or any(
                        name in phrase for name in titled_here):
                continue  # «وزيرة الخارجية سلمى الخطيب»: the name alone is the candidate
            c.features["type_phrase"] = 1.0
            c.features["phrase_words"] = float(len(phrase.split()))
            c.features["phrase_definite"] = float(has_article(normalize(phrase)))
            self.common(c, self.si, lti, sentence.tokens[lti].start)
            g = label_gender(phrase)
            self.gender(c, "label", g == "f", g == "p")
            self.out[c.key] = c

    def add_titled_names(self) -> None:
        """A person the recognizer missed, named after a title: «والتقت الوزيرة سلمى الخطيب …»."""
        doc = self.doc
        for tsi in range(self.lo_sentence, self.si + 1):
            for lti, name, fem in titled_names(doc, doc.sentences[tsi]):
                c = Candidate(None, name)
                offset = doc.sentences[tsi].tokens[lti].start
                if c.key in self.out or self.in_quotes(offset) or self.positions.covered(
                        doc.sentences[tsi].tokens[lti]):
                    continue
                c.features["type_phrase"] = 1.0
                c.features["titled_name"] = 1.0
                c.features["phrase_words"] = float(len(name.split()))
                self.common(c, tsi, lti, offset)
                self.gender(c, "person", fem, masc=not fem)
                self.out[c.key] = c

    def add_previous(self) -> None:
        """The previous speaker, named further back than the context sentences."""
        previous, ctx = self.previous, self.ctx
        if previous is None or previous.key in self.out:
            return
        c = Candidate(previous.actor, previous.label)
        actor = previous.actor
        c.features["type_label" if actor is None else f"type_{actor.type}"] = 1.0
        c.features["sdist3"] = 1.0
        c.features["log_dist"] = math.log1p(60)
        c.features["previous_speaker"] = 1.0
        c.features["spoke_before"] = 1.0
        c.features[f"cue_{ctx.cue_kind}"] = 1.0
        if actor is None:
            g = label_gender(previous.label)
            self.gender(c, "label", g == "f", g == "p")
        else:
            sex = person_gender(self.doc, actor) if actor.type == "person" else "?"
            self.gender(c, actor.type, sex == "f", masc=sex == "m")
        c.features["rule"] = float(actor is not None and actor is ctx.rule_actor
                                   or actor is None and ctx.rule_actor is None
                                   and normalize(ctx.rule_label) == normalize(previous.label))
        self.out[c.key] = c

    def mark_order(self) -> None:
        """How each candidate compares with the others of the quote."""
        out = self.out
        same = [c for c in out.values() if c.features.get("sdist0") and c.features.get("after")]
        if same:
            first = min(same, key=lambda c: c.features["log_dist"])
            first.features["first_after"] = 1.0
        before = [c for c in out.values()
                  if c.features.get("sdist0") and c.features.get("before")]
        if before:
            last = min(before, key=lambda c: c.features["log_dist"])
            last.features["last_before"] = 1.0
            # a participle («مشيرة إلى أن») shares the subject of the sentence's main verb,
            # usually its first noun phrase
            first = max(before, key=lambda c: c.features["log_dist"])
            first.features["first_in_sentence"] = 1.0
        people = [c for c in out.values() if c.actor is not None and c.actor.type == "person"]
        if people:
            max(people, key=lambda c: c.actor.salience).features["top_person"] = 1.0

    def finish(self) -> list[Candidate]:
        """The candidates left once the verb's unnamed subject and gender rule some out,
        with the features that describe the whole set."""
        out, ctx = self.out, self.ctx
        n = len(out)
        gap_before, gap_after = subject_gaps(self.sentence, self.cue)
        # a subject we could not name: words around the verb and no candidate among them
        here = [c for c in out.values() if c.features.get("sdist0")]
        named_before = any(c.features.get("before") and math.expm1(c.features["log_dist"])
                           <= gap_before for c in here)
        named_after = any(c.features.get("after") and math.expm1(c.features["log_dist"])
                          <= gap_after for c in here)
        # the verb agrees with its subject: «مشيرة» does not continue the words of a man the
        # text named sentences ago (in the verb's own sentence the evidence is left to the
        # model)
        out = {k: c for k, c in out.items()
               if not (c.features.get("gender_clash") and not c.features.get("sdist0"))}
        if gap_before >= 2 and not named_before:
            # the verb has a subject of its own that we cannot name: it is none of the
            # speakers of earlier sentences
            out = {k: c for k, c in out.items() if c.features.get("sdist0")}
        # «وقال شكري: …»: a name right after the verb is its subject, which rules out the
        # others however strong they are on their own (the model scores each candidate alone)
        subject = next((c for c in out.values() if c.features.get("adjacent_after")), None)
        for c in out.values():
            c.features["other_is_subject"] = float(subject is not None and c is not subject)
            c.features["n_candidates"] = math.log1p(n)
            c.features["rule_found"] = float(ctx.rule_actor is not None or bool(ctx.rule_label))
            c.features["previous_quote_gap"] = float(min(self.gap, 5))  # sentences since the last
            c.features["words_before_cue"] = gap_before
            c.features["words_after_cue"] = gap_after
            c.features["unknown_subject_before"] = float(gap_before > 0 and not named_before)
            c.features["unknown_subject_after"] = float(gap_after > 0 and not named_after)
        return list(out.values())

    def build(self) -> list[Candidate]:
        self.add_actors()
        self.add_labels()
        self.add_subject_phrases()
        self.add_titled_names()
        self.add_previous()
        self.mark_order()
        return self.finish()


def candidates(doc: Document, ctx: QuoteContext, previous: Candidate | None,
               spoken: dict[str, int], positions: Positions,
               quoted: SpanIndex, gap: int = 5) -> list[Candidate]:
    """The candidate speakers of one quote, each with its features."""
    return CandidateSet(doc, ctx, previous, spoken, positions, quoted, gap).build()
