"""Token shape and clitic splitting for the entity recognizer.

Clitics are split by the rules of :mod:`generator.clitics` (camel-tools' morphological
analyzers need a data download): the conjunction و/ف, a preposition ب/ل/ك, the article ال,
and pronoun suffixes.
"""

from __future__ import annotations

import re

from ..clitics import split_clitics  # noqa: F401  (the recognizer imports it from here)

_PUNCT = re.compile(r"^[^\w]+$")
_DIGIT = re.compile(r"\d")
_LATIN = re.compile(r"[A-Za-z]")


def token_shape(token: str) -> str:
    if _PUNCT.match(token):
        return "punct"
    if _DIGIT.search(token):
        return "digit"
    if _LATIN.search(token):
        return "latin"
    return "arabic"
