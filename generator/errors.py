"""The exception tree and the problems a build reports.

Every problem prints as ``path[:line]: error|warning: message [code]`` (MkDocs/Sphinx style).
"""

from __future__ import annotations

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
        return f"{where}: {self.severity}: {self.message} [{self.code}]"
