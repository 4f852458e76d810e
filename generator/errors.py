"""The exception tree and the problems a build reports.

Every problem prints as ``path[:line]: error|warning: message [code]`` (MkDocs/Sphinx style).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path


class BriefingError(Exception):
    """Base of every error the tool reports without a traceback."""

    code = "error"


class ConfigError(BriefingError):
    """A configuration file or option is wrong."""

    code = "config"

    def __init__(self, message: str, path: str | Path | None = None, key: str | None = None):
        super().__init__(message)
        self.path = path
        self.key = key


class InputError(BriefingError):
    """A seed cannot be read as an article."""

    def __init__(self, message: str, path: str | Path, line: int | None = None,
                 code: str = "input"):
        super().__init__(message)
        self.path = path
        self.line = line
        self.code = code


class RenderError(BriefingError):
    """An output (HTML, PDF, JSON) could not be written."""

    code = "render"


@dataclass(frozen=True)
class Problem:
    """One reported problem, tied to a file and optionally a line."""

    path: str
    severity: str  # "error" or "warning"
    message: str
    code: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{escape(where)}: {self.severity}: {escape(self.message)} [{self.code}]"


# Characters that would end a message line or reorder it on a terminal: a file named
# "a\nb.txt:1: error: …" must not print a message of its own.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")


def escape(field: str | Path) -> str:
    """A message field on one line: control and direction characters as \\xNN / \\uNNNN."""
    return _UNSAFE.sub(lambda m: (f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                                  else f"\\u{ord(m.group()):04x}"), str(field))


def error_lines(exc: BriefingError) -> list[str]:
    """``path: error: message [code]`` lines for an error that stops a command."""
    where = escape(getattr(exc, "path", None) or "briefing")
    return [f"{where}: error: {escape(line)} [{exc.code}]"
            for line in str(exc).splitlines() or [""]]
