"""``briefing review SEED``: a starter corrections file for one seed.

The seed is analysed as it is (no corrections of its own) and every actor, quote and event
is written as commented YAML, the uncertain ones first in each list, so that reviewing a
briefing is uncommenting and editing the lines that are wrong.
"""

from __future__ import annotations

import json
from pathlib import Path

from .config import Settings
from .corrections import ProjectCorrections, SeedCorrections
from .errors import InputError
from .model import Actor, Document, Quote
from .pipeline import analyze
from .readers import reader_for
from .seed_files import read_seed_bytes

_QUOTE_WORDS = range(6, 13)  # a quote is named by its first 6 words, more when needed


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is YAML's)."""
    return json.dumps(text, ensure_ascii=False)


def _actor_doubt(actor: Actor) -> tuple:
    """Named once, with no role: the recognizer's guesses most often wrong."""
    return (len(actor.mentions) > 1, bool(actor.roles), actor.salience)


def _quote_doubt(quote: Quote) -> tuple:
    confidence = getattr(quote, "confidence", None)  # when the speaker ranker gives one
    return (quote.speaker is not None, 1.0 if confidence is None else confidence, quote.start)


def _first_words(quote: Quote, others: list[Quote]) -> str:
    """The fewest first words (six at least) that no other quote starts with."""
    words = quote.text.split()
    for n in _QUOTE_WORDS:
        prefix = " ".join(words[:n])
        if n >= len(words) or not any(o is not quote and " ".join(o.text.split()).startswith(
                prefix) for o in others):
            break
    return prefix


def starter(doc: Document, seed: str) -> str:
    names = {a.id: a.name for a in doc.actors}
    out = [
        f"# Corrections for {seed}, written by `briefing review`.",
        "# Every line is commented out: uncomment and edit what is wrong, then rebuild.",
        "# Name things as you see them: an actor by its name, a quote by its first words, an",
        "# event by its time expression. Uncertain items come first in each list. Keys: README,",
        "# «Reviewing and correcting a briefing». A `note:` on an entry is shown with it.",
        "",
        "article:",
        f"  # title: {_q(doc.title)}",
    ]
    if doc.published:
        out.append(f"  # date: {doc.published.isoformat()}")
    else:
        out.append("  # date: YYYY-MM-DD    # unknown: relative dates («أمس», «السبت») stay "
                   "unresolved until it is set")
    out += [f"  # outlet: {_q(doc.outlet or '')}", f"  # url: {_q(doc.url or '')}", "",
            "actors:"]
    for actor in sorted(doc.actors, key=_actor_doubt):
        n = len(actor.mentions)
        about = [actor.type, f"{n} mention{'s' if n > 1 else ''}"]
        about += [f"roles: {'، '.join(actor.roles)}"] if actor.roles else ["no role"]
        if actor.aliases:
            about.append(f"also: {'، '.join(actor.aliases)}")
        out += [f"  # - actor: {_q(actor.name)}    # {'; '.join(about)}",
                f"  #   rename: {_q(actor.name)}",
                f"  #   type: {actor.type}",
                "  #   drop: true"]
    out += ["", "quotes:"]
    for quote in sorted(doc.quotes, key=_quote_doubt):
        speaker = names.get(quote.speaker or "", "") or (
            f"unnamed «{quote.speaker_label}»" if quote.speaker_label else "no speaker")
        confidence = getattr(quote, "confidence", None)
        about = [quote.kind, f"speaker: {speaker}"] + (
            [f"confidence {confidence:.2f}"] if isinstance(confidence, (int, float)) else [])
        out += [f"  # - quote: {_q(_first_words(quote, doc.quotes))}    # {'; '.join(about)}",
                f"  #   speaker: {_q(names[quote.speaker])}" if quote.speaker in names else (
                    f"  #   unnamed: {_q(quote.speaker_label)}" if quote.speaker_label
                    else "  #   speaker: null"),
                "  #   drop: true"]
    out += ["", "events:"]
    for event in sorted((e for e in doc.events if e.when),
                        key=lambda e: (e.when.value is not None, doc.text.find(e.summary))):
        value = event.when.value
        about = f"{value} ({event.when.granularity})" if value else "no date"
        out += [f"  # - when: {_q(event.when.text)}    # {about}: «{event.summary[:80]}»",
                f"  #   date: {value or 'YYYY-MM-DD'}",
                "  #   drop: true"]
    return "\n".join(out) + "\n"


def review(seed: Path, settings: Settings | None = None) -> str:
    """The starter file's text for one seed (project-wide corrections applied: they are
    not the seed's to review)."""
    settings = settings or Settings()
    raw = read_seed_bytes(seed, str(seed), settings["limits.max_seed_bytes"])
    reader = reader_for(seed)
    if reader is None:
        raise InputError(f"{seed.suffix or 'no suffix'} is not a seed type (.txt, .md)",
                         str(seed), code="not-a-seed")
    doc, _ = reader.read(raw, seed.stem, settings["site.language"])
    project = ProjectCorrections.load(seed)
    doc = analyze(doc, SeedCorrections(project.relevant(raw.data)))
    return starter(doc, str(seed))
