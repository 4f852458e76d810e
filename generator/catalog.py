"""The catalog: one typed record per built briefing, and how briefings merge on the site.

A :class:`BriefingRecord` is all the site-wide pages need of a briefing (its files, its
counts, its actors, key quotes, dated events and sentences for the search), so they can be
written without the documents. Actors are merged across briefings by identity
(:func:`generator.identity.merge_keys`, :func:`merge_actor`); dated events make one
chronology (:func:`event_order`). :mod:`generator.catalog_store` keeps the records on disk.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from . import codec
from .chronology import date_range
from .model import Document
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


def merge_actor(site: dict[str, Any] | None, key: str, briefing: str,
                a: ActorFacts) -> dict[str, Any]:
    """The site-wide actor ``key`` with one more briefing's actor merged in (``site`` None:
    the first): the longest name, the other names as aliases, roles and affiliations in the
    order first seen, mentions and quotes summed."""
    if site is None:
        site = {"key": key, "name": a.name, "type": a.type, "aliases": [], "roles": [],
                "affiliations": [], "mentions": 0, "quotes": 0, "briefings": []}
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
    return site


def finish_actor(site: dict[str, Any]) -> dict[str, Any]:
    """A merged actor's name is never also one of its aliases (a longer name came later)."""
    if site["name"] in site["aliases"]:
        site["aliases"].remove(site["name"])
    return site


def event_order(when: When) -> tuple[str, str]:
    """An event's place in the site's chronology: the first and last day its time covers
    (ISO dates, which sort as the days do)."""
    first, last = date_range(when.value, when.granularity)
    return first.isoformat(), last.isoformat()
