"""The build: seeds in, a complete site swapped into the output folder at the end.

Every seed is read, analysed and written on its own; a seed that fails is reported and left
out while the rest is published. The site is written into a staging folder beside the
output and swapped in only when complete, so an interrupted build leaves the previous site.
"""

from __future__ import annotations

import os
import shutil
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from camel_tools.utils.charmap import CharMapper

from .assets import write_static
from .builders.html_builder import HtmlBuilder
from .builders.json_builder import JsonBuilder
from .builders.pdf_builder import PdfBuilder
from .errors import BriefingError, ConfigError, InputError, Problem
from .model import Document
from .pipeline import analyze
from .readers import DEFAULT_MAX_BYTES, read_seed_bytes, reader_for

_TRANSLITERATE = CharMapper.builtin_mapper("ar2safebw")


@dataclass
class BuildOptions:
    seeds: Path
    output: Path
    pdf: bool = True
    strict: bool = False
    debug: bool = False
    max_seed_bytes: int = DEFAULT_MAX_BYTES
    cache_dir: Path | None = Path(".cache")


@dataclass
class BuildReport:
    """What happened to every file: built, built with warnings, skipped, failed."""

    problems: list[Problem] = field(default_factory=list)
    built: list[str] = field(default_factory=list)
    warned: set[str] = field(default_factory=set)
    skipped: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)
        print(problem, file=sys.stderr)

    def summary(self) -> str:
        clean = len([p for p in self.built if p not in self.warned])
        return (f"{len(self.built)} built ({clean} clean, {len(self.built) - clean} with "
                f"warnings), {len(self.skipped)} skipped, {len(self.failed)} failed")

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for p in self.problems if p.severity == "warning")


def slugify(stem: str) -> str:
    """An ASCII address for a seed: Arabic transliterated, other characters dashed."""
    text = _TRANSLITERATE(stem).lower()
    out = []
    for ch in text:
        out.append(ch if ch.isascii() and (ch.isalnum() or ch == "_") else "-")
    slug = "-".join(part for part in "".join(out).split("-") if part)
    return slug[:80] or "briefing"


def discover(seeds: Path, report: BuildReport) -> list[tuple[Path, str]]:
    """Seed files under ``seeds`` in a stable order, with their display paths.

    Dot-files are ignored; links that lead out of the folder are refused.
    """
    if seeds.is_file():
        return [(seeds, str(seeds))]
    if not seeds.is_dir():
        raise ConfigError(f"seeds folder {str(seeds)!r} does not exist", seeds)
    root = seeds.resolve()
    found = []
    for path in sorted(seeds.rglob("*")):
        rel = path.relative_to(seeds)
        if any(part.startswith(".") for part in rel.parts):
            continue
        display = str(path)
        if path.is_symlink() and not path.resolve().is_relative_to(root):
            report.add(Problem(display, "warning", "skipped: a link that leads out of the "
                               "seeds folder is not read", "outside-link"))
            report.skipped.append(display)
            continue
        if path.is_dir():
            continue
        if reader_for(path) is None:
            report.add(Problem(display, "warning", f"skipped: {path.suffix or 'no suffix'!s} "
                               "is not a seed type (.txt, .md)", "not-a-seed"))
            report.skipped.append(display)
            continue
        found.append((path, display))
    return found


def unique_slugs(paths: list[tuple[Path, str]]) -> dict[str, str]:
    """display path → slug; a slug already taken gets -2, -3, … in seed order."""
    taken: set[str] = set()
    slugs = {}
    for path, display in paths:
        base = slugify(path.stem)
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        slugs[display] = slug
    return slugs


def read_document(path: Path, display: str, slug: str, options: BuildOptions,
                  report: BuildReport) -> Document | None:
    reader = reader_for(path)
    assert reader is not None  # discover() keeps only files with a reader
    try:
        raw = read_seed_bytes(path, display, options.max_seed_bytes)
        doc, warnings = reader.read(raw, slug)
    except InputError as exc:
        skipped = exc.code in ("empty", "binary", "too-large")
        report.add(Problem(display, "warning" if skipped else "error", str(exc), exc.code,
                           exc.line))
        (report.skipped if skipped else report.failed).append(display)
        return None
    except OSError as exc:
        report.add(Problem(display, "error", f"cannot read: {exc.strerror or exc}", "io"))
        report.failed.append(display)
        return None
    except Exception as exc:  # a bug met on this seed: report it with the seed, keep going
        _internal_error(display, exc, options, report, "reading")
        return None
    for w in warnings:
        report.add(w)
        report.warned.add(display)
    return doc


def _internal_error(display: str, exc: Exception, options: BuildOptions, report: BuildReport,
                    doing: str) -> None:
    """An unexpected exception on one seed: an error with its path (a traceback with
    --debug); the seed is left out and the build goes on."""
    if options.debug:
        traceback.print_exception(exc)
    message = str(exc).splitlines()[0][:200] if str(exc) else ""
    report.add(Problem(display, "error", f"internal error while {doing}: "
                       f"{type(exc).__name__}{': ' + message if message else ''}", "internal"))
    report.failed.append(display)


def build(options: BuildOptions) -> BuildReport:
    report = BuildReport()
    seeds = discover(options.seeds, report)
    slugs = unique_slugs(seeds)
    output = options.output
    output.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale(output)
    staging = output.parent / f".{output.name}.staging-{os.getpid()}"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir()
    try:
        _build_into(staging, seeds, slugs, options, report)
        _swap(staging, output)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return report


def _build_into(staging: Path, seeds: list[tuple[Path, str]], slugs: dict[str, str],
                options: BuildOptions, report: BuildReport) -> None:
    html = HtmlBuilder()
    json_builder = JsonBuilder()
    pdf = PdfBuilder(html) if options.pdf else None
    entries: list[dict[str, Any]] = []
    for path, display in seeds:
        slug = slugs[display]
        doc = read_document(path, display, slug, options, report)
        if doc is None:
            continue
        folder = staging / slug
        try:
            doc = analyze(doc)
            folder.mkdir()
            pdf_rel = None
            if pdf is not None:
                pdf.write_briefing(doc, folder / f"{slug}.pdf")
                pdf_rel = f"{slug}/{slug}.pdf"
            html.write_briefing(doc, folder, f"{slug}.pdf" if pdf_rel else None)
            json_builder.write_briefing(doc, folder)
        except BriefingError as exc:
            report.add(Problem(display, "error", str(exc), exc.code))
            report.failed.append(display)
            shutil.rmtree(folder, ignore_errors=True)
            continue
        except Exception as exc:  # a bug in a stage: report it with the seed, keep going
            _internal_error(display, exc, options, report, "building")
            shutil.rmtree(folder, ignore_errors=True)
            continue
        report.built.append(display)
        entries.append({
            "id": doc.id, "title": doc.title, "seed": display, "html": f"{slug}/index.html",
            "pdf": pdf_rel, "json": f"{slug}/briefing.json",
            "published": doc.published.isoformat() if doc.published else None,
            "outlet": doc.outlet, "lang": doc.lang, "dir": doc.dir,
            "actors": len(doc.actors), "quotes": len(doc.quotes), "events": len(doc.events),
        })
    catalog = [{k: e[k] for k in ("id", "title", "seed", "html", "pdf", "json")}
               for e in entries]
    json_builder.write_catalog(catalog, staging)
    html.write_index(entries, staging)
    write_static(staging / "static", options.cache_dir)


def _remove_stale(output: Path) -> None:
    """Clear what killed builds left (their process is gone): staging folders are removed;
    a previous site set aside just before the swap is put back."""
    for path in output.parent.glob(f".{output.name}.*-*"):
        kind, _, pid = path.name.rpartition("-")
        if not kind.endswith((".staging", ".old")) or not pid.isdigit():
            continue
        try:
            os.kill(int(pid), 0)
            continue  # a live build's folder
        except PermissionError:
            continue  # another user's live build
        except ProcessLookupError:
            pass
        if kind.endswith(".old") and not output.exists():
            path.rename(output)  # killed between the two renames: the previous site is back
        else:
            shutil.rmtree(path, ignore_errors=True)


def _swap(staging: Path, output: Path) -> None:
    """Replace ``output`` by the complete ``staging`` folder (two renames)."""
    old = output.parent / f".{output.name}.old-{os.getpid()}"
    if output.exists():
        output.rename(old)
    staging.rename(output)
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)
