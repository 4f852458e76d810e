"""Token features for the CRF entity recognizer.

Clitics are split by rules (camel-tools' morphological analyzers need a data download):
the conjunction و/ف, a preposition ب/ل/ك, the article ال, and pronoun suffixes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..arabic import normalize, strip_conjunction_and_preposition
from ..lexicon import Lexicon

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


def _word_features(token: str, lexicon: Lexicon) -> dict[str, str | float]:
    norm = normalize(token)
    pre, stem, suffix = split_clitics(norm)
    feats: dict[str, str | float] = {
        "w": norm,
        "stem": stem,
        "pre": pre,
        "suf": suffix,
        "shape": token_shape(token),
        "p2": stem[:2],
        "p3": stem[:3],
        "s2": stem[-2:],
        "s3": stem[-3:],
        "len": str(min(len(stem), 8)),
    }
    for cls in lexicon.gazetteer.get(norm, ()):
        feats["gazw_" + cls] = 1.0
    for key in (strip_conjunction_and_preposition(norm), stem):
        for cls in lexicon.gazetteer.get(key, ()):
            feats["gaz_" + cls] = 1.0
    if stem in lexicon.person_titles or norm in lexicon.person_titles:
        feats["trigger_title"] = 1.0
    if stem in lexicon.org_heads or norm in lexicon.org_heads:
        feats["trigger_org"] = 1.0
    if stem in lexicon.place_heads or norm in lexicon.place_heads:
        feats["trigger_place"] = 1.0
    if stem.endswith("ي") and pre.endswith("ال"):
        feats["nisba_def"] = 1.0
    cluster = (lexicon.clusters.get(norm) or lexicon.clusters.get(
        strip_conjunction_and_preposition(norm)) or lexicon.clusters.get(stem))
    if cluster:
        coarse, _, fine = cluster.partition("-")
        feats["cc"] = coarse
        feats["cf"] = fine
    return feats


_NEIGHBOUR_KEYS = ("w", "stem", "shape", "pre", "cc", "cf")
_OFFSETS = (-2, -1, 0, 1, 2)


def _attributes(feats: dict[str, str | float]) -> dict[int, tuple[str, ...]]:
    """A word's attribute strings as seen from each offset (all of them at 0, the
    neighbour subset elsewhere)."""
    out = {}
    for offset in _OFFSETS:
        keys = feats if offset == 0 else {
            k: v for k, v in feats.items()
            if k in _NEIGHBOUR_KEYS or k.startswith(("gaz", "trigger"))}
        out[offset] = tuple(f"{offset}:{k}" if isinstance(v, float) else f"{offset}:{k}={v}"
                            for k, v in keys.items())
    return out


class FeatureCache:
    """Per-word features, computed once per distinct token: news repeats its words."""

    def __init__(self, lexicon: Lexicon, size: int = 200_000):
        self.lexicon = lexicon
        self.size = size
        self.words: dict[str, tuple[str, dict[int, tuple[str, ...]]]] = {}

    def get(self, token: str) -> tuple[str, dict[int, tuple[str, ...]]]:
        hit = self.words.get(token)
        if hit is None:
            feats = _word_features(token, self.lexicon)
            hit = (str(feats["stem"]), _attributes(feats))
            if len(self.words) >= self.size:
                self.words.clear()
            self.words[token] = hit
        return hit


def sentence_features(tokens: Sequence[str], lexicon: Lexicon,
                      cache: FeatureCache | None = None) -> list[list[str]]:
    """crfsuite attribute lists (``offset:name=value`` or ``offset:name``) for each token."""
    cache = cache or FeatureCache(lexicon)
    words = [cache.get(t) for t in tokens]
    out: list[list[str]] = []
    n = len(words)
    for i in range(n):
        attrs = ["bias"]
        for offset in _OFFSETS:
            j = i + offset
            if j < 0:
                attrs.append(f"{offset}:BOS")
            elif j >= n:
                attrs.append(f"{offset}:EOS")
            else:
                attrs.extend(words[j][1][offset])
        if i > 0:
            attrs.append(f"bigram={words[i - 1][0]}|{words[i][0]}")
        if i + 1 < n:
            attrs.append(f"bigram+={words[i][0]}|{words[i + 1][0]}")
        out.append(attrs)
    return out
