"""The ordered analysis stages. Each takes the document and returns it with more filled in."""

from __future__ import annotations

from collections.abc import Callable

from .corrections import SeedCorrections
from .model import Document
from .stages.actors import build_actors
from .stages.corrections import correct_article, correct_facts
from .stages.entities import recognize_entities
from .stages.quotes import extract_quotes
from .stages.segment import segment
from .stages.timex import build_chronology

Stage = Callable[[Document], Document]

# (name, stage, what it adds)
STAGES: list[tuple[str, Stage, str]] = [
    ("segment", segment, "sentences and tokens"),
    ("entities", recognize_entities, "a BIO entity tag on every token"),
    ("actors", build_actors, "actors with aliases, roles, affiliations, mentions"),
    ("quotes", extract_quotes, "direct and indirect quotes with speakers and ranks"),
    ("chronology", build_chronology, "events dated by normalized time expressions"),
]


def analyze(doc: Document, corrections: SeedCorrections | None = None) -> Document:
    """The stages in order. The analyst's corrections (if any) hook in around them: the
    article's metadata first (the chronology needs the date), the facts last, so they hold
    whatever the stages find."""
    doc = correct_article(doc, corrections)
    for _name, stage, _adds in STAGES:
        doc = stage(doc)
    return correct_facts(doc, corrections)
