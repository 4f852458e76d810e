"""``briefing.toml``: one configuration file with a schema, defaults and a docstring each.

Every problem in the file is collected and reported with the file and the key (MkDocs
style); command-line flags override the file.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .errors import ConfigError

CONFIG_FILE = "briefing.toml"
DEFAULT_SITE_TITLE = "موجزات الأخبار"
PAPER_SIZES = ("A4", "A5", "Letter", "Legal")
PDF_VARIANTS = ("pdf/ua-1", "none")


@dataclass(frozen=True)
class Option:
    key: str  # "table.name"
    types: tuple[type, ...]
    default: Any
    doc: str
    choices: tuple[Any, ...] = ()
    # what a change of the value invalidates in the cache: "analysis" (and everything after
    # it), "render" (the briefings' files), "site" (the site-wide pages) or "" (nothing)
    affects: str = ""


SCHEMA: tuple[Option, ...] = (
    Option("site.title", (str,), DEFAULT_SITE_TITLE, "The site's name, in every page's header.",
           affects="render"),
    Option("site.description", (str,), "موجزات تحليلية للأخبار العربية: الفاعلون والأقوال "
           "والتسلسل الزمني.", "One sentence about the site (index page, feed).", affects="site"),
    Option("site.base_url", (str, type(None)), None,
           "The absolute address the site is published at (https://…/). Needed for "
           "sitemap.xml and the Atom feed, which are written only when it is set; pages "
           "link to each other relatively either way.", affects="site"),
    Option("site.language", (str,), "ar",
           "Language of seeds that do not say theirs in front matter and are Arabic.",
           affects="analysis"),
    Option("pdf.enabled", (bool,), True, "Make a PDF per briefing (--no-pdf turns it off).",
           affects="render"),
    Option("pdf.paper", (str,), "A4", "Paper size of the PDFs.", PAPER_SIZES,
           "render"),
    Option("pdf.variant", (str, type(None)), "pdf/ua-1",
           "The PDF variant: \"pdf/ua-1\" (tagged, accessible; the default) or \"none\" "
           "(untagged).", PDF_VARIANTS + (None,), "render"),
    Option("limits.max_seed_bytes", (int,), 2_000_000,
           "Seeds larger than this are skipped with a warning."),
    Option("limits.seed_seconds", (int,), 300,
           "A seed whose build takes longer is stopped and reported as an error (0: no "
           "limit)."),
    Option("build.engine", (str,), "local",
           "Where seeds are analysed and rendered: \"local\" (worker processes on this "
           "machine) or \"dask\" (a Dask cluster; pip install 'arabic-briefing[dask]'); "
           "--engine overrides it.", ("local", "dask")),
    Option("build.scheduler", (str, type(None)), None,
           "The Dask scheduler's address (tcp://HOST:8786) for the dask engine; unset: a "
           "local cluster of --jobs worker processes. --scheduler overrides it."),
    Option("cache.dir", (str,), ".cache",
           "Where analyses and renderings are kept between builds (never inside the "
           "output); --cache-dir overrides it, --no-cache turns it off."),
)


class Values(Mapping[str, Any]):
    """Every schema key's value, read-only (and picklable, for the worker processes)."""

    def __init__(self, values: dict[str, Any]):
        self._values = dict(values)

    def __getitem__(self, key: str) -> Any:
        return self._values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __hash__(self) -> int:
        return hash(tuple(sorted(self._values.items(), key=lambda kv: kv[0])))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Values) and self._values == other._values

    def __repr__(self) -> str:
        return f"Values({self._values!r})"


_OPTIONS = {o.key: o for o in SCHEMA}


@dataclass(frozen=True)
class Settings:
    """One build's settings: the configuration file's values (``settings["pdf.paper"]``),
    validated against :data:`SCHEMA`, and the command's own arguments. Made once, by
    :func:`load` and :meth:`override`, and passed everywhere."""

    values: Values = field(default_factory=lambda: Values({o.key: o.default for o in SCHEMA}))
    seeds: Path = Path("seeds")
    output: Path = Path("output")
    jobs: int = 0  # worker processes; 0: one per core
    quiet: bool = False
    strict: bool = False
    debug: bool = False
    use_cache: bool = True  # False: build everything afresh (--no-cache)
    path: Path | None = None  # the configuration file read, if any

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    @property
    def cache_dir(self) -> Path | None:
        return Path(self["cache.dir"]) if self.use_cache else None

    def override(self, values: dict[str, Any] | None = None, **arguments: Any) -> Settings:
        """These settings with some keys (validated like the file's) and arguments changed:
        the one place command-line flags take effect."""
        errors = [e for key, value in (values or {}).items() if (e := _check(key, value))]
        if errors:
            raise ConfigError("\n".join(errors), self.path)
        return replace(self, values=Values({**self.values, **(values or {})}), **arguments)

    def scope(self, affects: str) -> str:
        """The values a cache key of this scope depends on, as text."""
        return json.dumps([[o.key, self[o.key]] for o in SCHEMA if o.affects == affects],
                          ensure_ascii=False)


def _check(key: str, value: Any) -> str:
    """The problem with one key's value ("" when there is none)."""
    option = _OPTIONS.get(key)
    if option is None:
        return f"{key}: unknown key"
    if not isinstance(value, option.types) or (
            isinstance(value, bool) and bool not in option.types):
        wanted = " or ".join("null" if t is type(None) else t.__name__ for t in option.types)
        return f"{key}: expected {wanted}, got {type(value).__name__} {value!r}"
    if option.choices and value not in option.choices:
        return (f"{key}: {value!r} is not one of "
                f"{', '.join(repr(c) for c in option.choices if c is not None)}")
    return ""


def load(path: Path | None) -> Settings:
    """The settings from the file at ``path`` (defaults when it is None); a file that was
    named but cannot be read is an error, never a silent fall-back to the defaults."""
    if path is None:
        return Settings()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read the configuration: {exc.strerror or exc}",
                          path) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"not valid TOML: {exc}", path) from None
    values = {}
    errors = []
    for table, entries in data.items():
        if not isinstance(entries, dict):
            errors.append(f"{table}: unknown key (keys live in tables: "
                          f"{', '.join(sorted({k.split('.')[0] for k in _OPTIONS}))})")
            continue
        for name, value in entries.items():
            key = f"{table}.{name}"
            if problem := _check(key, value):
                errors.append(problem)
            else:
                values[key] = value
    if errors:
        raise ConfigError("\n".join(errors), path)
    return replace(Settings(path=path).override(values), path=path)


def describe() -> str:
    """Every key with its default and docstring (for --help and the README)."""
    lines = [f"configuration keys ({CONFIG_FILE}):"]
    for o in SCHEMA:
        lines.append(f"  {o.key} (default {o.default!r})")
        lines.append(f"      {o.doc}")
    return "\n".join(lines)
