"""The catalog: one typed record per built briefing, and what is merged across briefings.

A :class:`BriefingRecord` is all the site-wide pages need of a briefing (its files, its
counts, its actors, key quotes, dated events and sentences for the search), so they can be
written without the documents. Actors are merged across briefings by identity
(:func:`generator.identity.merge_keys`); dated events make one chronology.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from . import codec
from .chronology import date_range
from .identity import merge_keys
from .model import Document
from .slugs import actor_slug
from .views import paragraph_numbers

SUMMARY_CHARS = 300
CATALOG_FIELDS = ("id", "title", "seed", "html", "pdf", "json")  # index.json's per briefing


@dataclass(frozen=True)
class ActorFacts:
    id: str
    key: str
    name: str
    type: str
    aliases: list[str]
    roles: list[str]
    mentions: int
    affiliations: list[str]  # names, not ids: they are read across briefings
    quotes: int


@dataclass(frozen=True)
class QuoteFacts:
    """A quote with a speaker, for the speaker's actor page."""

    speaker: str
    text: str
    sentence: str
    paragraph: int | None


@dataclass(frozen=True)
class When:
    text: str
    value: str
    granularity: str


@dataclass(frozen=True)
class EventFacts:
    id: str
    when: When
    summary: str
    actors: list[str]  # names


@dataclass(frozen=True)
class SiteFacts:
    summary: str
    sentences: list[tuple[str, str]]  # (sentence id, text): the search shows the one found
    quotes: list[QuoteFacts]
    actors: list[ActorFacts]
    events: list[EventFacts]


@dataclass(frozen=True)
class BriefingRecord:
    id: str
    title: str
    seed: str  # the seed's display path
    html: str  # paths relative to the site's root
    pdf: str | None
    json: str
    published: str | None
    outlet: str | None
    lang: str
    dir: str
    actors: int
    quotes: int
    events: int
    site: SiteFacts
    corrections: list[str] = field(default_factory=list)  # the correction files applied

    def to_json(self) -> dict[str, Any]:
        return codec.plain(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> BriefingRecord:
        return codec.build(cls, data)

    @property
    def summary(self) -> str:
        return self.site.summary

    @property
    def actor_names(self) -> list[str]:
        return [a.name for a in self.site.actors]

    def catalog_entry(self) -> dict[str, Any]:
        """This briefing in ``index.json``."""
        return {k: getattr(self, k) for k in CATALOG_FIELDS}


def site_facts(doc: Document) -> SiteFacts:
    names = {a.id: a.name for a in doc.actors}
    paragraphs = paragraph_numbers(doc)
    return SiteFacts(
        summary=doc.summary[:SUMMARY_CHARS],
        sentences=[(s.id, doc.text[s.start:s.end]) for s in doc.sentences],
        quotes=[QuoteFacts(q.speaker, q.text, q.sentence, paragraphs.get(q.sentence))
                for q in doc.quotes if q.speaker],
        actors=[ActorFacts(a.id, a.key, a.name, a.type, a.aliases, a.roles, len(a.mentions),
                           [names[x] for x in a.affiliations],
                           sum(1 for q in doc.quotes if q.speaker == a.id))
                for a in doc.actors],
        events=[EventFacts(e.id, When(e.when.text, e.when.value, e.when.granularity),
                           e.summary, [names[x] for x in e.actors])
                for e in doc.events if e.when and e.when.value],
    )


def record_for(doc: Document, seed: str, slug: str, pdf: bool) -> BriefingRecord:
    """The catalog record of a briefing written into the folder ``slug``."""
    return BriefingRecord(
        id=doc.id, title=doc.title, seed=seed, html=f"{slug}/index.html",
        pdf=f"{slug}/{slug}.pdf" if pdf else None, json=f"{slug}/briefing.json",
        published=doc.published.isoformat() if doc.published else None,
        outlet=doc.outlet, lang=doc.lang, dir=doc.dir, actors=len(doc.actors),
        quotes=len(doc.quotes), events=len(doc.events), site=site_facts(doc),
        corrections=sorted({c.source for c in doc.corrections}))


def site_actors(records: list[BriefingRecord]) -> list[dict[str, Any]]:
    """Every actor across briefings, merged by identity, most mentioned first: the longest
    name, the other names as aliases, roles and affiliations in the order first seen."""
    merged = merge_keys(a.key for r in records for a in r.site.actors)
    actors: dict[str, dict[str, Any]] = {}
    for record in records:
        for a in record.site.actors:
            _merge_actor(actors, merged[a.key], record.id, a)
    for site in actors.values():
        if site["name"] in site["aliases"]:
            site["aliases"].remove(site["name"])
    return sorted(actors.values(), key=lambda a: (-a["mentions"], a["key"]))


def _merge_actor(actors: dict[str, dict[str, Any]], key: str, briefing: str,
                 a: ActorFacts) -> None:
    site = actors.setdefault(key, {"key": key, "name": a.name, "type": a.type, "aliases": [],
                                   "roles": [], "affiliations": [], "mentions": 0,
                                   "quotes": 0, "briefings": []})
    if len(a.name.split()) > len(site["name"].split()):
        site["name"] = a.name
    for form in [a.name, *a.aliases]:
        if form != site["name"] and form not in site["aliases"]:
            site["aliases"].append(form)
    site["roles"] += [r for r in a.roles if r not in site["roles"]]
    site["affiliations"] += [x for x in a.affiliations if x not in site["affiliations"]]
    site["mentions"] += a.mentions
    site["quotes"] += a.quotes
    site["briefings"].append({"briefing": briefing, "actor": a.id, "mentions": a.mentions})


def site_timeline(records: list[BriefingRecord]) -> list[dict[str, Any]]:
    """Every dated event across briefings, in chronological order."""
    events = [{"briefing": r.id, "event": ev.id, "when": codec.plain(ev.when),
               "summary": ev.summary, "actors": ev.actors}
              for r in records for ev in r.site.events]
    return sorted(events, key=lambda ev: (*date_range(ev["when"]["value"],
                                                      ev["when"]["granularity"]),
                                          ev["briefing"], ev["event"]))


class Catalog:
    """Every built briefing's record, in seed order, and the merges across them."""

    def __init__(self, records: list[BriefingRecord]):
        self.records = records

    def entries(self) -> list[dict[str, Any]]:
        return [r.catalog_entry() for r in self.records]

    @cached_property
    def actors(self) -> list[dict[str, Any]]:
        return site_actors(self.records)

    @cached_property
    def timeline(self) -> list[dict[str, Any]]:
        return site_timeline(self.records)

    @cached_property
    def by_id(self) -> dict[str, BriefingRecord]:
        return {r.id: r for r in self.records}

    @cached_property
    def actor_pages(self) -> list[dict[str, Any]]:
        """The merged actors with their page's slug, and each appearance with its
        briefing's page, title and date."""
        actors = [dict(a, briefings=[dict(b) for b in a["briefings"]]) for a in self.actors]
        for actor in actors:
            actor["slug"] = actor_slug(actor["key"])
            for appearance in actor["briefings"]:
                record = self.by_id[appearance["briefing"]]
                appearance.update(html=record.html, title=record.title,
                                  published=record.published)
        return actors
