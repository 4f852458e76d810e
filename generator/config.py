"""``briefing.toml``: one configuration file with a schema, defaults and a docstring each.

Every problem in the file is collected and reported with the file and the key (MkDocs
style); command-line flags override the file.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
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


SCHEMA: tuple[Option, ...] = (
    Option("site.title", (str,), DEFAULT_SITE_TITLE, "The site's name, in every page's header."),
    Option("site.description", (str,), "موجزات تحليلية للأخبار العربية: الفاعلون والأقوال "
           "والتسلسل الزمني.", "One sentence about the site (index page, feed)."),
    Option("site.base_url", (str, type(None)), None,
           "The absolute address the site is published at (https://…/). Needed for "
           "sitemap.xml and the Atom feed, which are written only when it is set; pages "
           "link to each other relatively either way."),
    Option("site.language", (str,), "ar",
           "Language of seeds that do not say theirs in front matter and are Arabic."),
    Option("pdf.enabled", (bool,), True, "Make a PDF per briefing (--no-pdf turns it off)."),
    Option("pdf.paper", (str,), "A4", "Paper size of the PDFs.", PAPER_SIZES),
    Option("pdf.variant", (str, type(None)), "pdf/ua-1",
           "The PDF variant: \"pdf/ua-1\" (tagged, accessible; the default) or \"none\" "
           "(untagged).", PDF_VARIANTS + (None,)),
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
           "output); --cache-dir overrides it."),
)


@dataclass(frozen=True)
class Config:
    values: dict[str, Any]
    path: Path | None = None

    def __getitem__(self, key: str) -> Any:
        return self.values[key]


def defaults() -> Config:
    return Config({o.key: o.default for o in SCHEMA})


def load(path: Path | None) -> Config:
    """The configuration from ``path`` (defaults when it is None); a file that was named
    but cannot be read is an error, never a silent fall-back to the defaults."""
    if path is None:
        return defaults()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read the configuration: {exc.strerror or exc}",
                          path) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"not valid TOML: {exc}", path) from None
    options = {o.key: o for o in SCHEMA}
    values = {o.key: o.default for o in SCHEMA}
    errors = []
    for table, entries in data.items():
        if not isinstance(entries, dict):
            errors.append(f"{table}: unknown key (keys live in tables: "
                          f"{', '.join(sorted({k.split('.')[0] for k in options}))})")
            continue
        for name, value in entries.items():
            key = f"{table}.{name}"
            option = options.get(key)
            if option is None:
                errors.append(f"{key}: unknown key")
                continue
            if not isinstance(value, option.types) or (
                    isinstance(value, bool) and bool not in option.types):
                wanted = " or ".join("null" if t is type(None) else t.__name__
                                     for t in option.types)
                errors.append(f"{key}: expected {wanted}, got {type(value).__name__} "
                              f"{value!r}")
                continue
            if option.choices and value not in option.choices:
                errors.append(f"{key}: {value!r} is not one of "
                              f"{', '.join(repr(c) for c in option.choices if c is not None)}")
                continue
            values[key] = value
    if errors:
        raise ConfigError("\n".join(errors), path)
    return Config(values, path)


def describe() -> str:
    """Every key with its default and docstring (for --help and the README)."""
    lines = [f"configuration keys ({CONFIG_FILE}):"]
    for o in SCHEMA:
        lines.append(f"  {o.key} (default {o.default!r})")
        lines.append(f"      {o.doc}")
    return "\n".join(lines)
