"""Language data of the analysis, read once from ``generator/data``.

Every word list lives in a data file (one entry a line, ``#`` comments); this module only
loads and normalizes them, so a list can be extended without touching code.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

from .arabic import name_key, normalize

DATA_DIR = Path(__file__).parent / "data"
# Lists a command learns from corpora (``make model``, ``make derive``), never edited by hand.
DERIVED_DIR = DATA_DIR / "derived"
MODEL_DIR = Path(__file__).parent / "models"


def read_lines(name: str) -> list[str]:
    """Non-empty, non-comment lines of a data file."""
    lines = []
    for line in (DATA_DIR / name).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            lines.append(line)
    return lines


def read_table(name: str) -> list[list[str]]:
    """Tab-separated rows of a data file."""
    return [line.split("\t") for line in read_lines(name)]


def normalized_set(name: str) -> frozenset[str]:
    return frozenset(normalize(line) for line in read_lines(name))


@functools.cache
def _word_sections() -> dict[str, tuple[str, ...]]:
    """The sections of ``word_sets.txt``: «[name]» then its words, normalized, in file order."""
    sections: dict[str, list[str]] = {}
    words: list[str] = []
    for line in read_lines("word_sets.txt"):
        if line.startswith("[") and line.endswith("]"):
            words = sections.setdefault(line[1:-1], [])
        else:
            words.extend(dict.fromkeys(normalize(w) for w in line.split()))
    return {name: tuple(dict.fromkeys(ws)) for name, ws in sections.items()}


def word_tuple(name: str) -> tuple[str, ...]:
    """A section of ``word_sets.txt`` in file order (for ``startswith``/``endswith``)."""
    return _word_sections()[name]


def word_set(name: str) -> frozenset[str]:
    """A section of ``word_sets.txt`` as a set of normalized words."""
    return frozenset(_word_sections()[name])


@dataclass
class Lexicon:
    """Word lists the stages share, all in normalized form."""

    person_titles: frozenset[str] = frozenset()
    org_heads: frozenset[str] = frozenset()
    place_heads: frozenset[str] = frozenset()
    state_heads: frozenset[str] = frozenset()
    generic_actors: frozenset[str] = frozenset()
    generic_heads: frozenset[str] = frozenset()
    time_words: frozenset[str] = frozenset()
    institutions: frozenset[tuple[str, ...]] = frozenset()
    media: frozenset[tuple[str, ...]] = frozenset()
    event_nouns: frozenset[str] = frozenset()
    # nationality adjective (masculine, with the article) → the country's name keys
    nationalities: dict[str, tuple[str, ...]] = field(default_factory=dict)
    gazetteer: dict[str, tuple[str, ...]] = field(default_factory=dict)


def load_gazetteer(path: Path) -> dict[str, tuple[str, ...]]:
    table: dict[str, tuple[str, ...]] = {}
    if not path.exists():
        return table
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        word, classes = line.split("\t")[:2]
        table[word] = tuple(classes.split(","))
    return table


# Words that end a name: «منظمة التعاون الإسلامي الجمعة» is a name and a day.
_RELATIVE_TIME_WORDS = word_set("relative_time_words")


@functools.cache
def lexicon() -> Lexicon:
    """The shared lexicon (loaded once per process)."""
    return Lexicon(
        person_titles=normalized_set("person_titles.txt"),
        org_heads=normalized_set("org_heads.txt"),
        place_heads=normalized_set("place_heads.txt"),
        state_heads=normalized_set("state_heads.txt"),
        generic_actors=normalized_set("generic_actors.txt"),
        generic_heads=normalized_set("generic_heads.txt"),
        institutions=frozenset(tuple(normalize(line).split())
                               for line in read_lines("institutions.txt")),
        media=frozenset(tuple(normalize(line).split()) for line in read_lines("media_outlets.txt")),
        event_nouns=normalized_set("event_nouns.txt"),
        nationalities={normalize(row[0]): tuple(name_key(n) for n in row[1].split("|"))
                       for row in read_table("nationalities.tsv")},
        time_words=frozenset(normalize(row[0].split()[0]) for name in ("weekdays.tsv",
                                                                        "months.tsv")
                             for row in read_table(name)) | _RELATIVE_TIME_WORDS,
        gazetteer=load_gazetteer(DERIVED_DIR / "gazetteer.tsv"),
    )
