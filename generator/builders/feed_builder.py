"""Feed builder (with ``site.base_url``): ``sitemap.xml`` and an Atom feed, the only files
that carry absolute addresses."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..catalog import BriefingRecord, Catalog
from .html_builder import PageWriter

FEED_ENTRIES = 50


class FeedBuilder(PageWriter):
    name = "feed"

    def write_site(self, catalog: Catalog, output: Path) -> None:
        self.write_sitemap_and_feed(catalog.records, catalog.actor_pages, output)

    def write_sitemap_and_feed(self, records: list[BriefingRecord],
                               actors: list[dict[str, Any]], output: Path) -> None:
        base = self.base_url
        pages = [{"loc": base + "index.html", "lastmod": None},
                 {"loc": base + "timeline.html", "lastmod": None},
                 {"loc": base + "actors/index.html", "lastmod": None}]
        pages += [{"loc": base + r.html, "lastmod": r.published} for r in records]
        pages += [{"loc": base + f"actors/{a['slug']}.html", "lastmod": None} for a in actors]
        self._render("sitemap.xml.j2", output / "sitemap.xml", pages=pages)
        dated = sorted(records, key=lambda r: (r.published or "", r.id), reverse=True)
        updated = max((r.published for r in records if r.published), default="1970-01-01")
        self._render("feed.xml.j2", output / "feed.xml", title=self.site_title,
                     description=self.description, base_url=base, updated=updated,
                     briefings=dated[:FEED_ENTRIES])
