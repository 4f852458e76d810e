"""What the templates show, prepared from the document model (no markup here)."""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from .charts import network_chart, timeline_svg
from .chronology import date_range, split_timeline
from .corrections import provenance
from .display import arabic_date
from .model import Actor, Document, Quote
from .stages.speakers import UNCERTAIN

KEY_QUOTES = 5
GLANCE_ACTORS = 4  # the main actors «at a glance» names
TYPE_LABELS = {"person": "شخص", "organization": "منظمة", "location": "مكان"}
KIND_LABELS = {"direct": "مباشر", "indirect": "غير مباشر"}
GRANULARITY_LABELS = {"day": "يوم", "week": "أسبوع", "month": "شهر", "year": "سنة"}


@dataclass
class Piece:
    """A run of source text, optionally a mention of an actor."""

    text: str
    actor: Actor | None = None


def source_blocks(doc: Document, limit: int | None = None) -> list[dict[str, Any]]:
    """Blocks of the source text as sentences of pieces, actor mentions marked; with a
    ``limit``, whole sentences up to that many characters (the rest is left out)."""
    mentions = sorted(((m.start, m.end, a) for a in doc.actors for m in a.mentions),
                      key=lambda x: x[0])
    starts = [m[0] for m in mentions]
    # each block's sentences and each sentence's mentions found once, not by rescanning
    # (blocks × sentences × mentions made long articles quadratic)
    by_block: dict[int, list] = defaultdict(list)
    for sentence in doc.sentences:
        by_block[sentence.block].append(sentence)
    blocks = []
    for index, block in enumerate(doc.blocks):
        sentences = []
        for sentence in by_block.get(index, []):
            if limit is not None and sentence.end > limit and sentences + blocks:
                break
            pieces: list[Piece] = []
            cursor = sentence.start
            for k in range(bisect_left(starts, sentence.start), len(mentions)):
                start, end, actor = mentions[k]
                if start >= sentence.end:
                    break
                if start < cursor or end > sentence.end:
                    continue
                if start > cursor:
                    pieces.append(Piece(doc.text[cursor:start]))
                pieces.append(Piece(doc.text[start:end], actor))
                cursor = end
            if cursor < sentence.end:
                pieces.append(Piece(doc.text[cursor:sentence.end]))
            sentences.append({"id": sentence.id, "pieces": pieces})
        if sentences:
            blocks.append({"kind": block.kind, "number": index + 1, "sentences": sentences})
    return blocks


def quotes_by_speaker(doc: Document) -> dict[str, list]:
    """Each actor's quotes, in one pass over the quotes."""
    by_id: dict[str, list] = {a.id: [] for a in doc.actors}
    for quote in doc.quotes:
        if quote.speaker in by_id:
            by_id[quote.speaker].append(quote)
    return by_id


def paragraph_numbers(doc: Document) -> dict[str, int]:
    """Sentence id -> the number of its paragraph (block) in the source text, counted from 1:
    references print «فقرة 3» rather than an internal sentence id."""
    return {s.id: s.block + 1 for s in doc.sentences}


def quote_groups(quotes: list[Quote], actors: dict[str, Actor]) -> list[dict[str, Any]]:
    """Key quotes grouped by speaker (a named actor, or an unnamed source by its label), the
    group of the strongest quote first, each group's quotes in text order."""
    groups: dict[str, dict[str, Any]] = {}
    for q in sorted(quotes, key=lambda q: q.rank):
        key = q.speaker or f"label:{q.speaker_label}"
        group = groups.setdefault(key, {"actor": actors.get(q.speaker or ""),
                                        "label": q.speaker_label, "quotes": []})
        group["quotes"].append(q)
    for group in groups.values():
        group["quotes"].sort(key=lambda q: q.start)
    return list(groups.values())


def glance(doc: Document, dated: list) -> dict[str, Any]:
    """«At a glance»: the most salient people and organizations with their first role, the
    strongest quote (a person's or organization's own words first, then anything said by a
    named actor, then the best ranked), and the span of dates."""
    main = [a for a in doc.actors if a.type != "location"][:GLANCE_ACTORS]
    types = {a.id: a.type for a in doc.actors}
    ranked = sorted(doc.quotes, key=lambda q: (
        not (q.kind == "direct" and types.get(q.speaker or "") in ("person", "organization")),
        not q.speaker, q.rank))
    strongest = ranked[0] if ranked else None
    span = None
    if dated:  # in chronological order: the first starts earliest
        # the last ends latest; of a year and its December, the December is the closer end
        last = max(dated, key=lambda e: date_range(e.when.value, e.when.granularity)[::-1])
        span = (arabic_date(dated[0].when.value, dated[0].when.granularity),
                arabic_date(last.when.value, last.when.granularity))
    return {"actors": main, "quote": strongest, "span": span}


def briefing_view(doc: Document, source_limit: int | None = None,
                  anchor: str = "") -> dict[str, Any]:
    """The briefing as templates show it; ``source_limit`` bounds the source text (the PDF
    of a very long article carries its beginning, the page carries all of it)."""
    actors = {a.id: a for a in doc.actors}
    key_quotes = sorted((q for q in doc.quotes if q.rank <= KEY_QUOTES), key=lambda q: q.start)
    dated, undated = split_timeline(doc.events)
    timeline = timeline_svg([(e.when.value, e.when.granularity, e.when.text,
                              f"#{anchor}{e.sentence}") for e in dated], "التسلسل الزمني للأحداث")
    at_a_glance = glance(doc, dated)
    return {
        "timeline_svg": Markup(timeline),  # built and escaped in charts.py
        "timeline_ends": at_a_glance["span"],
        "network": network_chart(doc, href=lambda a: f"#{anchor}actor-{a}"),
        "doc": doc,
        "glance": at_a_glance,
        "paragraphs": paragraph_numbers(doc),
        "people": [a for a in doc.actors if a.type == "person"],
        "organizations": [a for a in doc.actors if a.type == "organization"],
        "places": [a for a in doc.actors if a.type == "location"],
        "quote_groups": quote_groups(key_quotes, actors),
        "actors": actors,
        "quotes_by_speaker": quotes_by_speaker(doc),
        "key_quotes": key_quotes,
        "dated_events": dated,
        "undated_events": undated,
        "source": source_blocks(doc, source_limit),
        "source_cut": source_limit is not None and len(doc.text) > source_limit,
        "type_labels": TYPE_LABELS,
        "kind_labels": KIND_LABELS,
        "uncertain": UNCERTAIN,
        "granularity_labels": GRANULARITY_LABELS,
        **correction_view(doc),
    }


CHANGE_LABELS = {"title": "العنوان", "date": "التاريخ", "outlet": "المصدر", "url": "الرابط",
                 "add": "إضافة", "drop": "حذف", "merge_into": "دمج في", "rename": "تسمية",
                 "type": "النوع", "aliases": "أسماء أخرى", "roles": "الصفات",
                 "affiliations": "الانتماء", "speaker": "المتحدث", "unnamed": "مصدر غير مسمى",
                 "kind": "نوع الاقتباس", "key": "اقتباس بارز"}
TARGET_LABELS = {"article": "المقال", "actor": "فاعل", "quote": "اقتباس", "event": "حدث"}


def correction_view(doc: Document) -> dict[str, Any]:
    """The analyst's corrections as the page shows them: a mark and the notes on each
    corrected fact (``corrected["actor:a3"]``), and the list of all of them."""
    listed, marks = provenance(doc)
    notes = {key: list(dict.fromkeys(listed[i]["note"] for i in ids if listed[i]["note"]))
             for key, ids in marks.items()}
    shown: set[str] = set()  # one note for the whole article block is shown once
    for key in ("article:title", "article:date", "article:outlet", "article:url"):
        if key in notes:
            notes[key] = [n for n in notes[key] if n not in shown]
            shown.update(notes[key])
    return {"corrections": listed, "corrected": notes, "change_labels": CHANGE_LABELS,
            "target_labels": TARGET_LABELS}
