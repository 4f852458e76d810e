"""HTML builder: a page per briefing and the site's index, actor, timeline and 404 pages,
from Jinja templates. Links between pages are relative, so the site works from any
sub-path and from disk."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from .. import cache
from ..assets import TEMPLATES_DIR
from ..cache import Fingerprints
from ..catalog import BriefingRecord
from ..catalog_store import Catalog
from ..charts import timeline_svg
from ..config import Settings
from ..display import arabic_count, arabic_date
from ..model import Document
from ..slugs import actor_slug
from ..views import TYPE_LABELS, briefing_view
from . import Builder

LONG_WORD = 60
INDEX_ACTOR_CHOICES = 300  # the actor filter offers the most mentioned ones
# The PDF carries the source text up to this many characters (about 10 pages); the page
# carries all of it. WeasyPrint lays out about a page a second.
PDF_SOURCE_CHARS = 30_000
TIMELINE_CHART_EVENTS = 60
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


_LONG_WORD = re.compile(rf"\S{{{LONG_WORD},}}")


def breakable(text: str) -> Markup:
    """Escaped text with break opportunities (<wbr>) inside words longer than LONG_WORD
    characters, so a pasted run of letters wraps instead of stalling the layout."""
    def split(match: re.Match) -> str:
        word = match.group()
        return "<wbr>".join(str(escape(word[i:i + LONG_WORD]))
                            for i in range(0, len(word), LONG_WORD))

    escaped = []
    cursor = 0
    for match in _LONG_WORD.finditer(text):
        escaped.append(str(escape(text[cursor:match.start()])))
        escaped.append(split(match))
        cursor = match.end()
    escaped.append(str(escape(text[cursor:])))
    return Markup("".join(escaped))


def environment() -> jinja2.Environment:
    """Autoescaping for every template name used here (.j2 included) and strict undefined."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "j2", "xml"),
                                            default_for_string=True, default=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["breakable"] = breakable
    env.filters["arabic_date"] = arabic_date
    env.filters["count"] = arabic_count
    env.globals["actor_slug"] = actor_slug
    return env


def page_context(title: str, lang: str, direction: str, root: str, *, site_title: str,
                 author: str | None = None, description: str | None = None,
                 stylesheets: list[dict] | None = None,
                 created: str | None = None) -> dict[str, Any]:
    return {
        "created": created,
        "title": title,
        "lang": lang,
        "dir": direction,
        "root": root,
        "author": author,
        "description": description,
        "site_title": site_title,
        "stylesheets": stylesheets if stylesheets is not None else [
            {"href": f"{root}static/style.css", "media": None},
            {"href": f"{root}static/print.css", "media": "print"},
        ],
    }


class PageWriter(Builder):
    """What the builders of HTML and XML pages share: the templates and the page frame."""

    def __init__(self, settings: Settings, fingerprints: Fingerprints | None = None):
        super().__init__(settings, fingerprints)
        self.env = environment()
        self.site_title = settings["site.title"]
        self.description = settings["site.description"]
        base_url = settings["site.base_url"]
        self.base_url = base_url.rstrip("/") + "/" if base_url else None
        # actor pages are many and mostly unchanged between builds: kept by content hash
        folder = settings.cache_dir
        self.pages_cache = folder / "pages" if folder and fingerprints else None

    def _page(self, title: str, root: str) -> dict[str, Any]:
        return page_context(title, "ar", "rtl", root, site_title=self.site_title,
                            description=self.description)

    def _render(self, template: str, path: Path, **context: Any) -> None:
        """Render into ``path`` piece by piece (a site-wide page may list every briefing:
        it is never held whole in memory)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        xml = path.suffix == ".xml"
        with path.open("w", encoding="utf-8") as out:
            for chunk in self.env.get_template(template).generate(**context):
                # XML 1.0 forbids these outright: one makes the feed unreadable
                out.write(_NOT_XML.sub("", chunk) if xml else chunk)

    def _render_cached(self, template: str, path: Path, **context: Any) -> None:
        """Render, or copy the page an earlier build rendered from the same context."""
        if self.pages_cache is None:
            self._render(template, path, **context)
            return
        key = cache.json_key([self.fingerprints.render, template, context])
        cached = self.pages_cache / f"{key}.html"
        try:
            shutil.copyfile(cached, path)  # a copy: the output may be edited, the cache not
            return
        except FileNotFoundError:
            pass
        self._render(template, path, **context)
        cache.store_file(path, cached)


class HtmlBuilder(PageWriter):
    """A page per briefing; the index, actor, timeline and 404 pages of the site."""

    name = "html"

    def render_briefing(self, doc: Document, *, pdf: bool = False, pdf_href: str | None = None,
                        stylesheets: list[dict] | None = None) -> str:
        page = page_context(doc.title, doc.lang, doc.dir, "../", author=doc.outlet,
                            description=doc.summary[:300], stylesheets=stylesheets,
                            created=doc.published.isoformat() if doc.published else None,
                            site_title=self.site_title)
        view = briefing_view(doc, PDF_SOURCE_CHARS if pdf else None)
        return self.env.get_template("briefing.html.j2").render(
            page=page, view=view, pdf=pdf, pdf_href=pdf_href, anchor="")

    def render_digest(self, docs: list[Document], title: str) -> str:
        """One document of several briefings (the digest PDF), each one's anchors
        prefixed so they stay apart."""
        views = [briefing_view(doc, PDF_SOURCE_CHARS, anchor=f"b{i}-")
                 for i, doc in enumerate(docs, start=1)]
        dates = sorted(d.published.isoformat() for d in docs if d.published)
        page = page_context(title, "ar", "rtl", "../", site_title=self.site_title,
                            stylesheets=[], created=dates[-1] if dates else None)
        return self.env.get_template("digest.html.j2").render(
            page=page, views=views, first=dates[0] if dates else None,
            last=dates[-1] if dates else None)

    def write_briefing(self, doc: Document, record: BriefingRecord, folder: Path) -> None:
        pdf_href = record.pdf.rpartition("/")[2] if record.pdf else None
        (folder / "index.html").write_text(self.render_briefing(doc, pdf_href=pdf_href),
                                           encoding="utf-8")

    def write_site(self, catalog: Catalog, output: Path) -> None:
        self.write_index(catalog, output)
        self.write_actor_pages(catalog, output)
        self.write_timeline(catalog, output)
        self._render("404.html.j2", output / "404.html",
                     page=self._page("الصفحة غير موجودة", self.base_url or ""),
                     home=(self.base_url or "") + "index.html")

    def write_index(self, catalog: Catalog, output: Path) -> None:
        page = page_context(self.site_title, "ar", "rtl", "", site_title=self.site_title,
                            description=self.description)
        mentions = catalog.mentions_by_name()
        actor_names = sorted(sorted(mentions, key=lambda n: -mentions[n])[:INDEX_ACTOR_CHOICES])
        self._render("index.html.j2", output / "index.html", page=page,
                     briefings=catalog.records(), outlets=catalog.outlets(),
                     actor_names=actor_names)

    def write_actor_pages(self, catalog: Catalog, output: Path) -> None:
        folder = output / "actors"
        folder.mkdir(parents=True, exist_ok=True)
        for actor in catalog.actor_pages(quotes=True):
            self._write_actor(folder / f"{actor['slug']}.html", actor)
        # every briefing's own actor key has a page: a merged one points to the entity's
        for key, merged in catalog.own_keys():
            path = folder / f"{actor_slug(key)}.html"
            if not path.exists():
                self._write_actor(path, catalog.actor_page(merged))
        self._render("actors.html.j2", folder / "index.html", page=self._page("الفاعلون", "../"),
                     actors=catalog.actor_pages(), type_labels=TYPE_LABELS)

    def _write_actor(self, path: Path, actor: dict[str, Any]) -> None:
        self._render_cached("actor.html.j2", path, page=self._page(actor["name"], "../"),
                            actor=actor, type_labels=TYPE_LABELS)

    def write_timeline(self, catalog: Catalog, output: Path) -> None:
        shown = list(catalog.timeline_pages(TIMELINE_CHART_EVENTS))
        chart = timeline_svg([(e["when"]["value"], e["when"]["granularity"], e["summary"],
                               e["html"]) for e in shown], "التسلسل الزمني لكل الموجزات")
        ends = (arabic_date(shown[0]["when"]["value"], shown[0]["when"]["granularity"]),
                arabic_date(shown[-1]["when"]["value"], shown[-1]["when"]["granularity"])
                ) if shown else None
        self._render("timeline.html.j2", output / "timeline.html",
                     page=self._page("التسلسل الزمني", ""), events=catalog.timeline_pages(),
                     chart=Markup(chart), ends=ends)
