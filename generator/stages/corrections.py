"""The analyst's corrections (:mod:`generator.corrections`), applied to the analysis.

Two hooks in the pipeline: the article's metadata before the first stage (the chronology
resolves «أمس» and «السبت» against the date), the facts after the last one, so whatever the
stages find, the corrected facts come out the same. Every change is recorded on the
document (``doc.corrections``) for the briefing's provenance; an entry that matches nothing
is a ``[correction-stale]`` warning, never silently dropped.

Corrections are declarations («this quote's speaker is X»), so applying them again changes
nothing; an entry already recorded on the document is not applied twice.
"""

from __future__ import annotations

import datetime as dt
import re

from ..arabic import letters_offset, name_key, normalize
from ..clitics import CONJUNCTIONS, PREFIXES
from ..corrections import STALE, Entry, SeedCorrections
from ..errors import Problem
from ..model import Actor, Correction, Document, Mention, Quote

_QUOTE_EDGES = "«»\"'“”‘’.،,:؛ "
_OPENING_MARKS = "«\"“'‘"


def correct_article(doc: Document, corrections: SeedCorrections | None) -> Document:
    """Title, date, outlet and url as the analyst gives them (before the analysis)."""
    if not corrections:
        return doc
    done = {(c.source, c.change) for c in doc.corrections}
    for entry in corrections.section("article"):
        key, value = entry.changes[0]
        if (entry.source, key) in done:
            continue
        if key == "title":
            _set_title(doc, value)
        elif key == "date":
            doc.published = dt.date.fromisoformat(value) if value else None
        else:
            setattr(doc, key, value)
        doc.corrections.append(Correction(entry.source, "article", None, key, value,
                                          entry.note, [key]))
    return doc


def _fold(text: str) -> str:
    return " ".join(normalize(text).split())


def _set_title(doc: Document, title: str) -> None:
    """The headline; when it is a line of the article (the first line was a kicker, the
    headline the next), that line becomes the headline block and the old one a sub-headline."""
    key = _fold(title)
    for block in doc.blocks:
        if block.kind != "title" and _fold(doc.block_text(block)) == key:
            for other in doc.blocks:
                if other.kind == "title":
                    other.kind = "subtitle"
            block.kind = "title"
            doc.title = doc.block_text(block)
            return
    doc.title = title


class _Facts:
    """One application of the fact corrections to a document."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.done = {(c.source, c.change) for c in doc.corrections}
        self.stale: list[Problem] = []
        self.ranks_changed = False
        ids = [a.id for a in doc.actors] + [f for c in doc.corrections for f in c.facts]
        self.next_actor = 1 + max((int(i[1:]) for i in ids if re.fullmatch(r"a\d+", i)),
                                  default=0)

    def warn(self, entry: Entry, message: str) -> None:
        if not entry.shared:  # project-wide entries are checked across all briefings
            self.stale.append(Problem(entry.path, "warning", message, STALE, entry.line))

    def record(self, entry: Entry, target: str, change: str, value, facts: list[str]) -> None:
        self.doc.corrections.append(Correction(entry.source, target, entry.match, change,
                                               value, entry.note, facts))

    def pending(self, entry: Entry) -> list[tuple[str, object]]:
        return [(k, v) for k, v in entry.changes if (entry.source, k) not in self.done]

    def applied_before(self, entry: Entry) -> bool:
        return any(source == entry.source for source, _ in self.done)

    # --- actors ---------------------------------------------------------------------

    def actors_named(self, name: str, besides: Actor | None = None) -> list[Actor]:
        """Actors one of whose forms (name, alias, a mention's text) is this name."""
        key = name_key(name)
        return [a for a in self.doc.actors if a is not besides and key in {
            name_key(f) for f in [a.name, *a.aliases, *(m.text for m in a.mentions)]}]

    def actor(self, entry: Entry) -> None:
        matched = self.actors_named(entry.match)
        if entry.add and not matched and (entry.source, "add") not in self.done:
            actor = self.new_actor(entry.match, entry.change("type"))
            if actor is None:
                inside = self.find_mentions(entry.match, "", free=False)
                self.warn(entry, f"actor «{entry.match}» to add is " + (
                    "only inside other actors' names (rename or merge those instead)" if inside
                    else "nowhere in the article's text"))
                return
            self.record(entry, "actor", "add", entry.match, [actor.id])
            matched = [actor]
        if not matched:
            if not self.applied_before(entry):
                self.warn(entry, f"actor «{entry.match}» matches no actor of this briefing")
            return
        for actor in matched:
            for key, value in self.pending(entry):
                actor = self.change_actor(entry, actor, key, value)
                if actor is None:
                    break

    def change_actor(self, entry: Entry, actor: Actor, key: str, value) -> Actor | None:
        if key == "drop":
            self.drop_actor(actor)
            self.record(entry, "actor", "drop", actor.name, [])
            return None
        if key == "merge_into":
            target = self.actors_named(value, besides=actor)
            if target:
                self.merge(actor, target[0])
                actor = target[0]
            elif name_key(actor.name) != name_key(value):
                # the other name is not in this article: this actor takes it (one identity)
                actor.aliases = [a for a in [actor.name, *actor.aliases] if a != value]
                actor.name = value
        elif key == "rename":
            actor.name = value
            actor.aliases = [a for a in actor.aliases if a != value]
        elif key == "type":
            actor.type = value
            for m in actor.mentions:
                m.type = value
        elif key == "aliases":
            for alias in value:
                if alias not in (actor.name, *actor.aliases):
                    actor.aliases.append(alias)
                self.add_mentions(actor, alias)
        elif key == "roles":
            actor.roles += [r for r in value if r not in actor.roles]
        elif key == "affiliations":
            for name in value:
                others = self.actors_named(name, besides=actor)
                if not others:
                    self.warn(entry, f"affiliation «{name}» of «{entry.match}» is no actor "
                              "of this briefing")
                    continue
                if others[0].id not in actor.affiliations:
                    actor.affiliations.append(others[0].id)
        actor.key = f"{actor.type}:{name_key(actor.name)}"
        self.record(entry, "actor", key, list(value) if isinstance(value, tuple) else value,
                    [actor.id])
        return actor

    def find_mentions(self, form: str, kind: str, free: bool = True) -> list[Mention]:
        """Where the form is in the text, token by token, after a conjunction or preposition
        too («وبايدن», «للحرس الثوري»); only outside every actor's mentions when ``free``."""
        doc = self.doc
        words = name_key(form).split()
        if not words:
            return []
        taken = [(m.start, m.end) for a in doc.actors for m in a.mentions] if free else []
        found = []
        for sentence in doc.sentences:
            tokens = sentence.tokens
            for i in range(len(tokens) - len(words) + 1):
                skip, article = _clitic_before(normalize(tokens[i].text), words[0])
                if skip is None or [name_key(t.text) for t in
                                    tokens[i + 1:i + len(words)]] != words[1:]:
                    continue
                start = tokens[i].start + letters_offset(tokens[i].text, skip)
                end = tokens[i + len(words) - 1].end
                if any(s < end and start < e for s, e in taken):
                    continue
                text = ("ال" if article else "") + doc.text[start:end]
                found.append(Mention(start, end, text, kind, sentence.id))
                taken.append((start, end))
        return found

    def add_mentions(self, actor: Actor, form: str) -> None:
        new = self.find_mentions(form, actor.type)
        if new:
            actor.mentions = sorted(actor.mentions + new, key=lambda m: m.start)
            self.date_mentions(actor, new)

    def date_mentions(self, actor: Actor, mentions: list[Mention]) -> None:
        """An event whose clause holds a new mention has the actor among its actors."""
        sentences = {s.id: s for s in self.doc.sentences}
        for event in self.doc.events:
            start = self.doc.text.find(event.summary, sentences[event.sentence].start) \
                if event.sentence in sentences else -1
            if start < 0 or actor.id in event.actors:
                continue
            if any(start <= m.start < start + len(event.summary) for m in mentions):
                event.actors = sorted(event.actors + [actor.id], key=_id_number)

    def new_actor(self, name: str, kind: str) -> Actor | None:
        mentions = self.find_mentions(name, kind)
        if not mentions:
            return None
        doc = self.doc
        order = {s.id: i for i, s in enumerate(doc.sentences)}
        position = min(order[m.sentence] for m in mentions) / max(len(doc.sentences), 1)
        salience = len(mentions) + (1.0 - position) + (1.0 if kind == "person" else 0.0)
        actor = Actor(id=f"a{self.next_actor}", name=name, type=kind,
                      key=f"{kind}:{name_key(name)}", mentions=mentions,
                      salience=round(salience, 3))
        self.next_actor += 1
        at = next((i for i, a in enumerate(doc.actors) if a.salience < actor.salience),
                  len(doc.actors))
        doc.actors.insert(at, actor)
        self.date_mentions(actor, mentions)
        return actor

    def merge(self, actor: Actor, into: Actor) -> None:
        """One actor of two: mentions, forms, roles and links go to ``into``."""
        for m in actor.mentions:
            m.type = into.type
        into.mentions = sorted(into.mentions + actor.mentions, key=lambda m: m.start)
        for form in [actor.name, *actor.aliases]:
            if form not in (into.name, *into.aliases):
                into.aliases.append(form)
        into.roles += [r for r in actor.roles if r not in into.roles]
        into.affiliations += [x for x in actor.affiliations
                              if x not in into.affiliations and x != into.id]
        into.salience = round(into.salience + len(actor.mentions), 3)
        self.replace_actor(actor, into)

    def drop_actor(self, actor: Actor) -> None:
        self.replace_actor(actor, None)

    def replace_actor(self, actor: Actor, by: Actor | None) -> None:
        """Every reference to ``actor`` now to ``by`` (or to no one), and ``actor`` gone."""
        doc = self.doc
        doc.actors = [a for a in doc.actors if a is not actor]
        for q in doc.quotes:
            if q.speaker == actor.id:
                q.speaker = by.id if by else None
                if by:
                    q.speaker_label = by.name
        for e in doc.events:
            if actor.id in e.actors:
                ids = {x for x in e.actors if x != actor.id} | ({by.id} if by else set())
                e.actors = sorted(ids, key=_id_number)
        for a in doc.actors:
            if actor.id in a.affiliations:
                links = [by.id if x == actor.id and by else x for x in a.affiliations
                         if x != actor.id or by]
                a.affiliations = [x for i, x in enumerate(links)
                                  if x != a.id and x not in links[:i]]

    # --- quotes ---------------------------------------------------------------------

    def quote(self, entry: Entry) -> None:
        doc = self.doc
        if entry.add:
            found = self.add_quote(entry)
            if found is None:
                self.warn(entry, f"quote «{_short(entry.match)}» to add is not in the "
                          "article's text")
                return
            matched = [found]
        else:
            key = _quote_key(entry.match)
            matched = [q for q in doc.quotes if _quote_key(q.text).startswith(key)]
        if not matched:
            if not self.applied_before(entry):
                self.warn(entry, f"no quote of this briefing starts with "
                          f"«{_short(entry.match)}»")
            return
        for key, value in self.pending(entry):
            facts = [q.id for q in matched]
            if key == "drop":
                doc.quotes = [q for q in doc.quotes if q not in matched]
                self.record(entry, "quote", "drop", entry.match, [])
                self.ranks_changed = True
                return
            if key == "speaker" and value is not None:
                actors = self.actors_named(value)
                if not actors:
                    self.warn(entry, f"speaker «{value}» is no actor of this briefing (add "
                              "it under actors:)")
                    continue
                for q in matched:
                    # the analyst vouches for the speaker: no longer marked as uncertain
                    q.speaker, q.speaker_label, q.confidence = actors[0].id, actors[0].name, 1.0
                self.ranks_changed = True
            elif key in ("speaker", "unnamed"):
                for q in matched:
                    q.speaker, q.speaker_label = None, value or ""
                    q.confidence = 1.0 if value else None
                self.ranks_changed = True
            elif key == "kind":
                for q in matched:
                    q.kind = value
            elif key == "key":
                self.ranks_changed = True
            self.record(entry, "quote", key, value, facts)

    def add_quote(self, entry: Entry) -> Quote | None:
        """The quote at the entry's verbatim text (white space may differ); an analysed
        quote overlapping it gives way. An identical one already there is that quote."""
        doc = self.doc
        same = [q for q in doc.quotes if _quote_key(q.text) == _quote_key(entry.match)]
        if same:
            return same[0]
        words = entry.match.strip(_QUOTE_EDGES).split()
        if not words:
            return None
        body = next((b.start for b in doc.blocks if b.kind == "paragraph"), 0)
        # in the body rather than in a headline that repeats it
        matches = sorted(re.finditer(r"\s+".join(re.escape(w) for w in words), doc.text),
                         key=lambda m: m.start() < body)
        if not matches:
            return None
        start, end = matches[0].span()
        sentence = next((s for s in doc.sentences if s.start <= start < s.end), None)
        if sentence is None:
            return None
        before = doc.text[:start].rstrip()
        kind = entry.change("kind") or ("direct" if before.endswith(tuple(_OPENING_MARKS))
                                        else "indirect")
        ids = [int(q.id[1:]) for q in doc.quotes if re.fullmatch(r"q\d+", q.id)] + [
            int(f[1:]) for c in doc.corrections for f in c.facts if re.fullmatch(r"q\d+", f)]
        quote = Quote(id=f"q{max(ids, default=0) + 1}", text=doc.text[start:end], kind=kind,
                      speaker=None, speaker_label="", cue="", start=start, end=end,
                      sentence=sentence.id, rank=len(doc.quotes) + 1)
        doc.quotes = sorted([q for q in doc.quotes if q.end <= start or q.start >= end]
                            + [quote], key=lambda q: q.start)
        self.record(entry, "quote", "add", entry.match, [quote.id])
        self.ranks_changed = True
        return quote

    def rerank(self) -> None:
        """Dense ranks again; quotes the analyst marked key first, unmarked ones last."""
        marks: dict[str, bool] = {}
        for c in self.doc.corrections:
            if c.target == "quote" and c.change == "key":
                marks.update({f: bool(c.value) for f in c.facts})
        order = sorted(self.doc.quotes, key=lambda q: (
            {True: 0, None: 1, False: 2}[marks.get(q.id)], q.rank or len(self.doc.quotes)))
        for rank, q in enumerate(order, start=1):
            q.rank = rank

    # --- events ---------------------------------------------------------------------

    def event(self, entry: Entry) -> None:
        doc = self.doc
        key = _fold(entry.match)
        within = _fold(entry.within) if entry.within else None
        sentences = {s.id: s for s in doc.sentences}
        matched = [e for e in doc.events if e.when and _fold(e.when.text) == key and (
            within is None or within in _fold(e.summary) or (
                e.sentence in sentences and within in _fold(
                    doc.sentence_text(sentences[e.sentence]))))]
        if not matched:
            if not self.applied_before(entry):
                extra = f" in a clause with «{entry.within}»" if entry.within else ""
                self.warn(entry, f"no event of this briefing has the time expression "
                          f"«{entry.match}»{extra}")
            return
        for key_, value in self.pending(entry):
            facts = [e.id for e in matched]
            if key_ == "drop":
                doc.events = [e for e in doc.events if e not in matched]
                self.record(entry, "event", "drop", entry.match, [])
                return
            for e in matched:
                e.when.value, e.when.granularity = (value if value else (None, None))
            self.record(entry, "event", key_, value, facts)


def _clitic_before(token: str, word: str) -> tuple[int | None, bool]:
    """(letters before ``word`` in ``token``, whether its article was written «لل»), or
    (None, False) when the token is not the word after a clitic."""
    for prefix in ("", *PREFIXES):
        if token == prefix + word:
            return len(prefix), False
        if word.startswith("ال") and prefix in ("", *CONJUNCTIONS) and \
                token == prefix + "لل" + word[2:]:
            return len(prefix) + 2, True
    return None, False


def _quote_key(text: str) -> str:
    return _fold(text).strip(_QUOTE_EDGES)


def _short(text: str, words: int = 8) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def _id_number(fact_id: str) -> int:
    return int(fact_id[1:]) if fact_id[1:].isdigit() else 0


def correct_facts(doc: Document, corrections: SeedCorrections | None) -> Document:
    """Actors, then quotes (speakers name corrected actors), then events; the stale entries
    go to ``corrections.stale``."""
    if not corrections:
        return doc
    facts = _Facts(doc)
    for entry in corrections.section("actors"):
        facts.actor(entry)
    for entry in corrections.section("quotes"):
        facts.quote(entry)
    for entry in corrections.section("events"):
        facts.event(entry)
    if facts.ranks_changed:
        facts.rerank()
    corrections.stale = facts.stale
    return doc
