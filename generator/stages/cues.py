"""The words and marks that introduce speech: reporting cues («قال», «بحسب», «مضيفا»),
quotation marks of every style, unnamed sources' descriptions («مصدر أمني»)."""

from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass

from ..arabic import normalize
from ..clitics import has_article, strip_article, strip_conjunction
from ..lexicon import read_lines, read_table, word_set, word_tuple

_MAX_QUOTE_CHARS = 3000
THAT = word_set("that")


@dataclass(frozen=True)
class Cue:
    kind: str  # verb | participle | relay | source
    gender: str  # m | f | p | -


@functools.cache
def cues() -> dict[str, Cue]:
    return {row[0]: Cue(row[1], row[2]) for row in read_table("cues.tsv")}


@functools.cache
def quote_marks() -> dict[str, str]:
    return {row[0]: row[1] for row in read_table("quote_marks.tsv")}


@functools.cache
def unnamed_sources() -> frozenset[str]:
    return frozenset(normalize(w) for w in read_lines("unnamed_sources.txt"))


def word_forms(word: str) -> list[str]:
    """A normalized word, without a clitic (و ف ب ل ك), and without the article."""
    forms = [word]
    for prefix in ("و", "ف", "ل", "ب", "ك", "ول", "وب", "لل"):
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            forms.append(word[len(prefix):])
    return forms + [strip_article(f) for f in forms if strip_article(f) != f]


_LABEL_LINKS = word_set("label_links")
_ADJECTIVE_ENDINGS = word_tuple("adjective_endings")


def label_end(tokens, i: int) -> int:
    """Last token of a source's description: «مصدر أمني», «مسؤول الشرطة», «متحدث باسم
    وزارة الخارجية», «شهود عيان» — adjectives, one noun in construct, or a preposition and
    the few words after it; never the verb's object («اتهم مصدر أمني الحكومة …»)."""
    j = i
    construct = indefinite = not has_article(normalize(tokens[i].text), "وفلب")
    linked = 0
    while j + 1 < len(tokens) and j - i < 8:
        word = normalize(tokens[j + 1].text)
        if linked and tokens[j + 1].text in _QUOTE_MARKS and _closes(tokens, j + 1):
            j += 1  # «مصدر في ما يسمى "هيئة التنسيق"»: the quoted name is part of it
            continue
        if not any(c.isalpha() for c in word) or word in THAT or cue_of(word) or word in (
                "قوله", "قولها", "عن", "فيه", "فيها"):
            break
        if linked:
            if linked >= 3 and not _open_quote(tokens, i, j + 1) and word not in _NAMING:
                break
            if word not in _NAMING:
                linked += 1
        elif word in _LABEL_LINKS and (word != "من" or indefinite):
            linked = 1  # «مصادر من داخل الحزب», but «المحققون من قياس …» is another clause
        elif (word.endswith(_ADJECTIVE_ENDINGS) and len(word) > 3 or word == "عيان"
              or construct and word.startswith("ال")):
            construct = False
        else:
            break
        j += 1
    return j


_QUOTE_MARKS = ('"', "'", "«", "»", "“", "”")
# «ما يسمى», «ما يعرف بـ»: words that introduce a name, not part of the description's length
_NAMING = word_set("naming")
# words before a short quoted span that make it a name or a title («تحت شعار "…"»)
_TERM_WORDS = word_set("term_words")
NAMES_A_TERM = _NAMING | _TERM_WORDS


def _open_quote(tokens, i: int, k: int) -> bool:
    """Whether a quotation mark opened between tokens i and k is still open at k."""
    return sum(1 for t in tokens[i:k] if t.text in _QUOTE_MARKS) % 2 == 1


def _closes(tokens, k: int) -> bool:
    """A quotation mark at k opens a short quoted name (closed within four words)."""
    return any(t.text in _QUOTE_MARKS for t in tokens[k + 1:k + 6]) or _open_quote(tokens, 0, k)


def cue_of(word: str) -> Cue | None:
    """The cue a token is, after stripping و/ف (وقال، فأضاف)."""
    w = normalize(word)
    table = cues()
    if w in table:
        return table[w]
    return table.get(strip_conjunction(w))


def find_quoted_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(inner start, inner end) of quotation-mark spans in text[start:end].

    A straight ' opens only after a space or line start and closes only before a space or
    punctuation, so apostrophes inside Latin words are left alone. An opener with no closer
    within _MAX_QUOTE_CHARS is skipped. Closers are looked up by position (bisect), so
    thousands of unbalanced marks cost n log n, not n × the quote length.
    """
    marks = quote_marks()
    positions: dict[str, list[int]] = {}
    for ch in set("".join(marks.values())) | set(marks):
        found, i = [], text.find(ch, start, end)
        while i != -1:
            found.append(i)
            i = text.find(ch, i + 1, end)
        positions[ch] = found
    openers = sorted(i for ch in marks for i in positions[ch]
                     if ch != "'" or i == start or not text[i - 1].isalnum())
    out = []
    cursor = start
    for i in openers:
        if i < cursor:
            continue
        limit = min(end, i + 1 + _MAX_QUOTE_CHARS)
        close = None
        for ch in marks[text[i]]:
            candidates = positions[ch]
            k = bisect.bisect_right(candidates, i + 1)
            while k < len(candidates) and candidates[k] < limit:
                j = candidates[k]
                if ch != "'" or j + 1 >= end or not text[j + 1].isalnum():
                    close = j if close is None else min(close, j)
                    break
                k += 1
        if close is not None:
            out.append((i + 1, close))
            cursor = close + 1
    return out
