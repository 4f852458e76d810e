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

from ..arabic import normalize
from ..corrections import STALE, Entry, SeedCorrections
from ..errors import Problem
from ..model import Correction, Document, Quote
from .actor_corrections import ActorCorrections

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


class _Facts(ActorCorrections):
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

    def unmatched(self, entry: Entry, message: str) -> None:
        """An entry that matches nothing, unless an earlier run applied it (it matched then)."""
        if not self.applied_before(entry):
            self.warn(entry, message)

    # --- quotes ---------------------------------------------------------------------

    def quotes_of(self, entry: Entry) -> list[Quote] | None:
        """The quotes an entry is about: the one it adds, or those starting with its text;
        None (and a warning) when a quote to add is not in the text."""
        if entry.add:
            found = self.add_quote(entry)
            if found is None:
                self.warn(entry, f"quote «{_short(entry.match)}» to add is not in the "
                          "article's text")
            return None if found is None else [found]
        key = _quote_key(entry.match)
        return [q for q in self.doc.quotes if _quote_key(q.text).startswith(key)]

    def quote(self, entry: Entry) -> None:
        doc = self.doc
        matched = self.quotes_of(entry)
        if matched is None:
            return
        if not matched:
            self.unmatched(entry, f"no quote of this briefing starts with «{_short(entry.match)}»")
            return
        for key, value in self.pending(entry):
            facts = [q.id for q in matched]
            if key == "drop":
                doc.quotes = [q for q in doc.quotes if q not in matched]
                self.record(entry, "quote", "drop", entry.match, [])
                self.ranks_changed = True
                return
            if key == "speaker" and value is not None:
                if not self.set_speaker(entry, matched, value):
                    continue
            else:
                self.change_quotes(matched, key, value)
            self.record(entry, "quote", key, value, facts)

    def change_quotes(self, quotes: list[Quote], key: str, value) -> None:
        """An unnamed speaker (or none), a kind, or a key-quote mark."""
        if key in ("speaker", "unnamed"):
            for q in quotes:
                q.speaker, q.speaker_label = None, value or ""
                q.confidence = 1.0 if value else None
            self.ranks_changed = True
        elif key == "kind":
            for q in quotes:
                q.kind = value
        elif key == "key":
            self.ranks_changed = True

    def set_speaker(self, entry: Entry, quotes: list[Quote], name: str) -> bool:
        """The actor named ``name`` as the quotes' speaker; False (and a warning) when no
        actor of the briefing has that name."""
        actors = self.actors_named(name)
        if not actors:
            self.warn(entry, f"speaker «{name}» is no actor of this briefing (add "
                      "it under actors:)")
            return False
        for q in quotes:
            # the analyst vouches for the speaker: no longer marked as uncertain
            q.speaker, q.speaker_label, q.confidence = actors[0].id, actors[0].name, 1.0
        self.ranks_changed = True
        return True

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
            extra = f" in a clause with «{entry.within}»" if entry.within else ""
            self.unmatched(entry, f"no event of this briefing has the time expression "
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


def _quote_key(text: str) -> str:
    return _fold(text).strip(_QUOTE_EDGES)


def _short(text: str, words: int = 8) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


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
