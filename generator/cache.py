"""The build cache (``.cache/`` by default, never inside the output): fingerprints of what
each step reads, keys made from them, and files stored so that a reader never sees half of
one (written aside, then renamed in).

Cached files are copied out, never hard-linked: a user editing a file in the output would
otherwise edit the cache, and every later build.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .assets import PROJECT_DIR, TEMPLATES_DIR

CACHE_VERSION = "1"


def _hash_files(paths: list[Path]) -> str:
    digest = hashlib.sha256(CACHE_VERSION.encode())
    for path in sorted(paths):
        digest.update(str(path.relative_to(PROJECT_DIR)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def analysis_fingerprint() -> str:
    """Everything the analysis reads: the package's code, data and model files."""
    package = PROJECT_DIR / "generator"
    return _hash_files([p for p in package.rglob("*") if p.is_file()
                        and p.suffix in (".py", ".tsv", ".txt", ".npz", ".json")
                        and "__pycache__" not in p.parts])


def render_fingerprint() -> str:
    """Everything the rendering reads besides the analysis: templates and stylesheets."""
    return _hash_files([p for p in TEMPLATES_DIR.rglob("*") if p.is_file()])


@dataclass(frozen=True)
class Fingerprints:
    analysis: str
    render: str

    @classmethod
    def now(cls) -> Fingerprints:
        return cls(analysis_fingerprint(), render_fingerprint())


def key(*parts: str | bytes) -> str:
    """A cache key: the hash of the parts, kept apart by NUL bytes."""
    digest = hashlib.sha256()
    for i, part in enumerate(parts):
        if i:
            digest.update(b"\0")
        digest.update(part.encode() if isinstance(part, str) else part)
    return digest.hexdigest()


def json_key(value: Any) -> str:
    """A cache key of a JSON-able value (dict keys sorted, so their order does not matter)."""
    return hashlib.sha256(json.dumps(value, sort_keys=True, ensure_ascii=False,
                                     default=str).encode()).hexdigest()


def write_file(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all (a concurrent reader sees the old file
    or the new one)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def store_file(source: Path, path: Path) -> None:
    """Keep a copy of ``source`` at ``path`` (whole or not at all)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    shutil.copyfile(source, tmp)
    tmp.replace(path)


def copy_tree(source: Path, target: Path) -> None:
    """Copy a file into a folder, or a folder's files (at any depth) into another."""
    if source.is_file():
        target.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target / source.name)  # copy_file_range: a reflink if it can
        return
    _copy_folder(os.fspath(source), os.fspath(target))


def _copy_folder(source: str, target: str) -> None:
    # os.scandir, not Path.rglob: a no-op rebuild copies some 17,000 files
    os.makedirs(target, exist_ok=True)
    with os.scandir(source) as entries:
        for entry in entries:
            dest = os.path.join(target, entry.name)
            if entry.is_dir(follow_symlinks=False):
                _copy_folder(entry.path, dest)
            elif entry.is_file(follow_symlinks=False):
                shutil.copyfile(entry.path, dest)


def store_folder(folder: Path, fill: Callable[[Path], None]) -> None:
    """Make the cached ``folder`` with ``fill(tmp)`` in a folder aside, then rename it in;
    when another build stored the same folder first, theirs is kept."""
    tmp = folder.with_name(f"{folder.name}.{os.getpid()}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    folder.parent.mkdir(parents=True, exist_ok=True)
    fill(tmp)
    try:
        tmp.rename(folder)
    except OSError:  # another build or worker stored it first
        shutil.rmtree(tmp, ignore_errors=True)
