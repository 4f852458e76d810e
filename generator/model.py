"""The document model that flows through the analysis stages and into every builder.

A :class:`Document` holds the article's text once (``text``); blocks, sentences, tokens and
mentions point into it by character offsets, so every verbatim field is a slice of it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class Block:
    """A headline, sub-headline, dateline or paragraph, at ``start`` in the document text."""

    kind: str  # "title" | "subtitle" | "dateline" | "paragraph"
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

    @property
    def dir(self) -> str:
        """Writing direction from the language: right-to-left for Arabic script languages."""
        return "rtl" if self.lang.split("-")[0] in {"ar", "fa", "ur", "he"} else "ltr"

    def block_text(self, block: Block) -> str:
        return self.text[block.start:block.end]

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
