"""The ordered analysis stages. Each takes the document and returns it with more filled in.

The pipeline, not the stages, decides which language models apply: segmentation works on any
script, the recognizer, actor, quote and chronology stages are Arabic models and run only on
Arabic documents (a Persian or English article is rendered, not analysed)."""

from __future__ import annotations

from collections.abc import Callable

from .arabic import is_arabic_language
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
# The stages that work on text of any language; the others are models of Arabic.
ANY_LANGUAGE = {"segment"}


def stages_for(lang: str) -> list[tuple[str, Stage]]:
    """The stages that apply to a document in this language (a BCP 47 tag), in order."""
    arabic = is_arabic_language(lang)
    return [(name, stage) for name, stage, _adds in STAGES if arabic or name in ANY_LANGUAGE]


def analyze(doc: Document, corrections: SeedCorrections | None = None) -> Document:
    """The stages in order. The analyst's corrections (if any) hook in around them: the
    article's metadata first (the chronology needs the date), the facts last, so they hold
    whatever the stages find."""
    doc = correct_article(doc, corrections)
    for _name, stage in stages_for(doc.lang):
        doc = stage(doc)
    return correct_facts(doc, corrections)
