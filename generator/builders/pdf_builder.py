"""PDF builder: WeasyPrint renders the briefing page with the print stylesheet.

Only the project's own assets can be loaded: :class:`AssetFetcher` serves the stylesheets
and the installed font files and refuses every other ``file:`` path and every network URL,
so nothing a seed links to is fetched.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import weasyprint
from weasyprint.urls import URLFetcher, URLFetcherResponse

from ..assets import FONT_ROOTS, STATIC_DIR, font_face_css
from ..cache import Fingerprints
from ..catalog import BriefingRecord
from ..config import Settings
from ..errors import RenderError
from ..model import Document
from . import Builder
from .html_builder import HtmlBuilder

log = logging.getLogger(__name__)


class AssetFetcher(URLFetcher):
    """Serves files under the allowed folders; refuses everything else."""

    def __init__(self, roots: tuple[Path, ...]):
        super().__init__(allowed_protocols={"file"})
        self.roots = tuple(r.resolve() for r in roots)
        self.refused: list[str] = []

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        if url.startswith("file:"):
            path = Path(weasyprint.urls.request.url2pathname(url.split("?")[0][5:])).resolve()
            if any(path.is_relative_to(root) for root in self.roots) and path.is_file():
                suffix = path.suffix.lower()
                kind = {".css": "text/css", ".ttf": "font/ttf", ".woff2": "font/woff2",
                        ".otf": "font/otf"}.get(suffix, "application/octet-stream")
                return URLFetcherResponse(path.as_uri(), path.read_bytes(),
                                          {"Content-Type": kind})
        self.refused.append(url[:200])
        raise ValueError(f"refused to fetch {url[:200]!r}: not a project asset")


class PdfBuilder(Builder):
    name = "pdf"

    def __init__(self, settings: Settings, fingerprints: Fingerprints | None = None):
        super().__init__(settings, fingerprints)
        # fontTools stamps subset fonts with the time unless SOURCE_DATE_EPOCH is set: the
        # same seeds must give byte-identical PDFs.
        os.environ.setdefault("SOURCE_DATE_EPOCH", "0")
        self.html = HtmlBuilder(settings)
        paper, variant = settings["pdf.paper"], settings["pdf.variant"]
        self.font_config = weasyprint.text.fonts.FontConfiguration()
        fonts = font_face_css(lambda p: p.resolve().as_uri())
        css = fonts + "".join((STATIC_DIR / n).read_text(encoding="utf-8")
                              for n in ("style.css", "print.css")) + f"@page {{ size: {paper}; }}"
        self.variant = None if variant == "none" else variant  # "none": untagged
        self.fetcher = AssetFetcher((*FONT_ROOTS, STATIC_DIR))
        self.stylesheet = weasyprint.CSS(string=css, base_url=STATIC_DIR.as_uri() + "/",
                                         url_fetcher=self.fetcher, font_config=self.font_config)

    def write_digest(self, docs: list[Document], path: Path, title: str) -> Path:
        return self._write(self.html.render_digest(docs, title), path)

    def write_briefing(self, doc: Document, record: BriefingRecord, folder: Path) -> None:
        self._write(self.html.render_briefing(doc, pdf=True, stylesheets=[]),
                    folder / record.pdf.rpartition("/")[2])

    def _write(self, source: str, path: Path) -> Path:
        try:
            document = weasyprint.HTML(string=source, base_url=STATIC_DIR.as_uri() + "/",
                                       url_fetcher=self.fetcher)
            document.write_pdf(path, stylesheets=[self.stylesheet], font_config=self.font_config,
                               pdf_variant=self.variant, uncompressed_pdf=False)
        except (OSError, ValueError) as exc:
            raise RenderError(f"PDF rendering failed: {exc}") from exc
        return path
