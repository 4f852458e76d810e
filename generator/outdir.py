"""Which folder a build may replace, and which names a briefing may not take in it.

A build swaps a complete new site in for the old one, deleting the old folder. That is only
safe for a folder this tool made (it carries :data:`MARKER`) or an empty one; a folder that
holds the seeds, the project, the working folder or the home folder is never replaced.
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import ConfigError

MARKER = ".briefing-site"
# What the site writes at its top level (folders and file stems): a briefing named like one
# of them would be written over a site page, or a site page over it.
RESERVED_NAMES = frozenset({"actors", "static", "index", "timeline", "search", "404",
                            "sitemap", "feed", "fonts"})
_SITE_FILES = frozenset({"index.html", "index.json", "actors.json", "timeline.html",
                         "timeline.json", "search.html", "search", "search.json", "404.html",
                         "sitemap.xml", "feed.xml", "actors", "static", MARKER})


def _made_by_us(folder: Path) -> bool:
    """A site from a build before the marker existed: every top-level entry is a site page
    or a briefing folder (one holding briefing.json), and the catalog is there."""
    names = {p.name for p in folder.iterdir()}
    if "index.json" not in names or "static" not in names:
        return False
    return all(name in _SITE_FILES or (folder / name / "briefing.json").is_file()
               for name in names)


def check_output(output: Path, seeds: Path) -> None:
    """Raise ConfigError unless ``output`` may be replaced by a new site."""
    target = output.resolve()
    guarded = {"the seeds": seeds.resolve(), "the working folder": Path.cwd().resolve(),
               "the home folder": Path.home().resolve(),
               "the project": Path(__file__).resolve().parent.parent}
    for what, path in guarded.items():
        if path == target or path.is_relative_to(target):
            raise ConfigError(f"refusing to replace output folder {str(output)!r}: it is or "
                              f"holds {what} ({path}); choose another --output", output)
    if not os.path.lexists(output):
        return
    if not output.is_dir():
        raise ConfigError(f"output {str(output)!r} exists and is not a folder", output)
    if (output / MARKER).is_file() or not any(output.iterdir()) or _made_by_us(output):
        return
    raise ConfigError(f"refusing to replace output folder {str(output)!r}: it holds files "
                      f"this tool did not make (no {MARKER} marker); choose an empty or new "
                      "folder", output)


def check_digest_target(target: Path) -> None:
    """The digest replaces a PDF, never another kind of file or a folder."""
    if target.is_dir():
        raise ConfigError(f"{str(target)!r} is a folder, not a PDF file to write", target)
    if target.exists():
        with target.open("rb") as handle:
            if handle.read(5) != b"%PDF-":
                raise ConfigError(f"refusing to replace {str(target)!r}: it is not a PDF",
                                  target)
