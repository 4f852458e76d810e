"""Feed builder (with ``site.base_url``): ``sitemap.xml`` and an Atom feed, the only files
that carry absolute addresses."""

from __future__ import annotations

import itertools
from pathlib import Path

from ..catalog_store import Catalog
from ..slugs import actor_slug
from .html_builder import PageWriter

FEED_ENTRIES = 50


class FeedBuilder(PageWriter):
    name = "feed"

    def write_site(self, catalog: Catalog, output: Path) -> None:
        self.write_sitemap(catalog, output)
        self.write_feed(catalog, output)

    def write_sitemap(self, catalog: Catalog, output: Path) -> None:
        base = self.base_url
        site = [{"loc": base + page, "lastmod": None}
                for page in ("index.html", "timeline.html", "actors/index.html")]
        briefings = ({"loc": base + html, "lastmod": published}
                     for html, published in catalog.pages())
        actors = ({"loc": base + f"actors/{actor_slug(a['key'])}.html", "lastmod": None}
                  for a in catalog.actors())
        self._render("sitemap.xml.j2", output / "sitemap.xml",
                     pages=itertools.chain(site, briefings, actors))

    def write_feed(self, catalog: Catalog, output: Path) -> None:
        self._render("feed.xml.j2", output / "feed.xml", title=self.site_title,
                     description=self.description, base_url=self.base_url,
                     updated=catalog.last_date() or "1970-01-01",
                     briefings=catalog.latest(FEED_ENTRIES))
