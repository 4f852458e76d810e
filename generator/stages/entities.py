"""Stage 2, entity recognition: adds a BIO tag to every token (PERS, ORG, LOC, MISC)."""

from __future__ import annotations

from ..model import Document
from ..ner.tagger import default_tagger


def recognize_entities(doc: Document) -> Document:
    """Tags each sentence's tokens with the shipped CRF model; non-Arabic text is left as O."""
    if doc.dir != "rtl":
        return doc
    tagger = default_tagger()
    for sentence in doc.sentences:
        tags = tagger.tag([t.text for t in sentence.tokens])
        for token, tag in zip(sentence.tokens, tags, strict=True):
            token.tag = tag
    return doc
