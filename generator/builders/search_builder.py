"""Search builder: ``search.json``, the index the search page loads, and ``search.html``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..arabic import search_key
from ..catalog_store import Catalog
from ..display import arabic_date
from .html_builder import PageWriter
from .json_builder import write_json_list


class SearchBuilder(PageWriter):
    name = "search"

    def write_site(self, catalog: Catalog, output: Path) -> None:
        self.write_search(catalog.record_data(), catalog.actor_pages(), output)

    def write_search(self, entries: Iterable[dict[str, Any]], actors: Iterable[dict[str, Any]],
                     output: Path) -> None:
        """``search.json``: one entry per briefing (its title, outlet, actors and whole text,
        folded in ``k``; its sentences in ``s`` so a result shows the one that matched) and
        one per actor."""
        def items() -> Iterator[dict[str, Any]]:  # one at a time: written as they come
            for e in entries:
                names = " ".join(a["name"] for a in e["site"]["actors"])
                sentences = e["site"].get("sentences", [])
                text = " ".join(filter(None, (e["title"], e.get("outlet"), names,
                                              e["site"].get("summary", ""),
                                              *(t for _sid, t in sentences))))
                yield {"type": "briefing", "t": e["title"], "u": e["html"],
                       "d": arabic_date(e["published"]), "k": search_key(text),
                       "s": sentences}
            for a in actors:
                yield {"type": "actor", "t": a["name"], "u": f"actors/{a['slug']}.html",
                       "d": None, "k": search_key(" ".join([a["name"], *a["aliases"]]))}
        write_json_list(output / "search.json", "entries", items(), compact=True, schema=1,
                        end="")
        self._render("search.html.j2", output / "search.html", page=self._page("البحث", ""))
