"""The catalog of one build on disk: every briefing's record written to SQLite as its seed
finishes, so the site-wide pages are written from the file, one briefing or one actor at a
time, and the build's memory does not grow with the number of briefings.

Everything is read back in seed order (``seq``), whatever order the seeds finished in, so
the pages are the same for any number of workers.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from .catalog import (
    CATALOG_FIELDS,
    ActorFacts,
    BriefingRecord,
    event_order,
    finish_actor,
    merge_actor,
)
from .codec import plain
from .identity import merge_keys
from .slugs import actor_slug

_TABLES = """
CREATE TABLE briefings (seq INTEGER PRIMARY KEY, id TEXT, html TEXT, title TEXT,
                        published TEXT, outlet TEXT, record TEXT);
CREATE INDEX briefings_id ON briefings (id);
CREATE TABLE actors (seq INTEGER, pos INTEGER, briefing TEXT, actor TEXT, key TEXT,
                     name TEXT, mentions INTEGER, facts TEXT, PRIMARY KEY (seq, pos));
CREATE INDEX actors_key ON actors (key);
CREATE TABLE quotes (seq INTEGER, pos INTEGER, briefing TEXT, speaker TEXT, quote TEXT,
                     PRIMARY KEY (seq, pos));
CREATE INDEX quotes_speaker ON quotes (briefing, speaker);
CREATE TABLE events (seq INTEGER, pos INTEGER, first TEXT, last TEXT, briefing TEXT,
                     event TEXT, data TEXT, PRIMARY KEY (seq, pos));
CREATE INDEX events_order ON events (first, last, briefing, event);
CREATE TABLE keymap (key TEXT PRIMARY KEY, merged TEXT);
CREATE INDEX keymap_merged ON keymap (merged);
CREATE TABLE site_actors (rank INTEGER PRIMARY KEY, key TEXT UNIQUE, data TEXT);
"""


class Rows:
    """A sequence the templates can count and loop over, read from disk each time."""

    def __init__(self, count: int, rows: Callable[[], Iterator[Any]]):
        self._count = count
        self._rows = rows

    def __len__(self) -> int:
        return self._count

    def __bool__(self) -> bool:
        return self._count > 0

    def __iter__(self) -> Iterator[Any]:
        return self._rows()


class Catalog:
    """Every built briefing's record, in seed order, and the merges across them."""

    def __init__(self, path: Path):
        self.path = path
        path.unlink(missing_ok=True)
        self.db = sqlite3.connect(path)
        self.db.executescript(_TABLES)

    def __enter__(self) -> Catalog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.db.close()
        self.path.unlink(missing_ok=True)

    # --- writing, as seeds finish ---------------------------------------------------------

    def add(self, seq: int, record: BriefingRecord) -> None:
        """Keep one briefing's record (``seq``: its seed's place in the seed order)."""
        db, site = self.db, record.site
        db.execute("INSERT INTO briefings VALUES (?, ?, ?, ?, ?, ?, ?)",
                   (seq, record.id, record.html, record.title, record.published,
                    record.outlet, json.dumps(record.to_json(), ensure_ascii=False)))
        db.executemany("INSERT INTO actors VALUES (?, ?, ?, ?, ?, ?, ?, ?)", [
            (seq, pos, record.id, a.id, a.key, a.name, a.mentions, _dumps(a))
            for pos, a in enumerate(site.actors)])
        db.executemany("INSERT INTO quotes VALUES (?, ?, ?, ?, ?)", [
            (seq, pos, record.id, q.speaker, _dumps(q)) for pos, q in enumerate(site.quotes)])
        db.executemany("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?)", [
            (seq, pos, *event_order(ev.when), record.id, ev.id, json.dumps(
                {"briefing": record.id, "event": ev.id, "when": plain(ev.when),
                 "summary": ev.summary, "actors": ev.actors}, ensure_ascii=False))
            for pos, ev in enumerate(site.events)])

    def finish(self) -> None:
        """Merge the actors across briefings, once every record is in."""
        db = self.db
        keys = merge_keys(key for (key,) in db.execute("SELECT DISTINCT key FROM actors"))
        db.executemany("INSERT INTO keymap VALUES (?, ?)", keys.items())
        totals = db.execute("SELECT k.merged, SUM(a.mentions) FROM actors a JOIN keymap k "
                            "ON a.key = k.key GROUP BY k.merged").fetchall()
        order = [key for key, _ in sorted(totals, key=lambda t: (-t[1], t[0]))]
        for rank, key in enumerate(order):
            site = None
            for briefing, facts in db.execute(
                    "SELECT a.briefing, a.facts FROM actors a JOIN keymap k ON a.key = k.key "
                    "WHERE k.merged = ? ORDER BY a.seq, a.pos", (key,)):
                site = merge_actor(site, key, briefing, ActorFacts(**json.loads(facts)))
            db.execute("INSERT INTO site_actors VALUES (?, ?, ?)",
                       (rank, key, json.dumps(finish_actor(site), ensure_ascii=False)))
        db.commit()

    # --- reading, for the site-wide pages -------------------------------------------------

    def __len__(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM briefings").fetchone()[0]

    def _json_rows(self, sql: str, args: tuple = ()) -> Iterator[Any]:
        for (text,) in self.db.execute(sql, args):
            yield json.loads(text)

    def record_data(self) -> Iterator[dict[str, Any]]:
        """Every record as JSON data, in seed order."""
        return self._json_rows("SELECT record FROM briefings ORDER BY seq")

    def records(self) -> Rows:
        return Rows(len(self), lambda: map(BriefingRecord.from_json, self.record_data()))

    def entries(self) -> Iterator[dict[str, Any]]:
        """Every briefing's entry in ``index.json``."""
        for data in self.record_data():
            yield {k: data[k] for k in CATALOG_FIELDS}

    def fingerprint(self) -> str:
        """A hash of every record, in seed order (the site-wide pages' cache key)."""
        digest = hashlib.sha256()
        for (text,) in self.db.execute("SELECT record FROM briefings ORDER BY seq"):
            digest.update(text.encode())
            digest.update(b"\0")
        return digest.hexdigest()

    def corrections_used(self) -> set[str]:
        return {source for data in self.record_data() for source in data["corrections"]}

    def folders(self) -> set[str]:
        """The briefings' folders in the site."""
        return {html.split("/")[0] for (html,) in self.db.execute("SELECT html FROM briefings")}

    def pages(self) -> Iterator[tuple[str, str | None]]:
        """(page, date) of every briefing, in seed order."""
        return self.db.execute("SELECT html, published FROM briefings ORDER BY seq")

    def outlets(self) -> list[str]:
        return sorted(o for (o,) in self.db.execute(
            "SELECT DISTINCT outlet FROM briefings WHERE outlet IS NOT NULL AND outlet != ''"))

    def mentions_by_name(self) -> dict[str, int]:
        """Mentions of each actor name across briefings, names in the order first seen."""
        mentions: dict[str, int] = {}
        for name, count in self.db.execute("SELECT name, mentions FROM actors ORDER BY seq, pos"):
            mentions[name] = mentions.get(name, 0) + count
        return mentions

    def latest(self, count: int) -> list[BriefingRecord]:
        """The ``count`` latest briefings (undated last; by id among the same date)."""
        return [BriefingRecord.from_json(d) for d in self._json_rows(
            "SELECT record FROM briefings ORDER BY COALESCE(published, '') DESC, id DESC "
            "LIMIT ?", (count,))]

    def last_date(self) -> str | None:
        return self.db.execute("SELECT MAX(published) FROM briefings").fetchone()[0]

    def actors(self) -> Rows:
        """Every actor across briefings, merged by identity, most mentioned first."""
        count = self.db.execute("SELECT COUNT(*) FROM site_actors").fetchone()[0]
        return Rows(count, lambda: self._json_rows("SELECT data FROM site_actors ORDER BY rank"))

    def actor_pages(self, quotes: bool = False) -> Rows:
        """The merged actors with their page's slug, and each appearance with its
        briefing's page, title and date (and its quotes, with ``quotes``)."""
        actors = self.actors()
        return Rows(len(actors), lambda: (self._page(a, quotes) for a in actors))

    def actor_page(self, key: str, quotes: bool = True) -> dict[str, Any]:
        (text,) = self.db.execute("SELECT data FROM site_actors WHERE key = ?",
                                  (key,)).fetchone()
        return self._page(json.loads(text), quotes)

    def _page(self, actor: dict[str, Any], quotes: bool) -> dict[str, Any]:
        actor["slug"] = actor_slug(actor["key"])
        for appearance in actor["briefings"]:
            html, title, published = self.db.execute(
                "SELECT html, title, published FROM briefings WHERE id = ?",
                (appearance["briefing"],)).fetchone()
            appearance.update(html=html, title=title, published=published)
            if quotes:
                appearance["quotes"] = list(self._json_rows(
                    "SELECT quote FROM quotes WHERE briefing = ? AND speaker = ? "
                    "ORDER BY seq, pos", (appearance["briefing"], appearance["actor"])))
        return actor

    def own_keys(self) -> Iterator[tuple[str, str]]:
        """(an actor's own key, the site-wide key it was merged into), in seed order."""
        return self.db.execute("SELECT a.key, k.merged FROM actors a JOIN keymap k "
                               "ON a.key = k.key ORDER BY a.seq, a.pos")

    def timeline(self, limit: int = -1) -> Rows:
        """Every dated event across briefings, in chronological order."""
        count = self.db.execute("SELECT COUNT(*) FROM events").fetchone()[0]
        shown = count if limit < 0 else min(count, limit)
        return Rows(shown, lambda: self._json_rows(
            "SELECT data FROM events ORDER BY first, last, briefing, event LIMIT ?", (limit,)))

    def timeline_pages(self, limit: int = -1) -> Rows:
        """The chronology with each event's briefing title and page."""
        events = self.timeline(limit)
        return Rows(len(events), lambda: (self._with_briefing(e) for e in events))

    def _with_briefing(self, event: dict[str, Any]) -> dict[str, Any]:
        title, html = self.db.execute("SELECT title, html FROM briefings WHERE id = ?",
                                      (event["briefing"],)).fetchone()
        return {**event, "title": title, "html": html}


def _dumps(value: Any) -> str:
    return json.dumps(plain(value), ensure_ascii=False)
