"""The catalog on disk: records added in any order read back in seed order, actors merged
across briefings, the chronology sorted, and site-wide lists written piece by piece exactly
as they would be whole."""

from __future__ import annotations

import json

import pytest

from generator.builders.json_builder import write_json, write_json_list
from generator.catalog import ActorFacts, BriefingRecord, EventFacts, SiteFacts, When
from generator.catalog_store import Catalog


def person(actor_id: str, name: str, mentions: int = 1, roles: list[str] | None = None):
    return ActorFacts(actor_id, f"person:{name}", name, "person", [], roles or [], mentions,
                      [], 0)


def record(slug: str, actors: list[ActorFacts], events: list[EventFacts] | None = None,
           published: str | None = None) -> BriefingRecord:
    return BriefingRecord(
        id=slug, title=f"عنوان {slug}", seed=f"seeds/{slug}.txt", html=f"{slug}/index.html",
        pdf=None, json=f"{slug}/briefing.json", published=published, outlet=None, lang="ar",
        dir="rtl", actors=len(actors), quotes=0, events=len(events or []),
        site=SiteFacts("ملخص", [("s1", "جملة.")], [], actors, events or []))


@pytest.fixture
def catalog(tmp_path):
    with Catalog(tmp_path / "catalog.sqlite") as store:
        yield store


def test_records_come_back_in_seed_order_whatever_order_they_finished_in(catalog):
    catalog.add(2, record("thaleth", []))
    catalog.add(0, record("awwal", []))
    catalog.add(1, record("thani", []))
    catalog.finish()
    assert [r.id for r in catalog.records()] == ["awwal", "thani", "thaleth"]
    assert len(catalog.records()) == 3
    assert [e["html"] for e in catalog.entries()] == [
        "awwal/index.html", "thani/index.html", "thaleth/index.html"]


def test_a_surname_alone_joins_the_one_full_name_across_briefings(catalog):
    catalog.add(1, record("b", [person("a1", "الكاتب", 2, ["وزير المالية"])]))
    catalog.add(0, record("a", [person("a1", "منير الكاتب", 3), person("a2", "سلمى حداد")]))
    catalog.finish()
    merged = list(catalog.actors())
    assert [a["name"] for a in merged] == ["منير الكاتب", "سلمى حداد"]  # most mentioned first
    first = merged[0]
    assert first["mentions"] == 5 and first["roles"] == ["وزير المالية"]
    assert first["aliases"] == ["الكاتب"]
    assert [b["briefing"] for b in first["briefings"]] == ["a", "b"]  # seed order
    page = catalog.actor_page(first["key"])
    assert [b["html"] for b in page["briefings"]] == ["a/index.html", "b/index.html"]


def test_the_chronology_is_sorted_by_the_days_an_event_covers(catalog):
    def event(eid: str, value: str, granularity: str) -> EventFacts:
        return EventFacts(eid, When("نص", value, granularity), f"حدث {eid}", [])

    catalog.add(0, record("a", [], [event("e1", "2021-05", "month"),
                                    event("e2", "2021-04-30", "day")]))
    catalog.add(1, record("b", [], [event("e1", "2021-05-01", "day")]))
    catalog.finish()
    order = [(e["briefing"], e["event"]) for e in catalog.timeline()]
    assert order == [("a", "e2"), ("b", "e1"), ("a", "e1")]
    assert [e["title"] for e in catalog.timeline_pages(1)] == ["عنوان a"]


@pytest.mark.parametrize("items", [[], [{"اسم": "قيمة", "قائمة": [1, {"x": None}], "d": {}}],
                                   [1, "نص", [], {"y": [2, 3]}]])
@pytest.mark.parametrize("compact", [False, True])
def test_a_list_written_piece_by_piece_is_the_list_written_whole(tmp_path, items, compact):
    write_json(tmp_path / "whole.json", {"schema": 1, "items": items}, compact)
    write_json_list(tmp_path / "pieces.json", "items", iter(items), compact)
    assert (tmp_path / "pieces.json").read_bytes() == (tmp_path / "whole.json").read_bytes()
    assert json.loads((tmp_path / "pieces.json").read_text(encoding="utf-8"))["items"] == items
