"""The shipped CRF entity recognizer: BIO tags over PERS, ORG, LOC, MISC."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path

import pycrfsuite

from ..lexicon import MODEL_DIR, lexicon
from .features import FeatureCache, sentence_features

MODEL_PATH = MODEL_DIR / "ner.crfsuite"


class EntityTagger:
    """Tags token sequences with the trained model."""

    def __init__(self, model_path: Path = MODEL_PATH):
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(model_path))
        self._features = FeatureCache(lexicon())

    def tag(self, tokens: Sequence[str]) -> list[str]:
        if not tokens:
            return []
        return list(self._tagger.tag(sentence_features(tokens, self._features.lexicon,
                                                       self._features)))


@functools.cache
def default_tagger() -> EntityTagger:
    return EntityTagger()


def spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """(start, end, type) token spans of BIO tags; a stray I- opens a span."""
    out: list[tuple[int, int, str]] = []
    start, kind = None, None
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, label = tag.partition("-")
        if start is not None and (prefix != "I" or label != kind):
            out.append((start, i, kind))
            start, kind = None, None
        if prefix == "B" or (prefix == "I" and start is None):
            start, kind = i, label
    return out
