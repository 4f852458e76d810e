"""The corrections file format: YAML read with the line of every key, each entry checked
(its section, selector and changes, their types and values) into an :class:`Entry`; every
problem an error with its line."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import yaml

from .errors import InputError
from .readers import _FrontMatterLoader, parse_date

CODE = "corrections"
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
