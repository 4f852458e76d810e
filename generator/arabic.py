"""Arabic text normalization: small named pure functions and their data tables.

Modelled on camel_tools.utils.normalize; these are used for matching (names, cue words,
search keys), never to change the text a user sees.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from camel_tools.utils.normalize import (
    normalize_alef_ar,
    normalize_alef_maksura_ar,
    normalize_teh_marbuta_ar,
)

from .clitics import strip_conjunction_and_preposition  # also the recognizer's import

TATWEEL = "\u0640"
ARABIC_INDIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
ARABIC_LETTER = re.compile(r"[\u0621-\u064a\u0671-\u06d3]")
LATIN_LETTER = re.compile(r"[A-Za-z]")
_MARKS_RE = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")


def is_arabic_language(lang: str) -> bool:
    """Whether a BCP 47 language tag («ar», «ar-EG», «AR») names Arabic. Persian, Urdu and
    Hebrew share the right-to-left direction but not the words: the Arabic models do not
    apply to them."""
    return lang.split("-")[0].strip().lower() == "ar"


def remove_diacritics(text: str) -> str:
    """Drop short vowels, shadda, sukun, dagger alef, Quranic marks and tatweel.

    (camel-tools' ``dediac_ar`` does the same but its module takes most of a second to
    import, which every build would pay.)"""
    return _MARKS_RE.sub("", text)


def normalize_alef(text: str) -> str:
    """Fold hamza-carrying and wasla alef forms onto bare alef (أ إ آ ٱ → ا)."""
    return normalize_alef_ar(text)


def normalize_alef_maksura(text: str) -> str:
    """Fold alef maksura onto ya (ى → ي)."""
    return normalize_alef_maksura_ar(text)


def normalize_teh_marbuta(text: str) -> str:
    """Fold ta marbuta onto ha (ة → ه)."""
    return normalize_teh_marbuta_ar(text)


def normalize_digits(text: str) -> str:
    """Arabic-Indic and Persian digits as ASCII digits."""
    return text.translate(ARABIC_INDIC_DIGITS)


@functools.lru_cache(maxsize=1 << 17)
def normalize(text: str) -> str:
    """The matching key of a text: no marks, one alef, ya for alef maksura, ha for ta marbuta.

    Cached: the stages ask for the same words many times over."""
    text = remove_diacritics(text)
    text = normalize_alef(text)
    text = normalize_alef_maksura(text)
    text = normalize_teh_marbuta(text)
    return normalize_digits(text)


@functools.lru_cache(maxsize=1 << 16)
def name_key(text: str) -> str:
    """The key two surface forms of one name share: normalized, clitics off, article kept."""
    return " ".join(strip_conjunction_and_preposition(w) for w in normalize(text).split())


def letters_offset(word: str, letters: int) -> int:
    """Index in ``word`` after its first ``letters`` letters (marks and tatweel skipped)."""
    seen = 0
    for i, ch in enumerate(word):
        if seen == letters:
            return i
        if not _MARKS_RE.match(ch):
            seen += 1
    return len(word)


# Presentation forms (U+FB50–U+FDFF, U+FE70–U+FEFC): positional glyphs and ligatures that
# old PDFs and some web pages carry instead of letters; shaping is the renderer's job.
_PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufefc]+")


def fold_presentation_forms(text: str) -> str:
    """Letters for presentation forms (NFKC: «ﻻ» is «لا», «ﷲ» is «الله»), so such text is
    read, analysed and laid out as the Arabic it is."""
    return _PRESENTATION_FORMS.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


def arabic_share(text: str) -> float:
    """Share of Arabic letters among the letters of a text (0.0 when it has none)."""
    arabic = len(ARABIC_LETTER.findall(text))
    latin = len(LATIN_LETTER.findall(text))
    return arabic / (arabic + latin) if arabic + latin else 0.0


def search_key(text: str) -> str:
    """Folding for search: normalized and without tatweel; lower-cased Latin."""
    return normalize(text).lower()


_LONG_VOWELS = re.compile("[\u0627\u0648\u064a]")


def search_skeleton(word: str) -> str:
    """A folded word's skeleton: its first letter, then its other letters but the long vowels
    ا و ي. Spellings of one foreign name differ in them («امريكا/اميركا», «ترامب/ترمب»);
    static/search.js has the same function."""
    return word[:1] + _LONG_VOWELS.sub("", word[1:])
