"""Stage 3, actors: adds ``doc.actors`` from the recognized entity spans.

Mentions of one entity are merged (full name, surname alone, clitics and spelling variants,
a country's other names); titles before a name and appositions after it become roles;
organizations and places named in a role, a nationality adjective in a title or a body's
name, «بقيادة», «التابع ل», «المنضوية تحت» become affiliations. Generic and pejorative
groups, event nouns and nationality adjectives are not actors.
"""

from __future__ import annotations

from ..arabic import name_key
from ..lexicon import lexicon
from ..model import Actor, Document
from .coreference import find_more_mentions, merge_mentions
from .mentions import MIN_CONFIDENCE, collect_mentions, document_words, split_joined_names
from .roles import add_roles_and_affiliations


def build_actors(doc: Document) -> Document:
    """Adds ``doc.actors``: one per entity, most salient first, ids a1, a2, …"""
    lex = lexicon()
    known = document_words(doc)
    # names seen alone are evidence too: «لروسيا» is «روسيا» when the recognizer tagged it
    mentions = split_joined_names(collect_mentions(doc, known))
    groups = [g for g in merge_mentions(mentions)
              if max(m.confidence for m in g) >= MIN_CONFIDENCE]
    find_more_mentions(doc, groups, known)
    actors: list[Actor] = []
    first_sentence = {s.id: i for i, s in enumerate(doc.sentences)}
    n_sentences = max(len(doc.sentences), 1)
    for group in groups:
        forms: dict[str, str] = {}
        for m in group:
            forms.setdefault(name_key(m.text), m.text)
        name = max(forms.values(), key=lambda f: (len(f.split()), -list(forms.values()).index(f)))
        aliases = [f for f in forms.values() if f != name]
        kind = group[0].type
        position = min(first_sentence[m.sentence] for m in group) / n_sentences
        salience = len(group) + (1.0 - position) + (1.0 if kind == "person" else 0.0)
        actors.append(Actor(id="", name=name, type=kind, key=f"{kind}:{name_key(name)}",
                            aliases=aliases, mentions=group, salience=round(salience, 3)))
    actors.sort(key=lambda a: (-a.salience, a.mentions[0].start))
    for i, actor in enumerate(actors, start=1):
        actor.id = f"a{i}"
    doc.actors = actors
    add_roles_and_affiliations(doc, lex)
    return doc
