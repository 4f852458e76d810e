"""The analyst's corrections to actors: add, drop, rename, retype, merge, aliases (found in
the text after a clitic too: «وبايدن», «للحرس الثوري»), roles and affiliations."""

from __future__ import annotations

from ..arabic import letters_offset, name_key, normalize
from ..clitics import CONJUNCTIONS, PREFIXES
from ..corrections_format import Entry
from ..model import Actor, Document, Mention


class ActorCorrections:
    """The actor part of one application of the fact corrections (mixed into the class
    that holds the document, ``warn``, ``record``, ``pending`` and ``applied_before``)."""

    doc: Document
    next_actor: int

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
            self.unmatched(entry, f"actor «{entry.match}» matches no actor of this briefing")
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
            actor = self.merge_into(actor, value)
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
            self.add_affiliations(entry, actor, value)
        actor.key = f"{actor.type}:{name_key(actor.name)}"
        self.record(entry, "actor", key, list(value) if isinstance(value, tuple) else value,
                    [actor.id])
        return actor

    def merge_into(self, actor: Actor, name: str) -> Actor:
        """The actor merged into the one named ``name``; when no actor of the article has
        that name, this actor takes it (one identity across briefings)."""
        target = self.actors_named(name, besides=actor)
        if target:
            self.merge(actor, target[0])
            return target[0]
        if name_key(actor.name) != name_key(name):
            actor.aliases = [a for a in [actor.name, *actor.aliases] if a != name]
            actor.name = name
        return actor

    def add_affiliations(self, entry: Entry, actor: Actor, names) -> None:
        for name in names:
            others = self.actors_named(name, besides=actor)
            if not others:
                self.warn(entry, f"affiliation «{name}» of «{entry.match}» is no actor "
                          "of this briefing")
                continue
            if others[0].id not in actor.affiliations:
                actor.affiliations.append(others[0].id)

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
                event.actors = sorted(event.actors + [actor.id], key=id_number)

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
                e.actors = sorted(ids, key=id_number)
        for a in doc.actors:
            if actor.id in a.affiliations:
                links = [by.id if x == actor.id and by else x for x in a.affiliations
                         if x != actor.id or by]
                a.affiliations = [x for i, x in enumerate(links)
                                  if x != a.id and x not in links[:i]]


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


def id_number(fact_id: str) -> int:
    return int(fact_id[1:]) if fact_id[1:].isdigit() else 0
