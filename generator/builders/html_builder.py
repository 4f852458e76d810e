"""HTML builder: the index page and one page per briefing, from Jinja templates."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from ..assets import TEMPLATES_DIR
from ..config import DEFAULT_SITE_TITLE
from ..display import arabic_count, arabic_date
from ..model import Document
from ..slugs import actor_slug
from ..views import briefing_view

SITE_TITLE = DEFAULT_SITE_TITLE
LONG_WORD = 60
INDEX_ACTOR_CHOICES = 300  # the actor filter offers the most mentioned ones
# The PDF carries the source text up to this many characters (about 10 pages); the page
# carries all of it. WeasyPrint lays out about a page a second.
PDF_SOURCE_CHARS = 30_000


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


def page_context(title: str, lang: str, direction: str, root: str, *, author: str | None = None,
                 description: str | None = None, stylesheets: list[dict] | None = None,
                 created: str | None = None, site_title: str = SITE_TITLE) -> dict[str, Any]:
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


class HtmlBuilder:
    name = "html"

    def __init__(self, site_title: str = SITE_TITLE) -> None:
        self.env = environment()
        self.site_title = site_title

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

    def write_briefing(self, doc: Document, folder: Path, pdf_href: str | None) -> Path:
        path = folder / "index.html"
        path.write_text(self.render_briefing(doc, pdf_href=pdf_href), encoding="utf-8")
        return path

    def write_index(self, entries: list[dict[str, Any]], output: Path,
                    description: str = "") -> None:
        page = page_context(self.site_title, "ar", "rtl", "", site_title=self.site_title,
                            description=description)
        briefings = [{**e, "actor_names": [a["name"] for a in e["site"]["actors"]]}
                     for e in entries]
        mentions: dict[str, int] = {}
        for e in entries:
            for a in e["site"]["actors"]:
                mentions[a["name"]] = mentions.get(a["name"], 0) + a["mentions"]
        actor_names = sorted(sorted(mentions, key=lambda n: -mentions[n])[:INDEX_ACTOR_CHOICES])
        outlets = sorted({e["outlet"] for e in entries if e["outlet"]})
        html = self.env.get_template("index.html.j2").render(
            page=page, briefings=briefings, outlets=outlets, actor_names=actor_names)
        (output / "index.html").write_text(html, encoding="utf-8")
