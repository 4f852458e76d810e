"""Search builder: ``search/``, the sharded index the search page reads, and ``search.html``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..arabic import search_key
from ..catalog_store import Catalog
from ..display import arabic_date
from ..search_index import write_index
from .html_builder import PageWriter


class SearchBuilder(PageWriter):
    name = "search"

    def write_site(self, catalog: Catalog, output: Path) -> None:
        self.write_search(catalog.record_data(), catalog.actor_pages(), output)

    def write_search(self, entries: Iterable[dict[str, Any]], actors: Iterable[dict[str, Any]],
                     output: Path) -> None:
        """``search/``: the sharded index (generator/search_index.py) of one entry per
        briefing (its title, outlet, actors and whole text, folded; its sentences so a result
        shows the one that matched) and one per actor; entries stream through."""
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
