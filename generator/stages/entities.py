"""Stage 2, entity recognition: adds a BIO tag to every token (PERS, ORG, LOC, MISC)."""

from __future__ import annotations

from ..model import Document
from ..ner.tagger import default_tagger


def recognize_entities(doc: Document) -> Document:
    """Tags the tokens with the shipped neural model, all sentences in one batch, with the
    model's confidence in each tag (the pipeline runs it on Arabic documents only)."""
    tagged = default_tagger().tag_with_confidence([[t.text for t in s.tokens]
                                                   for s in doc.sentences])
    for sentence, (tags, probs) in zip(doc.sentences, tagged, strict=True):
        for token, tag, prob in zip(sentence.tokens, tags, probs, strict=True):
            token.tag = tag
            token.confidence = prob
    return doc
