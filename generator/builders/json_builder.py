"""JSON builder: ``<slug>/briefing.json`` per briefing and the catalog ``index.json``.

The listed fields follow the contract in the README exactly; a few more (lang, dir, keys,
ranks, sentence ids and texts) are there for tracing facts to sentences.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..catalog import BriefingRecord
from ..catalog_store import Catalog
from ..corrections import with_provenance
from ..model import Document
from . import Builder

SCHEMA_VERSION = 1


def briefing_data(doc: Document) -> dict[str, Any]:
    return with_provenance(doc, {
        "schema": SCHEMA_VERSION,
        "id": doc.id,
        "title": doc.title,
        "kicker": doc.kicker,
        "published": doc.published.isoformat() if doc.published else None,
        "outlet": doc.outlet,
        "url": doc.url,
        "url_safe": doc.link_url is not None,
        "seed": doc.seed,
        "summary": doc.summary,
        "lang": doc.lang,
        "dir": doc.dir,
        "actors": [
            {"id": a.id, "name": a.name, "type": a.type, "aliases": a.aliases, "roles": a.roles,
             "affiliations": a.affiliations, "mentions": len(a.mentions), "key": a.key,
             "salience": a.salience,
             "sentences": sorted({m.sentence for m in a.mentions}, key=lambda s: int(s[1:]))}
            for a in doc.actors
        ],
        "quotes": [
            {"id": q.id, "text": q.text, "kind": q.kind, "speaker": q.speaker,
             "speaker_label": q.speaker_label, "confidence": q.confidence, "cue": q.cue,
             "rank": q.rank, "sentence": q.sentence}
            for q in doc.quotes
        ],
        "events": [
            {"id": e.id,
             "when": None if e.when is None else {
                 "text": e.when.text, "value": e.when.value, "granularity": e.when.granularity},
             "summary": e.summary, "actors": e.actors, "sentence": e.sentence}
            for e in doc.events
        ],
        "sentences": [{"id": s.id, "text": doc.sentence_text(s)} for s in doc.sentences],
    })


def write_json(path: Path, data: Any, compact: bool = False) -> None:
    text = (json.dumps(data, ensure_ascii=False, separators=(",", ":")) if compact
            else json.dumps(data, ensure_ascii=False, indent=2))
    path.write_text(text + "\n", encoding="utf-8")


def write_json_list(path: Path, name: str, items: Iterable[Any], compact: bool = False,
                    schema: int = SCHEMA_VERSION, end: str = "\n") -> None:
    """``{"schema": schema, name: [items]}`` written item by item, byte for byte what
    :func:`write_json` writes of the whole (a site-wide list is never held in memory)."""
    with path.open("w", encoding="utf-8") as out:
        if compact:
            out.write(f'{{"schema":{schema},"{name}":[')
            for i, item in enumerate(items):
                out.write(("," if i else "") + json.dumps(item, ensure_ascii=False,
                                                          separators=(",", ":")))
            out.write("]}" + end)
            return
        out.write(f'{{\n  "schema": {schema},\n  "{name}": [')
        empty = True
        for item in items:
            text = json.dumps(item, ensure_ascii=False, indent=2).replace("\n", "\n    ")
            out.write(("\n    " if empty else ",\n    ") + text)
            empty = False
        out.write(("]\n}" if empty else "\n  ]\n}") + end)


class JsonBuilder(Builder):
    name = "json"

    def write_briefing(self, doc: Document, record: BriefingRecord, folder: Path) -> None:
        write_json(folder / "briefing.json", briefing_data(doc))

    def write_site(self, catalog: Catalog, output: Path) -> None:
        """``index.json``, the catalog; ``actors.json``: every actor across briefings,
        merged by identity; ``timeline.json``: every dated event across briefings in
        chronological order (see :mod:`generator.catalog`)."""
        write_json_list(output / "index.json", "briefings", catalog.entries())
        write_json_list(output / "actors.json", "actors", catalog.actors(), compact=True)
        write_json_list(output / "timeline.json", "events", catalog.timeline(), compact=True)
