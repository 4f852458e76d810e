"""Who said it: candidate speakers for every quote, ranked by a model learned from annotated news.

Arabic news names a quote's speaker in a few ways, and each leaves a trace the ranker reads:

- the subject right after the reporting verb (VSO, «وقال الوزير …»), or before it (SVO,
  «الوزير … قال»); a verb whose subject is not named continues the last speaker («وأضاف»);
- the verb agrees with its subject: «قالت» is a woman or a feminine body (a ministry, a
  country), «قالوا» a group; «قال» is rarely a woman;
- a role before a name is one person («المتحدث باسم الوزارة فلان»): the name, not the role;
- a relay is credited to the source after «عن» («نقلت الوكالة عن الوزير قوله»), never to the
  medium; «قال في بيان» is the body that issued the statement;
- a name inside the reported words, or after a preposition («في تصريح لروسيا»), is not the
  speaker.

Every quote gets candidates (actors mentioned in its sentence and the few before it, the
previous quote's speaker, unnamed-source descriptions, the rule-based reading of the cue)
with a feature vector each; a gradient-boosted model (``generator/models/speakers.json``,
trained by ``python -m generator.train_speakers``) scores them. The best one is the speaker
when its score clears the model's threshold; the score is the attribution's ``confidence``.
"""

from __future__ import annotations

import bisect
import functools
import json
import math
from dataclasses import dataclass, field

import numpy as np

from ..arabic import normalize
from ..lexicon import MODEL_DIR, lexicon
from ..model import Actor, Document, Mention, Quote, Sentence, Token
from ..spans import SpanIndex

MODEL_PATH = MODEL_DIR / "speakers.json"
# an attribution under this confidence is marked for checking and is never a key quote
UNCERTAIN = 0.5
_CONTEXT_SENTENCES = 3  # candidates come from the quote's sentence and up to 3 before it
_PREPOSITIONS = frozenset({"في", "من", "علي", "الي", "مع", "عن", "حول", "ضد", "بين", "لدي",
                           "عند", "بعد", "قبل", "خلال", "تجاه", "لصالح", "بحق", "مثل"})
_PLURAL_SOURCES = ("مصادر", "شهود", "خبراء", "سكان", "سلطات", "وسائل", "تقارير", "مراقبون",
                   "ناشطون", "مواطنون", "محللون", "محققون", "محققين", "متظاهرون", "محتجون",
                   "دبلوماسيون", "مسؤولون", "مسؤولين")
_AUXILIARIES = frozenset({"كان", "وكان", "قد", "وقد", "كما", "لقد", "ولقد", "فقد", "بينما",
                          "فيما", "حيث", "اذ", "ثم"})
_SAYING = {"قوله": "m", "قولها": "f", "تصريحه": "m", "تصريحها": "f"}
_STATEMENT_WORDS = frozenset({"بيان", "البيان", "بيانا", "تغريده", "رساله", "تصريح", "مؤتمر",
                              "تقرير", "التقرير", "بيانها", "بيانه"})


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


def _label_gender(label: str) -> str:
    head = normalize(label.split()[0]) if label.split() else ""
    head = head[2:] if head.startswith("ال") else head
    if head in _PLURAL_SOURCES or head.endswith(("ون", "ين")):
        return "p"
    return "f" if head.endswith("ه") else "m"


class _Positions:
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


def _word(sentence: Sentence, i: int) -> str:
    return normalize(sentence.tokens[i].text) if 0 <= i < len(sentence.tokens) else ""


def candidates(doc: Document, ctx: QuoteContext, previous: Candidate | None,
               spoken: dict[str, int], positions: _Positions,
               quoted: SpanIndex, gap: int = 5) -> list[Candidate]:
    """The candidate speakers of one quote, each with its features."""
    q = ctx.quote
    si = ctx.sentence_index
    sentence = doc.sentences[si]
    cue = ctx.cue_token
    lo_sentence = max(0, si - _CONTEXT_SENTENCES)
    block = sentence.block
    out: dict[str, Candidate] = {}

    def in_quotes(offset: int) -> bool:
        return q.start <= offset < q.end or quoted.covers(offset, offset + 1)

    def common(c: Candidate, msi: int, mti: int, offset: int) -> None:
        f = c.features
        dist = si - msi
        f[f"sdist{min(dist, 3)}"] = 1.0
        f["same_block"] = float(doc.sentences[msi].block == block)
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
        mention_sentence = doc.sentences[msi]
        prev_word = _word(mention_sentence, mti - 1)
        token = mention_sentence.tokens[mti] if mti < len(mention_sentence.tokens) else None
        clitic = normalize(doc.text[token.start:offset]) if token is not None else ""
        f["preposition"] = float(prev_word in _PREPOSITIONS or any(ch in clitic for ch in "لب"))
        f["after_an"] = float(prev_word == "عن")
        f["previous_speaker"] = float(previous is not None and previous.key == c.key)
        f["spoke_before"] = float(spoken.get(c.key, 0) > 0)
        f["rule"] = float(ctx.rule_actor is not None and c.actor is ctx.rule_actor
                          or ctx.rule_actor is None and bool(ctx.rule_label) and c.actor is None
                          and normalize(c.label) == normalize(ctx.rule_label))
        f[f"cue_{ctx.cue_kind}"] = 1.0
        f["title_block"] = float(doc.blocks[doc.sentences[msi].block].kind != "paragraph")
        # «قال في بيان», «وقال البيان إن», «أشار التقرير إلى»: a document speaks for its author
        statement = any(_word(sentence, k).lstrip("وف") in _STATEMENT_WORDS
                        for k in range(max(0, cue - 2), min(len(sentence.tokens), cue + 5))) \
            if cue >= 0 else False
        f["statement"] = float(statement)

    def gender(c: Candidate, kind: str, fem: bool, plural: bool = False,
               masc: bool = False) -> None:
        f = c.features
        g = ctx.cue_gender
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

    # actors: the mention nearest the cue in this sentence, else the latest before it
    for actor, window in positions.mentions_in(lo_sentence, si).values():
        best: tuple[float, int, int, int] | None = None
        inside = False
        for m in window:
            msi = positions.sentence_of(m.start)
            if msi == si and q.start <= m.start < q.end:
                inside = True
            if in_quotes(m.start):
                continue
            mti = positions.token_of(msi, m.start)
            # this sentence: nearest the cue; before it: the latest
            rank = abs(mti - max(cue, 0)) if msi == si else 1000 * (si - msi) - mti
            if best is None or rank < best[0]:
                best = (rank, msi, mti, m.start)
        if best is None:
            continue
        c = Candidate(actor, actor.name)
        c.features[f"type_{actor.type}"] = 1.0
        c.features["mentioned_in_quote"] = float(inside)
        c.features["log_mentions"] = math.log1p(len(actor.mentions))
        c.features["has_role"] = float(bool(actor.roles))
        _, msi, mti, offset = best
        common(c, msi, mti, offset)
        titled = mti > 0 and normalize(doc.sentences[msi].tokens[mti - 1].text) in \
            lexicon().person_titles
        c.features["titled"] = float(titled)
        sex = person_gender(doc, actor) if actor.type == "person" else "?"
        gender(c, actor.type, sex == "f", masc=sex == "m")
        out[c.key] = c
    # unnamed sources' descriptions
    for lsi, lti, loffset, label in ctx.labels:
        c = Candidate(None, label)
        if c.key in out:
            continue
        c.features["type_label"] = 1.0
        common(c, lsi, lti, loffset)
        g = _label_gender(label)
        gender(c, "label", g == "f", g == "p")
        # a role followed by a name is that person: «المتحدث باسم الوزارة فلان»
        end = lti + len(label.split())
        nxt = doc.sentences[lsi].tokens[end:end + 2]
        c.features["name_follows"] = float(positions.person_at(nxt))
        out[c.key] = c
        # a role chain names its holder after the role: «المسؤول العسكري في الكتائب فلان
        # الفلاني قد قال» — the words between the description and the verb
        if lsi == si and 0 <= end < cue and not c.features["name_follows"]:
            stop = end
            while stop < cue and stop - end < 3 and _word_ok(sentence, stop):
                stop += 1
            if stop > end and (stop == cue or _word(sentence, stop) in ("قد", "وقد", "،", ",")):
                name = doc.text[sentence.tokens[end].start:sentence.tokens[stop - 1].end]
                chain = Candidate(None, name)
                if chain.key not in out:
                    chain.features["type_phrase"] = 1.0
                    chain.features["role_chain"] = 1.0
                    chain.features["phrase_words"] = float(stop - end)
                    common(chain, si, end, sentence.tokens[end].start)
                    gender(chain, "label", False)
                    out[chain.key] = chain
    # the verb's subject as written, when no actor or source noun covers it: «وقالت الحكومة
    # الفيدرالية إن», «لكن بعض المشرعين يقولون إن»
    phrases = _subject_phrases(doc, sentence, cue) if ctx.cue_kind in ("verb", "claim") else []
    titled_here = [name for _, name, _ in _titled_names(doc, sentence)]
    for lti, phrase in phrases:
        # «وقالت المنظمة»: a bare head noun is the organization named with it before
        # («منظمة حظر الأسلحة الكيميائية»); the actor takes the phrase's position
        referent = _referent(doc, phrase, sentence.tokens[lti].start)
        if referent is not None:
            c = out.get(referent.id) or Candidate(referent, referent.name)
            if referent.id not in out:
                c.features[f"type_{referent.type}"] = 1.0
                c.features["log_mentions"] = math.log1p(len(referent.mentions))
            for name in [k for k in c.features if k.startswith(("sdist", "cue_"))]:
                del c.features[name]
            common(c, si, lti, sentence.tokens[lti].start)
            c.features["head_noun"] = 1.0
            gender(c, referent.type, False)
            out[referent.id] = c
            continue
        c = Candidate(None, phrase)
        if c.key in out or in_quotes(sentence.tokens[lti].start) or positions.covered(
                sentence.tokens[lti]) or any(name in phrase for name in titled_here):
            continue  # «وزيرة الخارجية سلمى الخطيب»: the name alone is the candidate
        c.features["type_phrase"] = 1.0
        c.features["phrase_words"] = float(len(phrase.split()))
        c.features["phrase_definite"] = float(normalize(phrase).lstrip("وف").startswith("ال"))
        common(c, si, lti, sentence.tokens[lti].start)
        g = _label_gender(phrase)
        gender(c, "label", g == "f", g == "p")
        out[c.key] = c
    # a person the recognizer missed, named after a title: «والتقت الوزيرة سلمى الخطيب …»
    for tsi in range(lo_sentence, si + 1):
        for lti, name, fem in _titled_names(doc, doc.sentences[tsi]):
            c = Candidate(None, name)
            offset = doc.sentences[tsi].tokens[lti].start
            if c.key in out or in_quotes(offset) or positions.covered(
                    doc.sentences[tsi].tokens[lti]):
                continue
            c.features["type_phrase"] = 1.0
            c.features["titled_name"] = 1.0
            c.features["phrase_words"] = float(len(name.split()))
            common(c, tsi, lti, offset)
            gender(c, "person", fem, masc=not fem)
            out[c.key] = c
    if previous is not None and previous.key not in out:
        # the previous speaker, named further back than the context sentences
        c = Candidate(previous.actor, previous.label)
        actor = previous.actor
        c.features["type_label" if actor is None else f"type_{actor.type}"] = 1.0
        c.features["sdist3"] = 1.0
        c.features["log_dist"] = math.log1p(60)
        c.features["previous_speaker"] = 1.0
        c.features["spoke_before"] = 1.0
        c.features[f"cue_{ctx.cue_kind}"] = 1.0
        if actor is None:
            g = _label_gender(previous.label)
            gender(c, "label", g == "f", g == "p")
        else:
            sex = person_gender(doc, actor) if actor.type == "person" else "?"
            gender(c, actor.type, sex == "f", masc=sex == "m")
        c.features["rule"] = float(actor is not None and actor is ctx.rule_actor
                                   or actor is None and ctx.rule_actor is None
                                   and normalize(ctx.rule_label) == normalize(previous.label))
        out[c.key] = c
    # how this candidate compares with the others of the quote
    same = [c for c in out.values() if c.features.get("sdist0") and c.features.get("after")]
    if same:
        first = min(same, key=lambda c: c.features["log_dist"])
        first.features["first_after"] = 1.0
    before = [c for c in out.values() if c.features.get("sdist0") and c.features.get("before")]
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
    n = len(out)
    gap_before, gap_after = _subject_gaps(sentence, cue)
    # a subject we could not name: words around the verb and no candidate among them
    here = [c for c in out.values() if c.features.get("sdist0")]
    named_before = any(c.features.get("before") and math.expm1(c.features["log_dist"])
                       <= gap_before for c in here)
    named_after = any(c.features.get("after") and math.expm1(c.features["log_dist"])
                      <= gap_after for c in here)
    # the verb agrees with its subject: «مشيرة» does not continue the words of a man the
    # text named sentences ago (in the verb's own sentence the evidence is left to the model)
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
        c.features["previous_quote_gap"] = float(min(gap, 5))  # sentences since the last quote
        c.features["words_before_cue"] = gap_before
        c.features["words_after_cue"] = gap_after
        c.features["unknown_subject_before"] = float(gap_before > 0 and not named_before)
        c.features["unknown_subject_after"] = float(gap_after > 0 and not named_after)
    return list(out.values())


_PHRASE_STOPS = frozenset({"ان", "بان", "لان", "انه", "انها", "انهم", "الذي", "التي", "الذين",
                           "اللذين", "اللتين", "قد", "كان", "وكان", "لكن", "ولكن", "الا", "يذكر",
                           "كما", "فيما", "بينما", "ايضا", "امس", "اليوم", "ذلك", "هذا", "هذه"})


def _word_ok(sentence: Sentence, k: int) -> bool:
    """A word that can be part of a subject noun phrase."""
    raw = sentence.tokens[k].text
    w = normalize(raw)
    # a word with an attached pronoun («حسابه», «فيه») is no subject's name
    if raw.endswith(("ه", "ها", "هم", "هما")) and not w.startswith("ال") and len(w) > 2:
        return False
    return (any(ch.isalpha() for ch in w) and w not in _PHRASE_STOPS and w not in _PREPOSITIONS
            and w not in lexicon().time_words and not w.startswith(("لل", "بال", "ان", "بان"))
            and len(w) > 1)


def _subject_phrases(doc: Document, sentence: Sentence, cue: int) -> list[tuple[int, str]]:
    """The words right after the cue verb (VSO) and right before it (SVO), up to four, that
    stop at a preposition, a clitic preposition, «أن», a relative pronoun, punctuation or a
    time word: (first token, verbatim phrase)."""
    if cue < 0:
        return []
    tokens = sentence.tokens

    def word_ok(k: int) -> bool:
        return _word_ok(sentence, k)

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


def _titled_names(doc: Document, sentence: Sentence) -> list[tuple[int, str, bool]]:
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
        if j >= len(tokens) or normalize(tokens[j].text).startswith("ال") or not _word_ok(
                sentence, j) or _cue_of(tokens[j].text) is not None:
            continue
        end = j + 1
        while end < len(tokens) and end - j < 3 and _word_ok(sentence, end) and _cue_of(
                tokens[end].text) is None:
            end += 1
        name = doc.text[tokens[j].start:tokens[end - 1].end]
        out.append((j, name, bare.endswith("ه")))
    return out


def _cue_of(text: str):
    """The reporting cue a word is, if any (quotes.py owns the cue list and imports this
    module, hence the late import)."""
    from .quotes import cue_of

    return cue_of(text)


def _referent(doc: Document, phrase: str, offset: int) -> Actor | None:
    """The organization a definite head noun stands for: the latest one before ``offset``
    whose name holds that noun («الحركة» → «حركة فتح», «الجيش» → «الجيش الإسرائيلي»)."""
    words = normalize(phrase).split()
    if len(words) != 1 or not words[0].lstrip("وف").startswith("ال"):
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


def _subject_gaps(sentence: Sentence, cue: int) -> tuple[float, float]:
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


class SpeakerModel:
    """A gradient-boosted ensemble of regression trees (sklearn's, saved as plain JSON).

    For speed each tree is held as a complete binary tree of the ensemble's depth (a leaf
    above that depth repeated below itself), as numpy arrays in heap order, and walked for
    all trees and candidates at once, one level per step; the leaf values are summed tree
    by tree in the saved order, so the probability is the one the per-tree loop gives, to
    the last bit.
    """

    def __init__(self, data: dict):
        self.features: list[str] = data["features"]
        self.index = {name: i for i, name in enumerate(self.features)}
        self.base: float = data["base"]
        self.rate: float = data["learning_rate"]
        self.trees: list[dict] = data["trees"]
        self.threshold: float = data["threshold"]

        def depth(tree: dict, node: int = 0) -> int:
            if tree["left"][node] == -1:
                return 0
            return 1 + max(depth(tree, tree["left"][node]), depth(tree, tree["right"][node]))

        self._depth = max(depth(tree) for tree in self.trees)
        inner = 2 ** self._depth - 1
        self._feature = np.zeros((len(self.trees), max(inner, 1)), dtype=np.int64)
        self._cut = np.full((len(self.trees), max(inner, 1)), np.inf)
        self._value = np.zeros((len(self.trees), 2 ** self._depth))
        for t, tree in enumerate(self.trees):
            todo = [(0, 0)]  # (node in the tree, position in the complete tree)
            while todo:
                node, pos = todo.pop()
                if pos >= inner:
                    self._value[t, pos - inner] = tree["value"][node]
                elif tree["left"][node] == -1:  # a leaf: both ways lead to it
                    todo += [(node, 2 * pos + 1), (node, 2 * pos + 2)]
                else:
                    self._feature[t, pos] = tree["feature"][node]
                    self._cut[t, pos] = tree["threshold"][node]
                    todo += [(tree["left"][node], 2 * pos + 1),
                             (tree["right"][node], 2 * pos + 2)]
        self._rows = np.arange(len(self.trees))

    def vector(self, features: dict[str, float]) -> list[float]:
        x = [0.0] * len(self.features)
        for name, value in features.items():
            i = self.index.get(name)
            if i is not None:
                x[i] = value
        return x

    def probability(self, features: dict[str, float]) -> float:
        return self.probabilities([features])[0]

    def probabilities(self, candidates: list[dict[str, float]]) -> list[float]:
        """The probability of each candidate's feature dict."""
        if not candidates:
            return []
        x = np.array([self.vector(f) for f in candidates], dtype=np.float64)
        rows = self._rows
        pos = np.zeros((len(candidates), len(self.trees)), dtype=np.int64)
        for _ in range(self._depth):
            # sklearn goes left when x <= threshold (so a NaN goes right)
            right = ~(np.take_along_axis(x, self._feature[rows, pos], axis=1)
                      <= self._cut[rows, pos])
            pos = 2 * pos + 1 + right
        leaf = pos - (2 ** self._depth - 1)
        steps = self.rate * self._value[rows, leaf]
        # the running sum in tree order (accumulate is sequential, unlike sum)
        raw = np.add.accumulate(np.concatenate(
            [np.full((len(candidates), 1), self.base), steps], axis=1), axis=1)[:, -1]
        return [1 / (1 + math.exp(-r)) for r in raw.tolist()]


@functools.cache
def speaker_model() -> SpeakerModel | None:
    """The shipped ranker, or None before the first ``make model``."""
    if not MODEL_PATH.exists():
        return None
    return SpeakerModel(json.loads(MODEL_PATH.read_text(encoding="utf-8")))


def quote_candidates(doc: Document, contexts: list[QuoteContext],
                     choose=None) -> list[tuple[list[Candidate], Candidate | None]]:
    """(candidates, chosen) of every quote in text order. ``choose(candidates)`` returns
    the chosen one (or None), which becomes the previous speaker of the next quote; by
    default the rule-based reading is followed."""
    positions = _Positions(doc)
    quoted = SpanIndex((q.start, q.end, q.id) for q in (c.quote for c in contexts)
                       if q.kind == "direct")
    previous: Candidate | None = None
    spoken: dict[str, int] = {}
    out = []
    last = -5
    for ctx in contexts:
        cands = candidates(doc, ctx, previous, spoken, positions, quoted,
                           ctx.sentence_index - last)
        last = ctx.sentence_index
        chosen = choose(cands) if choose else next(
            (c for c in cands if c.features.get("rule")), None)
        if chosen is not None:
            previous = chosen
            spoken[chosen.key] = spoken.get(chosen.key, 0) + 1
        out.append((cands, chosen))
    return out


def attribute(doc: Document, contexts: list[QuoteContext]) -> None:
    """Sets each quote's speaker, label and confidence from the ranker (the rule-based
    reading stays when no model is shipped)."""
    model = speaker_model()
    if model is None:
        return

    def choose(cands: list[Candidate]) -> Candidate | None:
        for c, score in zip(cands, model.probabilities([c.features for c in cands]),
                            strict=True):
            c.score = score
        best = max(cands, key=lambda c: c.score, default=None)
        return best if best is not None and best.score >= model.threshold else None

    for ctx, (_, best) in zip(contexts, quote_candidates(doc, contexts, choose), strict=True):
        q = ctx.quote
        if best is None:
            q.speaker, q.speaker_label, q.confidence = None, "", None
        else:
            q.speaker = best.actor.id if best.actor is not None else None
            q.speaker_label = best.actor.name if best.actor is not None else best.label
            q.confidence = round(best.score, 3)
