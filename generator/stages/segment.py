"""Stage 1, segmentation: adds sentences (with offsets) and their tokens to the document."""

from __future__ import annotations

import re

from ..model import Document, Sentence, Token

# A sentence ends at . ! ? ؟ … (and runs of them), optionally followed by closing quotes,
# when white space follows. Decimal points and initials ("د.") are not followed by a space
# and a new word in the same way often enough to matter for news text.
_SENTENCE_END = re.compile(r"[.!?؟…]+[\"'»”)\]]*(?=\s)")
# Words: letters and Arabic marks, or digits (a number stuck to a word, «في18», «المحلي20»,
# is split off); any other non-space character is a token alone.
TOKEN = re.compile(r"(?:[^\W\d_]|[\u0610-\u061a\u064b-\u065f\u0670\u0640])+|\d+|[^\w\s]|_",
                   re.UNICODE)
_MAX_SENTENCE_CHARS = 2000


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) spans of the sentences of text[start:end]."""
    spans = []
    cursor = start
    for match in _SENTENCE_END.finditer(text, start, end):
        spans.append((cursor, match.end()))
        cursor = match.end()
    spans.append((cursor, end))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        # Bound very long run-on "sentences" (dumps, lists): cut at the last space.
        while e - s > _MAX_SENTENCE_CHARS:
            cut = text.rfind(" ", s, s + _MAX_SENTENCE_CHARS)
            cut = cut if cut > s else s + _MAX_SENTENCE_CHARS
            out.append((s, cut))
            s = cut + 1 if text[cut:cut + 1] == " " else cut
        if e > s:
            out.append((s, e))
    return out


def tokenize(text: str, start: int, end: int) -> list[Token]:
    return [Token(m.start(), m.end(), m.group()) for m in TOKEN.finditer(text, start, end)]


def segment(doc: Document) -> Document:
    """Adds ``doc.sentences``, each with its tokens; ids s1, s2, … in text order."""
    sentences = []
    for index, block in enumerate(doc.blocks):
        for start, end in split_sentences(doc.text, block.start, block.end):
            sentence = Sentence(f"s{len(sentences) + 1}", index, start, end,
                                tokenize(doc.text, start, end))
            sentences.append(sentence)
    doc.sentences = sentences
    return doc
