"""Builders, one per output format, behind one interface (as Sphinx's builders are).

Each builder writes its format for one briefing (:meth:`Builder.write_briefing`, in the
seed's job, from the analysed document) and for the whole site (:meth:`Builder.write_site`,
once every briefing is built, from the catalog records). :data:`REGISTRY` lists them in the
order a briefing's files are written (the page links to the PDF written before it); a
builder's module is imported only when it is wanted (WeasyPrint only for PDFs).
"""

from __future__ import annotations

import functools
import importlib
from pathlib import Path

from ..assets import write_static
from ..cache import Fingerprints
from ..catalog import BriefingRecord
from ..catalog_store import Catalog
from ..config import Settings
from ..model import Document

# (name, module:class, the setting that turns it on or "" for always)
REGISTRY: tuple[tuple[str, str, str], ...] = (
    ("pdf", "generator.builders.pdf_builder:PdfBuilder", "pdf.enabled"),
    ("html", "generator.builders.html_builder:HtmlBuilder", ""),
    ("json", "generator.builders.json_builder:JsonBuilder", ""),
    ("search", "generator.builders.search_builder:SearchBuilder", ""),
    ("feed", "generator.builders.feed_builder:FeedBuilder", "site.base_url"),
    ("static", "generator.builders:StaticBuilder", ""),
)


class Builder:
    """A format's writer; the default methods write nothing."""

    name = ""

    def __init__(self, settings: Settings, fingerprints: Fingerprints | None = None):
        self.settings = settings
        self.fingerprints = fingerprints

    def write_briefing(self, doc: Document, record: BriefingRecord, folder: Path) -> None:
        """Write this format's files of one briefing into its folder."""

    def write_site(self, catalog: Catalog, output: Path) -> None:
        """Write this format's site-wide files into the site's folder."""


class StaticBuilder(Builder):
    """Stylesheets, scripts, images and web fonts into ``static/``."""

    name = "static"

    def write_site(self, catalog: Catalog, output: Path) -> None:
        write_static(output / "static", self.settings.cache_dir)


def builder_class(name: str) -> type[Builder]:
    target = next(t for n, t, _ in REGISTRY if n == name)
    module, _, attribute = target.partition(":")
    return getattr(importlib.import_module(module), attribute)


@functools.cache
def builders(settings: Settings, fingerprints: Fingerprints | None = None) -> list[Builder]:
    """The builders these settings turn on, made once per process and settings."""
    return [builder_class(name)(settings, fingerprints)
            for name, _, setting in REGISTRY if not setting or settings[setting]]
