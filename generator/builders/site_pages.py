"""Site-wide pages: an actor page per entity across briefings, the merged timeline, search,
404, and (with ``base_url``) sitemap.xml and an Atom feed. Links between pages are relative,
so the site works from any sub-path and from disk; only the sitemap and the feed, which
need them, carry absolute addresses."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from markupsafe import Markup

from ..arabic import search_key
from ..charts import timeline_svg
from ..display import arabic_date
from ..search_index import write_index
from ..slugs import actor_slug
from ..views import TYPE_LABELS
from .html_builder import HtmlBuilder, page_context

TIMELINE_CHART_EVENTS = 60
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class SitePagesBuilder:
    name = "site"

    def __init__(self, html: HtmlBuilder, description: str = "", base_url: str | None = None,
                 cache_dir: Path | None = None, fingerprint: str = ""):
        self.html = html
        # actor pages are many and mostly unchanged between builds: kept by content hash
        self.cache = cache_dir / "pages" if cache_dir else None
        self.fingerprint = fingerprint
        self.env = html.env
        self.description = description
        self.base_url = base_url.rstrip("/") + "/" if base_url else None

    def _page(self, title: str, root: str) -> dict[str, Any]:
        return page_context(title, "ar", "rtl", root, site_title=self.html.site_title,
                            description=self.description)

    def _render(self, template: str, path: Path, **context: Any) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        text = self.env.get_template(template).render(**context)
        if path.suffix == ".xml":  # XML 1.0 forbids these outright: one makes the feed unreadable
            text = _NOT_XML.sub("", text)
        path.write_text(text, encoding="utf-8")

    def _render_cached(self, template: str, path: Path, **context: Any) -> None:
        """Render, or copy the page an earlier build rendered from the same context."""
        if self.cache is None:
            self._render(template, path, **context)
            return
        key = hashlib.sha256(json.dumps([self.fingerprint, template, context], sort_keys=True,
                                        ensure_ascii=False, default=str).encode()).hexdigest()
        cached = self.cache / f"{key}.html"
        try:
            shutil.copyfile(cached, path)  # a copy: the output may be edited, the cache not
            return
        except FileNotFoundError:
            pass
        self._render(template, path, **context)
        self.cache.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(f".{os.getpid()}.tmp")
        shutil.copyfile(path, tmp)
        tmp.replace(cached)

    def write(self, entries: list[dict[str, Any]], actors: list[dict[str, Any]],
              timeline: list[dict[str, Any]], output: Path) -> None:
        by_id = {e["id"]: e for e in entries}
        actors = [dict(a, briefings=[dict(b) for b in a["briefings"]]) for a in actors]
        for actor in actors:
            actor["slug"] = actor_slug(actor["key"])
            for appearance in actor["briefings"]:
                entry = by_id[appearance["briefing"]]
                appearance.update(html=entry["html"], title=entry["title"],
                                  published=entry["published"])
        self.write_actor_pages(actors, entries, output)
        self.write_timeline(entries, timeline, output)
        self.write_search(entries, actors, output)
        self._render("404.html.j2", output / "404.html",
                     page=self._page("الصفحة غير موجودة", self.base_url or ""),
                     home=(self.base_url or "") + "index.html")
        if self.base_url:
            self.write_sitemap_and_feed(entries, actors, output)

    def write_actor_pages(self, actors: list[dict[str, Any]], entries: list[dict[str, Any]],
                          output: Path) -> None:
        folder = output / "actors"
        folder.mkdir(parents=True, exist_ok=True)
        quotes = {(e["id"], q["speaker"]): [] for e in entries for q in e["site"]["quotes"]}
        for e in entries:
            for q in e["site"]["quotes"]:
                quotes[(e["id"], q["speaker"])].append(q)
        for actor in actors:
            for appearance in actor["briefings"]:
                appearance["quotes"] = quotes.get((appearance["briefing"], appearance["actor"]),
                                                  [])
            self._render_cached("actor.html.j2", folder / f"{actor['slug']}.html",
                                page=self._page(actor["name"], "../"), actor=actor,
                                type_labels=TYPE_LABELS)
        # every briefing's own actor key has a page: a merged one points to the entity's
        for e in entries:
            for a in e["site"]["actors"]:
                slug = actor_slug(a["key"])
                if not (folder / f"{slug}.html").exists():
                    target = next(x for x in actors if any(
                        b["briefing"] == e["id"] and b["actor"] == a["id"]
                        for b in x["briefings"]))
                    self._render_cached("actor.html.j2", folder / f"{slug}.html",
                                        page=self._page(target["name"], "../"), actor=target,
                                        type_labels=TYPE_LABELS)
        self._render("actors.html.j2", folder / "index.html",
                     page=self._page("الفاعلون", "../"), actors=actors, type_labels=TYPE_LABELS)

    def write_timeline(self, entries: list[dict[str, Any]], timeline: list[dict[str, Any]],
                       output: Path) -> None:
        by_id = {e["id"]: e for e in entries}
        events = [dict(ev) for ev in timeline]
        for ev in events:
            entry = by_id[ev["briefing"]]
            ev["title"] = entry["title"]
            ev["html"] = entry["html"]
        shown = events[:TIMELINE_CHART_EVENTS]
        chart = timeline_svg([(e["when"]["value"], e["when"]["granularity"], e["summary"],
                               e["html"]) for e in shown], "التسلسل الزمني لكل الموجزات")
        ends = (arabic_date(shown[0]["when"]["value"], shown[0]["when"]["granularity"]),
                arabic_date(shown[-1]["when"]["value"], shown[-1]["when"]["granularity"])
                ) if shown else None
        self._render("timeline.html.j2", output / "timeline.html",
                     page=self._page("التسلسل الزمني", ""), events=events, chart=Markup(chart),
                     ends=ends)

    def write_search(self, entries: list[dict[str, Any]], actors: list[dict[str, Any]],
                     output: Path) -> None:
        """``search/``: the sharded index (generator/search_index.py) of one entry per
        briefing (its title, outlet, actors and whole text, folded; its sentences so a result
        shows the one that matched) and one per actor."""
        def briefings() -> Iterator[tuple[str, dict[str, Any]]]:
            for e in entries:
                names = " ".join(a["name"] for a in e["site"]["actors"])
                sentences = e["site"].get("sentences", [])
                text = " ".join(filter(None, (e["title"], e.get("outlet"), names,
                                              e["site"].get("summary", ""),
                                              *(t for _sid, t in sentences))))
                yield search_key(text), {"type": "briefing", "t": e["title"], "u": e["html"],
                                         "d": arabic_date(e["published"]), "s": sentences}

        write_index(briefings(), ((search_key(" ".join([a["name"], *a["aliases"]])),
                                   {"type": "actor", "t": a["name"],
                                    "u": f"actors/{a['slug']}.html", "d": None})
                                  for a in actors), output / "search")
        self._render("search.html.j2", output / "search.html", page=self._page("البحث", ""))

    def write_sitemap_and_feed(self, entries: list[dict[str, Any]],
                               actors: list[dict[str, Any]], output: Path) -> None:
        base = self.base_url
        pages = [{"loc": base + "index.html", "lastmod": None},
                 {"loc": base + "timeline.html", "lastmod": None},
                 {"loc": base + "actors/index.html", "lastmod": None}]
        pages += [{"loc": base + e["html"], "lastmod": e["published"]} for e in entries]
        pages += [{"loc": base + f"actors/{a['slug']}.html", "lastmod": None} for a in actors]
        self._render("sitemap.xml.j2", output / "sitemap.xml", pages=pages)
        dated = sorted((e for e in entries), key=lambda e: (e["published"] or "", e["id"]),
                       reverse=True)
        updated = max((e["published"] for e in entries if e["published"]), default="1970-01-01")
        self._render("feed.xml.j2", output / "feed.xml", title=self.html.site_title,
                     description=self.description, base_url=base, updated=updated,
                     briefings=[{**e, "summary": e["site"].get("summary", "")}
                                for e in dated[:50]])
