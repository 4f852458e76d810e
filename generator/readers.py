"""Seed readers, keyed by file type (like Pelican's ``Readers``).

A reader turns a seed file into a :class:`~generator.model.Document` with its blocks
(headline, sub-headlines, dateline, paragraphs). Problems that do not stop the article are
returned as warnings; a seed that cannot be an article raises :class:`InputError`.
"""

from __future__ import annotations

import codecs
import datetime as dt
import errno
import html.parser
import os
import re
import stat
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import charset_normalizer
import markdown
import nh3
import yaml

from .arabic import arabic_share, fold_presentation_forms, is_arabic_language
from .errors import InputError, Problem
from .model import Block, Document, is_web_url

DEFAULT_MAX_BYTES = 2_000_000
DAMAGED_UTF8 = "utf-8 with invalid bytes replaced"
# C0/C1 control characters other than tab and newline, stray BOMs inside the text, and
# noncharacters (U+FFFF, U+FDD0–U+FDEF), which XML outputs may not carry.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\ufffe\uffff\ufdd0-\ufdef]")
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$")
_DATELINE_WORDS = 3
_MAX_FRONT_MATTER = 64_000  # a few keys; more is not front matter (and YAML recursion is deep)
_SUBTITLE_CHARS = 120
_KICKER_WORDS = 10


@dataclass
class RawSeed:
    """A seed's decoded text and what reading it found."""

    path: Path
    display: str  # the path as the user gave it, for messages
    text: str
    warnings: list[Problem] = field(default_factory=list)
    data: bytes = b""  # the bytes as read, for cache keys


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


_FrontMatterLoader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def decode(data: bytes, display: str) -> tuple[str, str]:
    """Text and encoding name of a seed's bytes: BOMs first, then UTF-8, then detection."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                      (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(name, errors="replace"), name
    # UTF-16 without a BOM first: its bytes can also be valid (control-laden) UTF-8.
    if _looks_utf16(data, 1):
        return data.decode("utf-16-le", errors="replace"), "utf-16-le"
    if _looks_utf16(data, 0):
        return data.decode("utf-16-be", errors="replace"), "utf-16-be"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # Mostly valid UTF-8 (a file cut inside a character, a stray byte) is UTF-8 with a few
    # bytes replaced: a detector would read all of it as Windows-1256 mojibake.
    text = data.decode("utf-8", errors="replace")
    damaged = text.count("\ufffd") - data.count("\ufffd".encode())
    if damaged <= max(2, sum(1 for b in data if b >= 0x80) // 100):
        return text, DAMAGED_UTF8
    best = charset_normalizer.from_bytes(
        data, cp_isolation=["cp1256", "iso8859_6", "utf_16", "cp1252"]).best()
    if best is not None and best.encoding:
        return str(best), best.encoding
    return data.decode("cp1256", errors="replace"), "cp1256"


def _looks_utf16(data: bytes, high: int) -> bool:
    """UTF-16 without a BOM: the high bytes of Arabic and ASCII text are nearly all 0x00 or
    0x06 (the Arabic block), so every other byte takes one of a few values."""
    sample = data[:8192]
    highs = sample[high::2]
    if len(highs) < 2 or len(sample) % 2:
        return False
    common = Counter(highs).most_common(2)
    return sum(n for _, n in common) >= 0.9 * len(highs) and any(b in (0, 6) for b, _ in common)


def looks_binary(data: bytes) -> bool:
    """True for bytes that are not text in any encoding we read."""
    sample = data[:8192]
    if not sample:
        return False
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if _looks_utf16(sample, 1) or _looks_utf16(sample, 0):
        return False
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32 and b != 27)
    return controls / len(sample) > 0.10


def _open_no_follow(path: Path, root: Path | None) -> int:
    """A descriptor for ``path`` opened without following any link below ``root`` (the
    seeds folder; the file's own folder when None). The path is resolved first and must
    stay inside ``root``; then each folder and the file are opened relative to the one
    before with O_NOFOLLOW, so a file or folder swapped for a link after the seeds were
    listed is refused rather than read. O_NONBLOCK keeps a named pipe from hanging open()."""
    real = path.resolve()
    base = root.resolve() if root is not None else real.parent
    if not real.is_relative_to(base) or real == base:
        raise OSError(errno.ELOOP, "it leads out of the seeds folder")
    fd = os.open(base, os.O_RDONLY | os.O_DIRECTORY)
    try:
        *folders, name = real.relative_to(base).parts
        for part in folders:
            inner = os.open(part, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=fd)
            os.close(fd)
            fd = inner
        return os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_NOCTTY,
                       dir_fd=fd)
    finally:
        os.close(fd)


def read_regular_file(path: Path, display: str, max_bytes: int,
                      root: Path | None = None) -> bytes:
    """The bytes of a regular file, at most ``max_bytes`` (InputError past that). Named
    pipes, devices and sockets are refused after opening (checked on the open descriptor,
    so nothing can be swapped in between); links are never followed out of ``root``."""
    try:
        fd = _open_no_follow(path, root)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputError("not read: it is, or passes through, a link that leads out of "
                             "the seeds folder or changed while building", display,
                             code="link") from None
        raise
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise InputError("skipped: not a regular file (a named pipe, device or socket "
                             "is not read)", display, code="not-regular")
        if info.st_size > max_bytes:
            raise _too_large(info.st_size, max_bytes, display)
        data = handle.read(max_bytes + 1)  # the file may grow after fstat
    if len(data) > max_bytes:
        raise _too_large(len(data), max_bytes, display)
    return data


def _too_large(size: int, max_bytes: int, display: str) -> InputError:
    return InputError(f"skipped: {size:,} bytes is over the size limit of {max_bytes:,} "
                      "(raise max_seed_bytes to build it)", display, code="too-large")


def read_seed_bytes(path: Path, display: str, max_bytes: int = DEFAULT_MAX_BYTES,
                    root: Path | None = None) -> RawSeed:
    """Read and decode a seed; raise InputError(code=skip-…) for files that are not articles."""
    data = read_regular_file(path, display, max_bytes, root)
    if not data.strip():
        raise InputError("skipped: the file is empty or blank", display, code="empty")
    if looks_binary(data):
        raise InputError("skipped: the file is binary, not text", display, code="binary")
    text, encoding = decode(data, display)
    warnings = []
    if encoding == DAMAGED_UTF8:
        warnings.append(Problem(display, "warning", "not valid UTF-8 throughout (cut inside a "
                                "character?): the bad bytes are shown as U+FFFD", "encoding"))
    elif encoding not in ("utf-8", "utf-8-sig", "ascii"):
        warnings.append(Problem(display, "warning", f"read as {encoding}, not UTF-8", "encoding"))
    text = fold_presentation_forms(text.replace("\r\n", "\n").replace("\r", "\n"))
    cleaned = _CONTROL.sub("", text)
    if len(cleaned) != len(text) and "\x00" in text:
        warnings.append(Problem(display, "warning", "NUL and control characters removed",
                                "control-chars"))
    if not cleaned.strip():
        raise InputError("skipped: the file holds no text", display, code="empty")
    return RawSeed(path, display, cleaned, warnings, data)


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
