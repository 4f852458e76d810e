"""Arabic proclitics: the one place that knows which letters may stand before a word.

An Arabic word is written with its small function words attached in front, in a fixed
order: a conjunction (و "and", ف "so, then"), then a preposition (ب "with, in", ل "for, to",
ك "like"), then the article ال "the": «وبالعراق» = و + ب + ال + عراق. The preposition ل
before the article drops the article's alef: ل + الحرس = «للحرس».

Stripping is safe in front of the article (the rest starts with ال, so it is a word of its
own), and a guess anywhere else: many words merely begin with these letters («واشنطن»,
«لبنان», «بوتين», «كندا»). So a bare-noun clitic comes off only when the rest is a word known
on its own (:func:`strip_known_clitic`); the other helpers say how much they allow with a
minimum length for what is left.

All functions take normalized words (:func:`generator.arabic.normalize`).
"""

from __future__ import annotations

import functools
from collections.abc import Collection

CONJUNCTIONS = "وف"
PREPOSITIONS = "بلك"
ARTICLE = "ال"
# Everything that may stand before a stem, conjunction + preposition pairs first so the
# longest one is tried first («وب» before «و»).
PREFIXES = ("وب", "ول", "وك", "فب", "فل", "و", "ف", "ب", "ل", "ك")
# The same without ك: before a title «ك» is the first letter of a word («كبير», «كاتب»)
# far more often than «like».
TITLE_PREFIXES = ("وب", "ول", "فب", "فل", "و", "ف", "ب", "ل")
# The pronoun suffixes a noun or verb may end with, longest first.
SUFFIXES = ("هما", "هم", "هن", "كم", "نا", "ها", "ه", "ي", "ك")


@functools.lru_cache(maxsize=1 << 16)
def strip_conjunction_and_preposition(word: str) -> str:
    """A normalized word without clitics before the article (keeps the article).

    ``وبالعراق`` → ``العراق``; ``للحرس`` → ``الحرس``. A clitic before a bare noun is left
    alone (``واشنطن``, ``لبنان`` start with the same letters): see :func:`strip_known_clitic`.
    """
    w = word
    if len(w) > 4 and w.startswith("لل"):
        return ARTICLE + w[2:]
    for prefix in PREFIXES:
        if len(w) > len(prefix) + 3 and w.startswith(prefix) and w[len(prefix):].startswith(
                ARTICLE):
            return w[len(prefix):]
    if len(w) > 5 and w[0] in CONJUNCTIONS and w[1:3] == "لل":
        return ARTICLE + w[3:]
    return w


def strip_known_clitic(word: str, known: Collection[str],
                       names: Collection[str] = ()) -> str:
    """Strip a clitic before a bare noun only when the rest is a word ``known`` (seen on its
    own in the article) or a listed name, and the whole word is not a listed name:
    ``لروسيا`` → ``روسيا`` when «روسيا» is known; ``واشنطن`` stays («اشنطن» is no word), and
    so does ``بوتين`` (a name in ``names``)."""
    w = strip_conjunction_and_preposition(word)
    if w != word or word in names:
        return w
    rests = [w[len(p):] for p in PREFIXES if w.startswith(p) and len(w) - len(p) >= 3]
    # a word the article itself uses alone wins, the longest clitic first («وبروسيا» is
    # «روسيا» there); a listed name only after that, the shortest clitic first: «وكندا» is
    # «و» + «كندا», not «وك» + the name «ندا»
    seen = [r for r in rests if r in known]
    if seen:
        return seen[0]
    listed = [r for r in rests if r in names]
    return max(listed, key=len) if listed else w


def strip_clitic_before(word: str, wanted: Collection[str],
                        prefixes: tuple[str, ...] = PREFIXES) -> tuple[str, str] | None:
    """(clitic, rest) when ``word`` is one of ``prefixes`` before a word in ``wanted``
    («لواشنطن» with «واشنطن» wanted), the longest clitic first; None otherwise."""
    for prefix in prefixes:
        if word.startswith(prefix) and word[len(prefix):] in wanted:
            return prefix, word[len(prefix):]
    return None


def strip_conjunction(word: str, longer_than: int = 2) -> str:
    """The word without a leading و/ف («وقال» → «قال»), when it is longer than
    ``longer_than`` letters: short words starting with و/ف are mostly words of their own
    («وفد», «فوز»), so callers pass the length their words need."""
    return word[1:] if len(word) > longer_than and word[0] in CONJUNCTIONS else word


def strip_article(word: str) -> str:
    """The word without its article («الرئيس» → «رئيس»); a word of four letters or less
    keeps it («الله», «الا» are not article + word)."""
    return word[2:] if word.startswith(ARTICLE) and len(word) > 4 else word


def has_article(word: str, under: str = CONJUNCTIONS) -> bool:
    """Whether a word is definite by the article under any of the letters ``under``
    («والرئيس»); a word of its own starting with them has none («وزير»)."""
    return word.lstrip(under).startswith(ARTICLE)


@functools.lru_cache(maxsize=1 << 16)
def bare_forms(word: str) -> tuple[str, ...]:
    """A word and its forms without a leading و/ف, a preposition after it, or a preposition
    alone («وبحلول» → وبحلول، بحلول، حلول; «لمدة» → لمدة، مدة), for closed word lists."""
    forms = [word]
    if len(word) > 2 and word[0] in CONJUNCTIONS:
        forms.append(word[1:])
        if len(word) > 3 and word[1] in PREPOSITIONS:
            forms.append(word[2:])
    if len(word) > 2 and word[0] in PREPOSITIONS:
        forms.append(word[1:])
    return tuple(forms)


def split_clitics(word: str) -> tuple[str, str, str]:
    """(proclitics, stem, suffix) of a normalized word, by rule: a conjunction, then
    ب/ل/ك before the article or «لل», the article; or else a pronoun suffix
    («وبالعراق» → («وبال», «عراق», ""), «كتابهم» → ("", «كتاب», «هم»))."""
    pre = ""
    w = word
    if len(w) > 3 and w[0] in CONJUNCTIONS:
        pre, w = w[0], w[1:]
    if len(w) > 3 and w.startswith("لل"):
        return pre + "لل", w[2:], ""
    if len(w) > 4 and w[0] in PREPOSITIONS and w[1:3] == ARTICLE:
        pre, w = pre + w[0], w[1:]
    if len(w) > 3 and w.startswith(ARTICLE):
        return pre + ARTICLE, w[2:], ""
    for suffix in SUFFIXES:
        if len(w) - len(suffix) >= 3 and w.endswith(suffix):
            return pre, w[: -len(suffix)], suffix
    return pre, w, ""
