"""The build: seeds in, a complete site swapped into the output folder at the end.

Every seed is read, analysed and written on its own; a seed that fails is reported and left
out while the rest is published. The site is written into a staging folder beside the
output and swapped in only when complete, so an interrupted build leaves the previous site.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .assets import write_static
from .builders.html_builder import HtmlBuilder
from .builders.json_builder import JsonBuilder, site_actors, site_timeline
from .builders.site_pages import SitePagesBuilder
from .config import DEFAULT_SITE_TITLE
from .corrections import ProjectCorrections, is_corrections_file
from .corrections import orphans as orphan_corrections
from .corrections import unused as unused_corrections
from .engines import engine_for
from .errors import ConfigError, Problem
from .outdir import MARKER, RESERVED_NAMES, check_digest_target, check_output
from .progress import Progress
from .readers import DEFAULT_MAX_BYTES, reader_for
from .slugs import slugify
from .worker import (
    JobSettings,
    SeedJob,
    SeedResult,
    analysis_fingerprint,
    load_document,
    render_fingerprint,
)


@dataclass
class BuildOptions:
    seeds: Path
    output: Path
    pdf: bool = True
    strict: bool = False
    debug: bool = False
    max_seed_bytes: int = DEFAULT_MAX_BYTES
    cache_dir: Path | None = Path(".cache")
    jobs: int = 0  # worker processes; 0 = one per core
    quiet: bool = False
    site_title: str = DEFAULT_SITE_TITLE
    site_description: str = ""
    base_url: str | None = None
    language: str = "ar"
    paper: str = "A4"
    pdf_variant: str | None = "pdf/ua-1"
    seed_seconds: int = 300  # per-seed time limit; 0: none
    engine: str = "local"  # "local" or "dask" (generator/engines.py)
    scheduler: str | None = None  # a Dask scheduler's address; None: a local cluster


@dataclass
class BuildReport:
    """What happened to every file: built, built with warnings, skipped, failed."""

    problems: list[Problem] = field(default_factory=list)
    built: list[str] = field(default_factory=list)
    warned: set[str] = field(default_factory=set)
    skipped: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)  # seconds summed over seeds
    cached: dict[str, int] = field(default_factory=dict)  # how many reused what

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
        try:
            real = path.resolve(strict=path.is_symlink())
        except (OSError, RuntimeError):  # a dangling link or a loop of links
            report.add(Problem(display, "warning", "skipped: a link that leads nowhere "
                               "(missing, or a loop)", "broken-link"))
            report.skipped.append(display)
            continue
        if path.is_symlink() and not real.is_relative_to(root):
            report.add(Problem(display, "warning", "skipped: a link that leads out of the "
                               "seeds folder is not read", "outside-link"))
            report.skipped.append(display)
            continue
        if path.is_dir() or is_corrections_file(path):
            continue
        if reader_for(path) is None:
            report.add(Problem(display, "warning", f"skipped: {path.suffix or 'no suffix'!s} "
                               "is not a seed type (.txt, .md)", "not-a-seed"))
            report.skipped.append(display)
            continue
        found.append((path, display))
    for problem in orphan_corrections(seeds, [p for p, _ in found]):
        report.add(problem)
    return found


def unique_slugs(paths: list[tuple[Path, str]]) -> dict[str, str]:
    """display path → slug; a slug already taken gets -2, -3, … in seed order."""
    taken: set[str] = set(RESERVED_NAMES)
    slugs = {}
    for path, display in paths:
        base = slugify(path.stem)
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        slugs[display] = slug
    return slugs


def build(options: BuildOptions) -> BuildReport:
    check_output(options.output, options.seeds)
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
        (staging / MARKER).write_text("made by briefing build; the next build replaces this "
                                      "folder\n", encoding="utf-8")
        _swap(staging, output)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return report


def _build_into(staging: Path, seeds: list[tuple[Path, str]], slugs: dict[str, str],
                options: BuildOptions, report: BuildReport) -> None:
    project = ProjectCorrections.load(options.seeds)
    settings = JobSettings(staging, options.pdf, options.debug, options.max_seed_bytes,
                           options.cache_dir, analysis_fingerprint(), render_fingerprint(),
                           options.site_title, options.paper, options.pdf_variant,
                           options.language, project, options.seed_seconds)
    root = options.seeds if options.seeds.is_dir() else None
    jobs = [SeedJob(path, display, slugs[display], root) for path, display in seeds]
    progress = Progress(len(jobs), quiet=options.quiet)
    engine = engine_for(options.engine, options.jobs, options.scheduler)
    with progress:
        results = list(engine.run(jobs, settings, progress.advance))
    entries: list[dict[str, Any]] = []
    for result in results:
        _record(result, report)
        if result.entry is not None:
            entries.append(result.entry)
    for problem in unused_corrections(project, entries) if options.seeds.is_dir() else []:
        report.add(problem)  # (building one seed says nothing of the others)
    site_key = hashlib.sha256(json.dumps(
        [entries, settings.render_fingerprint, settings.render_options, options.base_url,
         options.site_description], sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    cached = options.cache_dir / "site" / site_key if options.cache_dir else None
    if cached is not None and cached.is_dir():
        _link_files(cached, staging)  # nothing changed: the site-wide pages as they were
        return
    _write_site_pages(staging, entries, options, settings)
    if cached is not None:
        slugs_built = {e["html"].split("/")[0] for e in entries}
        tmp = cached.with_name(f"{site_key}.{os.getpid()}.tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        for item in staging.iterdir():
            if item.name in slugs_built:
                continue
            _link_files(item, tmp / item.name if item.is_dir() else tmp)
        try:
            tmp.rename(cached)
        except OSError:  # another build sharing the cache stored the same pages first
            shutil.rmtree(tmp, ignore_errors=True)


def _link_files(source: Path, target: Path) -> None:
    """Copy a file into a folder, or a folder's files into another (copies, not hard links:
    a user editing a file in the output would edit the cache, and every later build)."""
    if source.is_file():
        target.mkdir(parents=True, exist_ok=True)
        _link(source, target / source.name)
        return
    for path in source.rglob("*"):
        if path.is_file():
            dest = target / path.relative_to(source)
            dest.parent.mkdir(parents=True, exist_ok=True)
            _link(path, dest)


def _link(source: Path, dest: Path) -> None:
    shutil.copyfile(source, dest)  # copy_file_range: a cheap reflink where supported


def _write_site_pages(staging: Path, entries: list[dict[str, Any]], options: BuildOptions,
                      settings: JobSettings) -> None:
    """The catalog, the site-wide indexes and pages, and the static files."""
    catalog = [{k: e[k] for k in ("id", "title", "seed", "html", "pdf", "json")}
               for e in entries]
    actors, timeline = site_actors(entries), site_timeline(entries)
    json_builder = JsonBuilder()
    json_builder.write_catalog(catalog, staging)
    json_builder.write_site_indexes(actors, timeline, staging)
    html = HtmlBuilder(options.site_title)
    html.write_index(entries, staging, options.site_description)
    SitePagesBuilder(html, options.site_description, options.base_url, options.cache_dir,
                     settings.render_fingerprint).write(entries, actors, timeline, staging)
    write_static(staging / "static", options.cache_dir)


def _record(result: SeedResult, report: BuildReport) -> None:
    for problem in result.problems:
        report.add(problem)
    if result.status == "built":
        report.built.append(result.display)
        if any(p.severity == "warning" for p in result.problems):
            report.warned.add(result.display)
    else:
        (report.skipped if result.status == "skipped" else report.failed).append(result.display)
    for stage, seconds in result.timings.items():
        report.timings[stage] = report.timings.get(stage, 0.0) + seconds
    if result.cached:
        report.cached[result.cached] = report.cached.get(result.cached, 0) + 1


def digest(options: BuildOptions, target: Path, ids: list[str] | None) -> BuildReport:
    """One PDF of the chosen briefings (all by default), with its own cover and contents."""
    from .builders.pdf_builder import PdfBuilder
    from .errors import InputError

    check_digest_target(target)
    report = BuildReport()
    seeds = discover(options.seeds, report)
    slugs = unique_slugs(seeds)
    unknown = set(ids or []) - set(slugs.values())
    if unknown:
        raise ConfigError(f"no briefing with id {', '.join(sorted(unknown))}", options.seeds)
    settings = JobSettings(Path(), True, options.debug, options.max_seed_bytes,
                           options.cache_dir, analysis_fingerprint(), "", options.site_title,
                           options.paper, options.pdf_variant, options.language,
                           ProjectCorrections.load(options.seeds))
    docs = []
    root = options.seeds if options.seeds.is_dir() else None
    for path, display in seeds:
        if ids and slugs[display] not in ids:
            continue
        try:
            docs.append(load_document(SeedJob(path, display, slugs[display], root), settings))
            report.built.append(display)
        except InputError as exc:
            report.add(Problem(str(exc.path or display), "warning", str(exc), exc.code,
                               exc.line))
            report.skipped.append(display)
    if docs:
        html = HtmlBuilder(options.site_title)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        PdfBuilder(html, options.paper, options.pdf_variant).write_digest(
            docs, tmp, f"{options.site_title}: ملف الموجزات")
        tmp.replace(target)
    return report


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
