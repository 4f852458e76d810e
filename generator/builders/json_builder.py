"""JSON builder: ``<slug>/briefing.json`` per briefing and the catalog ``index.json``.

The listed fields follow the contract in the README exactly; a few more (lang, dir, keys,
ranks, sentence ids and texts) are there for tracing facts to sentences.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..chronology import date_range
from ..corrections import with_provenance
from ..identity import merge_keys
from ..model import Document

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
             "speaker_label": q.speaker_label, "cue": q.cue, "rank": q.rank,
             "sentence": q.sentence}
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


class JsonBuilder:
    name = "json"

    def write_briefing(self, doc: Document, folder: Path) -> Path:
        path = folder / "briefing.json"
        write_json(path, briefing_data(doc))
        return path

    def write_catalog(self, entries: list[dict[str, Any]], output: Path) -> None:
        write_json(output / "index.json", {"schema": SCHEMA_VERSION, "briefings": entries})

    def write_site_indexes(self, actors: list[dict[str, Any]], timeline: list[dict[str, Any]],
                           output: Path) -> None:
        """``actors.json``: every actor across briefings, merged by identity (see
        :func:`site_actors`); ``timeline.json``: every dated event across briefings in
        chronological order (:func:`site_timeline`)."""
        write_json(output / "actors.json", {"schema": SCHEMA_VERSION, "actors": actors},
                   compact=True)
        write_json(output / "timeline.json", {"schema": SCHEMA_VERSION, "events": timeline},
                   compact=True)


def site_actors(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    merged = merge_keys(a["key"] for e in entries for a in e["site"]["actors"])
    actors: dict[str, dict[str, Any]] = {}
    for entry in entries:
        for a in entry["site"]["actors"]:
            key = merged[a["key"]]
            site = actors.setdefault(key, {"key": key, "name": a["name"], "type": a["type"],
                                           "aliases": [], "roles": [], "affiliations": [],
                                           "mentions": 0,
                                           "quotes": 0, "briefings": []})
            if len(a["name"].split()) > len(site["name"].split()):
                site["name"] = a["name"]
            for form in [a["name"], *a["aliases"]]:
                if form != site["name"] and form not in site["aliases"]:
                    site["aliases"].append(form)
            site["roles"] += [r for r in a["roles"] if r not in site["roles"]]
            site["affiliations"] += [x for x in a["affiliations"]
                                     if x not in site["affiliations"]]
            site["mentions"] += a["mentions"]
            site["quotes"] += a["quotes"]
            site["briefings"].append({"briefing": entry["id"], "actor": a["id"],
                                      "mentions": a["mentions"]})
    for site in actors.values():
        if site["name"] in site["aliases"]:
            site["aliases"].remove(site["name"])
    return sorted(actors.values(), key=lambda a: (-a["mentions"], a["key"]))


def site_timeline(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    events = [{"briefing": e["id"], "event": ev["id"], **{k: ev[k] for k in
                                                        ("when", "summary", "actors")}}
              for e in entries for ev in e["site"]["events"]]
    return sorted(events, key=lambda ev: (*date_range(ev["when"]["value"],
                                                      ev["when"]["granularity"]),
                                          ev["briefing"], ev["event"]))
