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

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from .arabic import normalize, remove_diacritics
from .clitics import strip_article, strip_conjunction_and_preposition
from .errors import ConfigError, InputError, Problem
from .readers import _FrontMatterLoader, parse_date

SUFFIX = ".corrections.yaml"
PROJECT_FILE = "corrections.yaml"
MAX_BYTES = 1_000_000
CODE = "corrections"
STALE = "correction-stale"
ACTOR_TYPES = ("person", "organization", "location")
QUOTE_KINDS = ("direct", "indirect")
_WHEN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?|-W(\d{2}))?$")

# section → (selector keys, change keys); a selector names what the entry corrects
SECTIONS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "article": ((), ("title", "date", "outlet", "url")),
    "actors": (("actor", "add"), ("drop", "merge_into", "rename", "type", "aliases", "roles",
                                  "affiliations")),
    "quotes": (("quote", "add"), ("drop", "speaker", "unnamed", "kind", "key")),
    "events": (("when",), ("drop", "date")),
}
PROJECT_SECTIONS = ("actors",)


@dataclass(frozen=True)
class Entry:
    """One correction as written: what it names and the changes it makes, in file order."""

    section: str  # "article" | "actors" | "quotes" | "events"
    path: str  # the file as displayed in messages
    line: int
    match: str | None  # the actor's name, the quote's first words, the time expression
    add: bool  # an actor or quote the analysis missed
    changes: tuple[tuple[str, Any], ...]
    note: str | None = None
    within: str | None = None  # events: words of the event's clause, to pick one of several
    shared: bool = False  # from the project-wide file

    @property
    def source(self) -> str:
        return f"{self.path}:{self.line}"

    def change(self, name: str, default: Any = None) -> Any:
        return next((v for k, v in self.changes if k == name), default)

    def canonical(self) -> list:
        """A JSON-able form, for cache keys."""
        return [self.section, self.source, self.match, self.add, [list(c) for c in self.changes],
                self.note, self.within]


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


# --- reading ---------------------------------------------------------------------------


class _LineDict(dict):
    """A YAML mapping that remembers its line and the line of each key."""

    line = 0
    key_lines: dict[str, int]


class _Loader(_FrontMatterLoader):
    """Safe YAML, timestamps kept as written, mappings with lines, duplicate keys refused."""

    def construct_mapping(self, node, deep=False):
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"key {key!r} is given twice (also on line {seen[key]})",
                    key_node.start_mark)
            seen[key] = key_node.start_mark.line + 1
        mapping = _LineDict(super().construct_mapping(node, deep=True))
        mapping.line = node.start_mark.line + 1
        mapping.key_lines = {str(k): v for k, v in seen.items()}
        return mapping


# every mapping through construct_mapping (the default builds a plain dict and fills it)
_Loader.add_constructor("tag:yaml.org,2002:map", lambda loader, node:
                        loader.construct_mapping(node))


def parse(text: str, path: str, project: bool = False) -> list[Entry]:
    """The entries of a corrections file; InputError with the line of the first problem."""
    try:
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except RecursionError:
        raise InputError("corrections are nested too deeply", path, None, CODE) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        reason = getattr(exc, "problem", None) or "invalid YAML"
        raise InputError(f"corrections are not valid YAML: {reason}", path,
                         mark.line + 1 if mark is not None else None, CODE) from None
    if data is None:
        return []
    if not isinstance(data, dict):
        raise InputError("corrections must be a mapping of sections (article, actors, quotes, "
                         "events)", path, 1, CODE)
    allowed = PROJECT_SECTIONS if project else tuple(SECTIONS)
    entries: list[Entry] = []
    for name, value in data.items():
        line = data.key_lines.get(str(name), 1)
        if name not in allowed:
            where = "a project-wide file" if project and name in SECTIONS else "corrections"
            raise InputError(f"{name!r} is not a section of {where} (sections: "
                             f"{', '.join(allowed)})", path, line, CODE)
        if value is not None:  # None: a section with every entry commented out
            entries += _section_entries(name, value, path, line)
    return entries


def _section_entries(name: str, value, path: str, line: int) -> list[Entry]:
    """The entries of one section: the article's mapping, or a list of fact entries."""
    if name == "article":
        if not isinstance(value, dict):
            raise InputError("article: expected a mapping (title:, date:, outlet:, url:)",
                             path, line, CODE)
        return _article_entries(value, path)
    if not isinstance(value, list):
        raise InputError(f"{name}: expected a list of entries, each starting with '- '",
                         path, line, CODE)
    entries = []
    for item in value:
        if not isinstance(item, dict):
            raise InputError(f"{name}: each entry is a mapping (key: value)", path,
                             getattr(item, "line", None) or line, CODE)
        entries.append(_entry(name, item, path))
    return entries


def _fail(item: _LineDict, key: str | None, message: str, path: str) -> InputError:
    line = item.key_lines.get(key, item.line) if key else item.line
    return InputError(message, path, line, CODE)


def _text(item: _LineDict, key: str, path: str, allow_none: bool = False) -> str | None:
    value = item[key]
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)) or \
            not str(value).strip():
        raise _fail(item, key, f"{key}: expected a text" + (" or null" if allow_none else ""),
                    path)
    return " ".join(str(value).split())


def _texts(item: _LineDict, key: str, path: str) -> tuple[str, ...]:
    value = item[key]
    values = value if isinstance(value, list) else [value]
    if not values or any(isinstance(v, (bool, dict, list)) or v is None or not str(v).strip()
                         for v in values):
        raise _fail(item, key, f"{key}: expected a text or a list of texts", path)
    return tuple(" ".join(str(v).split()) for v in values)


def _article_entries(item: _LineDict, path: str) -> list[Entry]:
    note = _note(item, path)
    entries = []
    for key in item:
        if key == "note":
            continue
        if key not in SECTIONS["article"][1]:
            raise _fail(item, key, f"article: unknown key {key!r} (keys: title, date, outlet, "
                        "url, note)", path)
        if key == "date":
            value = parse_date(item[key]) if item[key] is not None else None
            if item[key] is not None and (value is None or not re.match(
                    r"^\d{4}-\d{2}-\d{2}$", str(item[key]).strip())):
                raise _fail(item, key, f"date: {item[key]!r} is not a date as YYYY-MM-DD",
                            path)
            value = value.isoformat() if value else None
        elif key == "url":
            value = _text(item, key, path, allow_none=True)
            if value is not None and not re.match(r"^https?://[^\s<>\"']+$", value):
                raise _fail(item, key, "url: expected an http:// or https:// address", path)
        else:
            value = _text(item, key, path, allow_none=key != "title")
        entries.append(Entry("article", path, item.key_lines[key], None, False,
                             ((key, value),), note))
    return entries


def _note(item: _LineDict, path: str) -> str | None:
    return _text(item, "note", path, allow_none=True) if "note" in item else None


def _entry(section: str, item: _LineDict, path: str) -> Entry:
    selectors, changes = SECTIONS[section]
    given = [k for k in selectors if k in item]
    if len(given) != 1:
        raise _fail(item, None, f"{section}: each entry names one thing with "
                    f"{' or '.join(k + ':' for k in selectors)}", path)
    selector = given[0]
    match = _text(item, selector, path)
    extra = ("note", "in") if section == "events" else ("note",)
    out: list[tuple[str, Any]] = []
    for key in item:
        if key == selector or key in extra:
            continue
        if key not in changes:
            raise _fail(item, key, f"{section}: unknown key {key!r} (keys: "
                        f"{', '.join(selectors + changes + extra)})", path)
        out.append((key, _value(section, item, key, path)))
    if not out and selector != "add":
        raise _fail(item, None, f"{section}: the entry for {match!r} changes nothing", path)
    keys = {k for k, _ in out}
    if "drop" in keys and len(keys) > 1:
        raise _fail(item, "drop", "drop: a dropped item takes no other change", path)
    if "drop" in keys and selector == "add":
        raise _fail(item, "drop", "drop: cannot drop what the entry adds", path)
    if section == "actors" and selector == "add" and "type" not in keys:
        raise _fail(item, None, "actors: an added actor needs its type: (person, "
                    "organization, location)", path)
    if {"speaker", "unnamed"} <= keys:
        raise _fail(item, "unnamed", "quotes: give speaker: (an actor) or unnamed: (a "
                    "description), not both", path)
    order = {k: i for i, k in enumerate(changes)}
    out.sort(key=lambda kv: order[kv[0]])
    within = _text(item, "in", path) if "in" in item else None
    return Entry(section, path, item.line, match, selector == "add", tuple(out),
                 _note(item, path), within)


def _value(section: str, item: _LineDict, key: str, path: str) -> Any:
    value = item[key]
    if key in ("drop", "key"):
        if value is not True and not (key == "key" and value is False):
            raise _fail(item, key, f"{key}: expected true", path)
        return value
    if key == "type":
        if value not in ACTOR_TYPES:
            raise _fail(item, key, f"type: {value!r} is not one of {', '.join(ACTOR_TYPES)}",
                        path)
        return value
    if key == "kind":
        if value not in QUOTE_KINDS:
            raise _fail(item, key, f"kind: {value!r} is not one of {', '.join(QUOTE_KINDS)}",
                        path)
        return value
    if key in ("aliases", "roles", "affiliations"):
        return _texts(item, key, path)
    if key == "date":
        if value is None:
            return None
        when = parse_when(str(value).strip())
        if when is None:
            raise _fail(item, key, f"date: {value!r} is not YYYY-MM-DD, YYYY-Www, YYYY-MM, "
                        "YYYY or null", path)
        return list(when)
    return _text(item, key, path, allow_none=key == "speaker")


def parse_when(text: str) -> tuple[str, str] | None:
    """(value, granularity) of a date as the chronology writes it, or None."""
    match = _WHEN.match(text)
    if not match:
        return None
    year, month, day, week = match.groups()
    try:
        if week:
            dt.date.fromisocalendar(int(year), int(week), 1)
            return text, "week"
        if day:
            dt.date(int(year), int(month), int(day))
            return text, "day"
        if month:
            dt.date(int(year), int(month), 1)
            return text, "month"
    except ValueError:
        return None
    return text, "year"


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


# --- project-wide entries and cache keys ------------------------------------------------


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


def unused(project: ProjectCorrections, entries: list[dict[str, Any]]) -> list[Problem]:
    """Project-wide entries that corrected nothing in any briefing built."""
    used = {source for entry in entries for source in entry.get("corrections", [])}
    return [Problem(e.path, "warning", f"actor «{e.match}» matches no actor of any briefing",
                    STALE, e.line)
            for e in project.entries if e.source not in used]


# --- provenance in the outputs -----------------------------------------------------------


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
