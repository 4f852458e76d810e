"""The document model that flows through the analysis stages and into every builder.

A :class:`Document` holds the article's text once (``text``); blocks, sentences, tokens and
mentions point into it by character offsets, so every verbatim field is a slice of it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

# An absolute http(s) address with a host and nothing a browser would strip or reinterpret.
_URL_CHAR = r"[^\s<>\"'`\x00-\x1f\x7f]"
_WEB_URL = re.compile(rf"https?://(?:(?![/?#\\@]){_URL_CHAR})+(?:[/?#]{_URL_CHAR}*)?",
                      re.IGNORECASE)


def is_web_url(url: str) -> bool:
    """True for an http or https address, the only kind a seed's URL may link to."""
    return _WEB_URL.fullmatch(url) is not None


@dataclass
class Block:
    """A headline, sub-headline, dateline or paragraph, at ``start`` in the document text."""

    kind: str  # "kicker" | "title" | "subtitle" | "dateline" | "paragraph"
    start: int
    end: int


@dataclass
class Token:
    start: int
    end: int
    text: str
    tag: str = "O"  # BIO entity tag from the recognizer
    confidence: float = 1.0  # the recognizer's probability of that tag


@dataclass
class Sentence:
    id: str
    block: int  # index into Document.blocks
    start: int
    end: int
    tokens: list[Token] = field(default_factory=list)


@dataclass
class Mention:
    """One surface form of an entity in the text."""

    start: int
    end: int
    text: str
    type: str  # "person" | "organization" | "location"
    sentence: str
    confidence: float = 1.0  # the recognizer's, for its least sure word (1.0 from rules)


@dataclass
class Actor:
    id: str
    name: str
    type: str
    key: str  # cross-briefing identity (normalized full name and type)
    aliases: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    affiliations: list[str] = field(default_factory=list)  # actor ids
    mentions: list[Mention] = field(default_factory=list)
    salience: float = 0.0


@dataclass
class Quote:
    id: str
    text: str
    kind: str  # "direct" | "indirect"
    speaker: str | None  # actor id
    speaker_label: str
    cue: str
    start: int
    end: int
    sentence: str
    rank: int = 0
    confidence: float | None = None  # the ranker's probability that the speaker is right


@dataclass
class TimeExpression:
    text: str
    start: int
    end: int
    value: str | None
    granularity: str | None  # "day" | "week" | "month" | "year"


@dataclass
class Event:
    id: str
    when: TimeExpression | None
    summary: str
    actors: list[str]
    sentence: str


@dataclass
class Correction:
    """An analyst's correction as applied (its provenance in the briefing)."""

    source: str  # "path:line" of the entry in its corrections file
    target: str  # "article" | "actor" | "quote" | "event"
    match: str | None  # what the entry names: an actor's name, a quote's first words, …
    change: str  # the key it set: "title", "rename", "speaker", "date", "drop", …
    value: object
    note: str | None = None
    facts: list[str] = field(default_factory=list)  # ids of the facts it changed


@dataclass
class Document:
    """One article and everything the stages found in it."""

    id: str
    seed: str
    title: str
    text: str
    blocks: list[Block]
    published: dt.date | None = None
    outlet: str | None = None
    url: str | None = None
    lang: str = "ar"
    sentences: list[Sentence] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    corrections: list[Correction] = field(default_factory=list)  # the analyst's, applied

    @property
    def link_url(self) -> str | None:
        """The source address when it may become a link: only http(s), never
        ``javascript:``, ``file:`` or ``data:`` from an untrusted seed."""
        return self.url if self.url and is_web_url(self.url) else None

    @property
    def dir(self) -> str:
        """Writing direction from the language: right-to-left for Arabic script languages."""
        return "rtl" if self.lang.split("-")[0] in {"ar", "fa", "ur", "he"} else "ltr"

    def block_text(self, block: Block) -> str:
        return self.text[block.start:block.end]

    @property
    def kicker(self) -> str | None:
        """The short topic line above the headline («مفاوضات فيينا..»), if the seed has one."""
        block = next((b for b in self.blocks if b.kind == "kicker"), None)
        return self.block_text(block) if block else None

    def sentence_text(self, sentence: Sentence) -> str:
        return self.text[sentence.start:sentence.end]

    @property
    def body_blocks(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "paragraph"]

    @property
    def summary(self) -> str:
        """The lead: the first body paragraph, cut after its second sentence when long."""
        body = self.body_blocks
        if not body:
            return ""
        lead = body[0]
        sentences = [s for s in self.sentences if s.block == self.blocks.index(lead)]
        if len(sentences) > 2 and sentences[1].end - lead.start < len(self.block_text(lead)):
            return self.text[lead.start:sentences[1].end]
        return self.block_text(lead)
