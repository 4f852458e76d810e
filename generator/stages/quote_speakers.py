"""The rule-based reading of who said a quote: the subject of the reporting verb, the
source after «عن» or «بحسب», the last speaker for a bare «وأضاف»."""

from __future__ import annotations

from ..arabic import letters_offset, normalize
from ..model import Actor, Document, Sentence
from .cues import THAT, Cue, label_end, unnamed_sources, word_forms

_SPEAKER_WINDOW = 6
_SUBJECT_WINDOW = 12


def token_index(sentence: Sentence, offset: int) -> int:
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
            form = next((f for f in word_forms(word) if f in sources), None)
            if form is None:
                continue
            j = label_end(tokens, i)
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
        if cue.kind == "participle":
            return self.last, self.last_label if self.last is None else self.last.name
        if cue.kind == "relay":
            return self.relayed_speaker(sentence, cue_index)
        if cue.kind == "source":
            n = len(sentence.tokens)
            actor = self.actor_in(sentence, cue_index + 1, min(n, cue_index + _SPEAKER_WINDOW))
            label = self.unnamed_label(sentence, cue_index + 1, min(n, cue_index + 3))
            if label:
                return None, label
            return actor, actor.name if actor else ""
        return self.verb_subject(sentence, cue_index, cue)

    def relayed_speaker(self, sentence: Sentence, cue_index: int) -> tuple[Actor | None, str]:
        """A relay is the words of the one after «عن»: «نقل موقع X عن Y قوله» → Y."""
        tokens = sentence.tokens
        n = len(tokens)
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

    def verb_subject(self, sentence: Sentence, cue_index: int,
                     cue: Cue) -> tuple[Actor | None, str]:
        """A verb's subject: after it (VSO), or before it (SVO)."""
        tokens = sentence.tokens
        n = len(tokens)
        after_end = min(n, cue_index + 1 + _SPEAKER_WINDOW)
        for i in range(cue_index + 1, after_end):
            if normalize(tokens[i].text) in THAT or tokens[i].text in (":", "«", '"', "“"):
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
