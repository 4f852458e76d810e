"""Analyst corrections: hand-edited YAML files that survive every rebuild.

Where they live (beside the seeds, so they travel with them):

- ``SEEDS/NAME.corrections.yaml`` corrects the seed ``SEEDS/NAME.txt`` (or ``NAME.md``): the
  article's metadata and its actors, quotes and events;
- ``SEEDS/corrections.yaml`` holds project-wide actor corrections, tried on every briefing
  (one identity for two names, a type fixed once).

Entries name things as a reader sees them — an actor's name or any form of it in the text, a
quote's first words, an event's time expression — never by ids, which change when the
analysis improves. This module reads and checks the files (every problem with its line) and
says which project-wide entries can concern a seed; :mod:`generator.stages.corrections`
applies them.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .arabic import normalize, remove_diacritics
from .clitics import strip_article, strip_conjunction_and_preposition
from .corrections_format import CODE, Entry, parse
from .errors import ConfigError, InputError, Problem

SUFFIX = ".corrections.yaml"
PROJECT_FILE = "corrections.yaml"
MAX_BYTES = 1_000_000
STALE = "correction-stale"


@dataclass
class SeedCorrections:
    """The corrections one seed's build applies: the relevant project-wide entries first,
    then the seed's own (which win when both touch one fact)."""

    entries: list[Entry] = field(default_factory=list)
    stale: list[Problem] = field(default_factory=list)  # filled when the facts are corrected

    def section(self, name: str) -> list[Entry]:
        return [e for e in self.entries if e.section == name]

    def __bool__(self) -> bool:
        return bool(self.entries)


def corrections_path(seed: Path) -> Path:
    """``NAME.corrections.yaml`` beside the seed ``NAME.txt``."""
    return seed.with_name(seed.stem + SUFFIX)


def project_path(seeds: Path) -> Path:
    """The project-wide file: in the seeds folder (beside the seed when one file is built)."""
    return (seeds if seeds.is_dir() else seeds.parent) / PROJECT_FILE


def is_corrections_file(path: Path) -> bool:
    return path.name.endswith(SUFFIX) or path.name == PROJECT_FILE


def orphans(seeds: Path, found: list[Path]) -> list[Problem]:
    """Corrections files whose seed is gone (renamed or removed): their corrections would be
    lost without a word."""
    if not seeds.is_dir():
        return []
    stems = {p.with_suffix("") for p in found}
    problems = []
    for path in sorted(seeds.rglob("*.yaml")):
        if any(part.startswith(".") for part in path.relative_to(seeds).parts):
            continue
        if path.name.endswith(SUFFIX) and path.with_name(path.name[:-len(SUFFIX)]) not in stems:
            problems.append(Problem(str(path), "warning", f"no seed {path.name[:-len(SUFFIX)]}"
                                    ".txt or .md beside it: these corrections are not applied",
                                    STALE))
        elif path.name == PROJECT_FILE and path.parent != seeds:
            problems.append(Problem(str(path), "warning", f"not applied: only {PROJECT_FILE} "
                                    "at the top of the seeds folder is project-wide", STALE))
    return problems


def read_file(path: Path, display: str, project: bool = False) -> list[Entry]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", display, None, CODE) from None
    if len(data) > MAX_BYTES:
        raise InputError(f"over {MAX_BYTES:,} bytes: not a hand-written corrections file",
                         display, None, CODE)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("corrections must be UTF-8 text", display, None, CODE) from None
    return parse(text, display, project)


@dataclass(frozen=True)
class ProjectCorrections:
    """The project-wide file's entries (empty when there is none)."""

    entries: tuple[Entry, ...] = ()

    @classmethod
    def load(cls, seeds: Path) -> ProjectCorrections:
        """Read ``SEEDS/corrections.yaml``; a malformed file stops the build (ConfigError:
        it holds facts for every briefing, none is published without them)."""
        path = project_path(seeds)
        if not path.is_file():
            return cls()
        try:
            return cls(tuple(replace(e, shared=True)
                             for e in read_file(path, str(path), project=True)))
        except InputError as exc:
            where = f"{path}:{exc.line}" if exc.line else str(path)
            raise ConfigError(f"{exc}; nothing was built", where) from None

    def relevant(self, data: bytes) -> list[Entry]:
        """Entries that can concern a seed of these bytes: every word of the actor they name
        is somewhere in its text. Only these are applied and in its cache key, so editing an
        entry re-renders the briefings that mention its actor and no other."""
        try:
            text = _fold(data.decode("utf-8-sig"))
        except UnicodeDecodeError:
            return list(self.entries)  # another encoding: every entry, to be safe
        return [e for e in self.entries if all(w in text for w in _words(e.match or ""))]


def _fold(text: str) -> str:
    # normalize() is cached per string: a whole article would fill its cache
    return normalize.__wrapped__(remove_diacritics(text))


def _words(name: str) -> list[str]:
    """The name's words as they can appear in a text: normalized, article and clitics off."""
    out = []
    for word in _fold(name).split():
        out.append(strip_article(strip_conjunction_and_preposition(word)))
    return out


def cache_key(seed: Path, data: bytes, project: ProjectCorrections | None) -> str:
    """What a seed's corrections add to its cache keys: its file's bytes and the relevant
    project-wide entries ("" when there are none, so keys without corrections stay as they
    were)."""
    path = corrections_path(seed)
    try:
        own = path.read_bytes() if path.is_file() else b""
    except OSError:
        own = b"\0unreadable"  # reported when the seed is built
    shared = [e.canonical() for e in project.relevant(data)] if project else []
    if not own and not shared:
        return ""
    digest = hashlib.sha256(own)
    digest.update(json.dumps(shared, ensure_ascii=False).encode())
    return digest.hexdigest()


def for_seed(seed: Path, display: str, data: bytes,
             project: ProjectCorrections | None) -> SeedCorrections:
    """The corrections a seed's build applies; InputError for a malformed file (the seed is
    then left out and the rest published)."""
    entries = project.relevant(data) if project else []
    path = corrections_path(seed)
    if path.is_file():
        shown = str(Path(display).with_name(path.name))
        try:
            entries += read_file(path, shown)
        except InputError as exc:
            raise InputError(f"{exc}; {display} is left out", exc.path, exc.line,
                             CODE) from None
    return SeedCorrections(entries)


def unused(project: ProjectCorrections, used: set[str]) -> list[Problem]:
    """Project-wide entries that corrected nothing in any briefing built (``used``: the
    sources of the corrections the briefings applied)."""
    return [Problem(e.path, "warning", f"actor «{e.match}» matches no actor of any briefing",
                    STALE, e.line)
            for e in project.entries if e.source not in used]


def provenance(doc) -> tuple[list[dict[str, Any]], dict[str, list[int]]]:
    """The corrections applied to a document, as briefing.json lists them, and for each
    corrected fact («actor:a3», «quote:q2», «event:e1», «article:title») the positions of
    the corrections that changed it. Facts dropped afterwards are left out."""
    live = {"actor": {a.id for a in doc.actors}, "quote": {q.id for q in doc.quotes},
            "event": {e.id for e in doc.events}}
    listed: list[dict[str, Any]] = []
    marks: dict[str, list[int]] = {}
    for i, c in enumerate(doc.corrections):
        facts = [f for f in c.facts if c.target == "article" or f in live[c.target]]
        listed.append({"source": c.source, "target": c.target, "match": c.match,
                       "change": c.change, "value": c.value, "note": c.note, "facts": facts})
        for fact in facts:
            marks.setdefault(f"{c.target}:{fact}", []).append(i)
    return listed, marks


def with_provenance(doc, data: dict[str, Any]) -> dict[str, Any]:
    """briefing.json's data with ``corrections`` (what the analyst changed, each with its
    file and line) and a ``corrected`` list (positions in it) on every corrected fact."""
    listed, marks = provenance(doc)
    data["corrections"] = listed
    article = sorted({i for key, ids in marks.items() if key.startswith("article:")
                      for i in ids})
    if article:
        data["corrected"] = article
    for section, target in (("actors", "actor"), ("quotes", "quote"), ("events", "event")):
        for item in data[section]:
            if f"{target}:{item['id']}" in marks:
                item["corrected"] = marks[f"{target}:{item['id']}"]
    return data
