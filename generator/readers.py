"""Seed readers, keyed by file type (like Pelican's ``Readers``).

A reader turns a seed file into a :class:`~generator.model.Document` with its blocks
(headline, sub-headlines, dateline, paragraphs). Problems that do not stop the article are
returned as warnings; a seed that cannot be an article raises :class:`InputError`.
"""

from __future__ import annotations

import datetime as dt
import html.parser
import re
from pathlib import Path

import markdown
import nh3
import yaml

from .arabic import arabic_share, is_arabic_language
from .errors import InputError, Problem
from .model import Block, Document, is_web_url
from .seed_files import RawSeed

_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$")
_DATELINE_WORDS = 3
_MAX_FRONT_MATTER = 64_000  # a few keys; more is not front matter (and YAML recursion is deep)
_SUBTITLE_CHARS = 120
_KICKER_WORDS = 10


class _FrontMatterLoader(yaml.SafeLoader):
    """Safe YAML that keeps timestamps as written (no time-zone conversion) and refuses
    aliases: ``*name`` repeats a node without repeating its text, so a few hundred bytes of
    nested aliases expand to gigabytes (the "billion laughs"); front matter never needs one."""

    def compose_node(self, parent, index):  # noqa: ANN001, ANN201 - PyYAML's signature
        if self.check_event(yaml.AliasEvent):
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed in front matter",
                self.peek_event().start_mark)
        return super().compose_node(parent, index)


def split_front_matter(raw: RawSeed) -> tuple[dict | None, str]:
    """(front matter or None, body)."""
    text = raw.text
    if not text.startswith("---\n"):
        return None, text
    end = re.search(r"^(?:---|\.\.\.)[ \t]*$", text[4:], flags=re.MULTILINE)
    if end is None:
        raise InputError("front matter is not closed by a '---' line", raw.display, 1,
                         code="front-matter")
    block = text[4:4 + end.start()]
    if len(block) > _MAX_FRONT_MATTER:
        raise InputError(f"front matter is over {_MAX_FRONT_MATTER:,} characters",
                         raw.display, 1, code="front-matter")
    body = text[4 + end.end():].lstrip("\n")
    try:
        meta = yaml.load(block, Loader=_FrontMatterLoader)  # noqa: S506 - safe loader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        reason = getattr(exc, "problem", None) or "invalid YAML"
        raise InputError(f"front matter is not valid YAML: {reason}", raw.display, line,
                         code="front-matter") from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise InputError("front matter must be a mapping of keys to values", raw.display, 2,
                         code="front-matter")
    return meta, body


def parse_date(value: object) -> dt.date | None:
    """The calendar date as written in an ISO date or datetime; None if it is not one."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    match = _DATE.match(str(value).strip())
    if not match:
        return None
    try:
        return dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


def _meta_text(meta: dict, key: str, raw: RawSeed) -> str | None:
    value = meta.get(key)
    if value is None:
        return None
    if isinstance(value, (list, dict, set)):
        raise InputError(f"front matter {key!r} must be a single value, not a "
                         f"{'list' if isinstance(value, list) else 'mapping'}", raw.display,
                         _key_line(raw.text, key), code="front-matter")
    text = str(value).strip()
    return text or None


class DocumentAssembler:
    """Lays blocks into one document text, separated by blank lines."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.blocks: list[Block] = []
        self.length = 0

    def add(self, kind: str, text: str) -> None:
        text = " ".join(text.split()) if kind != "paragraph" else text.strip()
        if not text:
            return
        if self.parts:
            self.parts.append("\n\n")
            self.length += 2
        self.blocks.append(Block(kind, self.length, self.length + len(text)))
        self.parts.append(text)
        self.length += len(text)

    @property
    def text(self) -> str:
        return "".join(self.parts)


def _paragraph_lines(body: str) -> list[str]:
    """Each non-empty line is a paragraph (seeds are written one paragraph a line)."""
    return [line.strip() for line in body.split("\n") if line.strip()]


def _is_short_line(line: str) -> bool:
    return len(line) <= _SUBTITLE_CHARS and not line.rstrip().endswith((".", "؟", "!", ":"))


def is_kicker(line: str, following: str | None) -> bool:
    """A kicker: a short topic line above the headline that ends in «..», «…» or «:»
    («مفاوضات فيينا..», «عاجل:»), with a headline-like line after it."""
    text = line.strip()
    return following is not None and len(text.split()) <= _KICKER_WORDS and text.endswith(
        ("..", "…", ":")) and _is_short_line(following)


class Reader:
    """Base reader: subclasses turn a decoded seed into blocks."""

    suffixes: tuple[str, ...] = ()
    has_kickers = False  # a kicker line may stand above the headline

    def read(self, raw: RawSeed, doc_id: str,
             default_lang: str = "ar") -> tuple[Document, list[Problem]]:
        meta, body = split_front_matter(raw)
        warnings = list(raw.warnings)
        assembler = DocumentAssembler()
        published = outlet = url = None
        lang = None
        if meta is not None:
            title = _meta_text(meta, "title", raw)
            if "date" in meta and meta["date"] is not None:
                published = parse_date(meta["date"])
                if published is None:
                    line = _key_line(raw.text, "date")
                    warnings.append(Problem(raw.display, "warning",
                                            f"date {str(meta['date'])!r} is not an ISO date; "
                                            "the article's date is unknown", "bad-date", line))
            outlet = _meta_text(meta, "source", raw)
            url = _meta_text(meta, "url", raw)
            if url and not is_web_url(url):
                warnings.append(Problem(raw.display, "warning", "url is not an http(s) "
                                        "address: it is kept as text, never made a link",
                                        "unsafe-url", _key_line(raw.text, "url")))
            lang = _meta_text(meta, "lang", raw)
            paragraphs = self.body_blocks(body)
            if not title:
                self.add_kicker(assembler, paragraphs)
                title = self.take_title(paragraphs)
            assembler.add("title", title or "")
            for kind, text in paragraphs:
                assembler.add(kind, text)
        else:
            paragraphs = self.body_blocks(body)
            self.add_kicker(assembler, paragraphs)
            title = self.take_title(paragraphs)
            assembler.add("title", title or "")
            self.add_untitled_body(assembler, paragraphs)
        if not assembler.blocks:
            raise InputError("skipped: no text to build", raw.display, code="empty")
        text = assembler.text
        if lang is None:
            lang = default_lang
            if arabic_share(text) < 0.3:
                lang = "en" if re.search("[A-Za-z]", text) else "und"
                warnings.append(Problem(raw.display, "warning",
                                        "the text is not Arabic; it is rendered left-to-right "
                                        "and not analysed", "not-arabic"))
        if not is_arabic_language(lang) and not any(w.code == "not-arabic" for w in warnings):
            warnings.append(Problem(raw.display, "warning",
                                    f"lang {lang!r} is not Arabic: the briefing is built but "
                                    "its analysis (actors, quotes, chronology) is skipped",
                                    "not-arabic", _key_line(raw.text, "lang")))
        heading = next((b for b in assembler.blocks if b.kind == "title"), assembler.blocks[0])
        doc = Document(id=doc_id, seed=raw.display, title=text[heading.start:heading.end],
                       text=text, blocks=assembler.blocks, published=published, outlet=outlet,
                       url=url, lang=lang)
        return doc, warnings

    def body_blocks(self, body: str) -> list[tuple[str, str]]:
        raise NotImplementedError

    def add_kicker(self, assembler: DocumentAssembler,
                   paragraphs: list[tuple[str, str]]) -> None:
        """Plain text only (Markdown marks its headline): a kicker line first is kept as
        the kicker, and the headline is the line after it."""
        if self.has_kickers and len(paragraphs) > 2 and is_kicker(
                paragraphs[0][1], paragraphs[1][1]):
            assembler.add("kicker", paragraphs.pop(0)[1])

    @staticmethod
    def take_title(paragraphs: list[tuple[str, str]]) -> str | None:
        """Remove and return the first heading, or else the first block."""
        for i, (kind, _text) in enumerate(paragraphs):
            if kind == "heading":
                return paragraphs.pop(i)[1]
        return paragraphs.pop(0)[1] if paragraphs else None

    @staticmethod
    def add_untitled_body(assembler: DocumentAssembler, paragraphs: list[tuple[str, str]]) -> None:
        """Short lines right after the headline are sub-headlines; the last short one of a
        few words, before the first paragraph, is the dateline."""
        i = 0
        while i < len(paragraphs) and _is_short_line(paragraphs[i][1]) and i + 1 < len(paragraphs):
            text = paragraphs[i][1]
            next_is_body = not _is_short_line(paragraphs[i + 1][1])
            if next_is_body and len(text.split()) <= _DATELINE_WORDS:
                assembler.add("dateline", text)
            else:
                assembler.add("subtitle", text)
            i += 1
        for _kind, text in paragraphs[i:]:
            assembler.add("paragraph", text)


def _key_line(text: str, key: str) -> int | None:
    for number, line in enumerate(text.split("\n")[:200], start=1):
        if line.startswith(f"{key}:"):
            return number
    return None


class TextReader(Reader):
    """Plain text: the first line is the headline, one paragraph a line."""

    suffixes = (".txt",)
    has_kickers = True

    def body_blocks(self, body: str) -> list[tuple[str, str]]:
        return [("paragraph", line) for line in _paragraph_lines(body)]


# What Markdown may produce before its text is taken; everything else is dropped with its
# content where it is script-like (nh3 cleans <script> and <style> with their content).
MARKDOWN_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "ul", "ol", "blockquote",
                 "em", "strong", "a", "code", "pre", "br", "table", "tr", "td", "th", "thead",
                 "tbody"}
_BLOCK_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "pre", "td", "th", "blockquote"}
_MAX_MARKDOWN_DEPTH = 50


class _BlockText(html.parser.HTMLParser):
    """Collects the text of block elements from sanitized HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str]] = []
        self._stack: list[str] = []
        self._parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in _BLOCK_TAGS:
            self._flush()
            self._stack.append(tag)
        elif tag == "br":
            self._parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCK_TAGS:
            self._flush()
            if self._stack:
                self._stack.pop()

    def handle_data(self, data: str) -> None:
        self._parts.append(data)

    def _flush(self) -> None:
        text = " ".join("".join(self._parts).split())
        self._parts = []
        if text:
            kind = self._stack[-1] if self._stack else "p"
            self.blocks.append(("heading" if kind.startswith("h") else "paragraph", text))

    def close(self) -> None:
        super().close()
        self._flush()


# A line's run of block-quote and list markers: «> > - 1. …».
_NESTING_PREFIX = re.compile(r"^(?:[ \t]*(?:[>*+-]|\d{1,9}[.)])(?=[ \t]|$))+")


def _limit_nesting(body: str) -> str:
    """Drop the markers of lines nested past a sane depth: Markdown parses nesting by
    recursion, and thousands of «> > >» or «- - -» would exhaust the stack."""
    out = []
    for line in body.split("\n"):
        prefix = _NESTING_PREFIX.match(line)
        if prefix and prefix.end() > 2 * _MAX_MARKDOWN_DEPTH and len(
                re.findall(r"[>*+-]|\d+[.)]", prefix.group())) > _MAX_MARKDOWN_DEPTH:
            line = line[prefix.end():].lstrip()
        out.append(line)
    return "\n".join(out)


# python-markdown's link and image patterns backtrack over the rest of a paragraph at every
# «[», «<» or «](» (5 KB of «[[[[a» took 8 s, «[a](<» repeated in 100 KB ran for minutes). A
# paragraph with more brackets than this has them escaped: only the text is kept anyway, so
# nothing is lost but link syntax, and the work stays about linear (a 100 KB paragraph with
# 50 brackets: under half a second).
_MAX_BRACKETS = 50


def _escape_bracket_runs(body: str) -> str:
    parts = re.split(r"(\n[ \t]*\n)", body)
    return "".join(re.sub(r"([\[\]<])", r"\\\1", part) if part.count("[") > _MAX_BRACKETS
                   else part for part in parts)


class MarkdownReader(Reader):
    """Markdown: python-markdown (bracket runs escaped first), then nh3 sanitizing, then the
    text of each block."""

    suffixes = (".md", ".markdown")

    def body_blocks(self, body: str) -> list[tuple[str, str]]:
        rendered = markdown.markdown(_escape_bracket_runs(_limit_nesting(body)),
                                     extensions=["tables"])
        clean = nh3.clean(rendered, tags=MARKDOWN_TAGS, attributes={"a": {"href"}},
                          url_schemes={"http", "https", "mailto"})
        parser = _BlockText()
        parser.feed(clean)
        parser.close()
        return parser.blocks


READERS: dict[str, type[Reader]] = {
    suffix: reader for reader in (TextReader, MarkdownReader) for suffix in reader.suffixes
}


def reader_for(path: Path) -> Reader | None:
    cls = READERS.get(path.suffix.lower())
    return cls() if cls else None
