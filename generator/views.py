"""What the templates show, prepared from the document model (no markup here)."""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from .charts import NETWORK_SIZE, network_svg, timeline_svg
from .chronology import split_timeline
from .corrections import provenance
from .model import Actor, Document
from .stages.speakers import UNCERTAIN

KEY_QUOTES = 5
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
            blocks.append({"kind": block.kind, "sentences": sentences})
    return blocks


def quotes_by_speaker(doc: Document) -> dict[str, list]:
    """Each actor's quotes, in one pass over the quotes."""
    by_id: dict[str, list] = {a.id: [] for a in doc.actors}
    for quote in doc.quotes:
        if quote.speaker in by_id:
            by_id[quote.speaker].append(quote)
    return by_id


def briefing_view(doc: Document, source_limit: int | None = None,
                  anchor: str = "") -> dict[str, Any]:
    """The briefing as templates show it; ``source_limit`` bounds the source text (the PDF
    of a very long article carries its beginning, the page carries all of it)."""
    actors = {a.id: a for a in doc.actors}
    key_quotes = sorted((q for q in doc.quotes if q.rank <= KEY_QUOTES), key=lambda q: q.start)
    dated, undated = split_timeline(doc.events)
    timeline = timeline_svg([(e.when.value, e.when.granularity, e.when.text,
                              f"#{anchor}{e.sentence}") for e in dated], "التسلسل الزمني للأحداث")
    return {
        "timeline_svg": Markup(timeline),  # built and escaped in charts.py
        "network_svg": Markup(network_svg(doc, href=lambda a: f"#{anchor}actor-{a}")),
        "network_size": NETWORK_SIZE,
        "doc": doc,
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
