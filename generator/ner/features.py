"""Token shape and clitic splitting for the entity recognizer.

Clitics are split by rules (camel-tools' morphological analyzers need a data download):
the conjunction و/ف, a preposition ب/ل/ك, the article ال, and pronoun suffixes.
"""

from __future__ import annotations

import re

_PUNCT = re.compile(r"^[^\w]+$")
_DIGIT = re.compile(r"\d")
_LATIN = re.compile(r"[A-Za-z]")
SUFFIXES = ("هما", "هم", "هن", "كم", "نا", "ها", "ه", "ي", "ك")


def split_clitics(word: str) -> tuple[str, str, str]:
    """(proclitics, stem, suffix) of a normalized word, by rules."""
    pre = ""
    w = word
    if len(w) > 3 and w[0] in "وف":
        pre, w = w[0], w[1:]
    if len(w) > 3 and w.startswith("لل"):
        return pre + "لل", w[2:], ""
    if len(w) > 4 and w[0] in "بلك" and w[1:3] == "ال":
        pre, w = pre + w[0], w[1:]
    if len(w) > 3 and w.startswith("ال"):
        return pre + "ال", w[2:], ""
    for suffix in SUFFIXES:
        if len(w) - len(suffix) >= 3 and w.endswith(suffix):
            return pre, w[: -len(suffix)], suffix
    return pre, w, ""


def token_shape(token: str) -> str:
    if _PUNCT.match(token):
        return "punct"
    if _DIGIT.search(token):
        return "digit"
    if _LATIN.search(token):
        return "latin"
    return "arabic"
