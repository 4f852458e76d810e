"""``briefing build``: seeds in, a complete site swapped into the output folder at the end.

Every seed is read, analysed and written on its own; a seed that fails is reported and left
out while the rest is published. The site is written into a staging folder beside the
output and swapped in only when complete, so an interrupted build leaves the previous site.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from . import cache
from .briefing_job import (
    JobContext,
    SeedJob,
    SeedResult,
    load_document,
)
from .builders import builders
from .cache import Fingerprints, analysis_fingerprint
from .catalog_store import Catalog
from .config import Settings
from .corrections import ProjectCorrections, is_corrections_file
from .corrections import orphans as orphan_corrections
from .corrections import unused as unused_corrections
from .engines import engine_for
from .errors import ConfigError, InputError, Problem
from .outdir import MARKER, RESERVED_NAMES, check_digest_target, check_output
from .progress import Progress
from .readers import reader_for
from .slugs import slugify

CATALOG_FILE = ".catalog.sqlite"  # in the staging folder while the site is written


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


def build(settings: Settings) -> BuildReport:
    """Build every seed of ``settings.seeds`` into a staging folder, then swap it in for
    ``settings.output``."""
    output = settings.output
    check_output(output, settings.seeds)
    report = BuildReport()
    seeds = discover(settings.seeds, report)
    slugs = unique_slugs(seeds)
    output.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale(output)
    staging = output.parent / f".{output.name}.staging-{os.getpid()}"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir()
    try:
        _build_into(staging, seeds, slugs, settings, report)
        (staging / MARKER).write_text("made by briefing build; the next build replaces this "
                                      "folder\n", encoding="utf-8")
        _swap(staging, output)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return report


def _jobs(seeds: list[tuple[Path, str]], slugs: dict[str, str],
          settings: Settings) -> list[SeedJob]:
    root = settings.seeds if settings.seeds.is_dir() else None
    return [SeedJob(path, display, slugs[display], root) for path, display in seeds]


def _build_into(staging: Path, seeds: list[tuple[Path, str]], slugs: dict[str, str],
                settings: Settings, report: BuildReport) -> None:
    project = ProjectCorrections.load(settings.seeds)
    context = JobContext(settings, Fingerprints.now(), project, staging)
    jobs = _jobs(seeds, slugs, settings)
    with Catalog(staging / CATALOG_FILE) as catalog:
        with Progress(len(jobs), quiet=settings.quiet) as progress:
            engine = engine_for(settings)
            _collect(engine.run(jobs, context, progress.advance), jobs, catalog, report)
        catalog.finish()
        if settings.seeds.is_dir():  # (building one seed says nothing of the others)
            for problem in unused_corrections(project, catalog.corrections_used()):
                report.add(problem)
        write_site(staging, catalog, context)


def _collect(results: Iterable[SeedResult], jobs: list[SeedJob], catalog: Catalog,
             report: BuildReport) -> None:
    """Each result's record into the catalog as it comes; the report in seed order (a
    result that comes early waits, without its record, for those before it)."""
    order = {job.display: i for i, job in enumerate(jobs)}
    waiting: dict[int, SeedResult] = {}
    reported = 0
    for result in results:
        seq = order[result.display]
        if result.record is not None:
            catalog.add(seq, result.record)
            result.record = None
        waiting[seq] = result
        while reported in waiting:
            _record(waiting.pop(reported), report)
            reported += 1
    for seq in sorted(waiting):
        _record(waiting[seq], report)


def write_site(staging: Path, catalog: Catalog, context: JobContext) -> None:
    """The site-wide pages of every builder, or, when nothing they read changed, the ones
    an earlier build wrote."""
    settings = context.settings
    site_key = cache.key(catalog.fingerprint(), context.fingerprints.render,
                         settings.scope("render"), settings.scope("site"))
    stored = settings.cache_dir / "site" / site_key if settings.cache_dir else None
    if stored is not None and stored.is_dir():
        cache.copy_tree(stored, staging)
        return
    for builder in builders(settings, context.fingerprints):
        builder.write_site(catalog, staging)
    if stored is not None:
        left_out = catalog.folders() | {CATALOG_FILE}

        def fill(tmp: Path) -> None:  # the site-wide files: not the briefings' folders
            for item in staging.iterdir():
                if item.name not in left_out:
                    cache.copy_tree(item, tmp / item.name if item.is_dir() else tmp)
        cache.store_folder(stored, fill)


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


def digest(settings: Settings, target: Path, ids: list[str] | None) -> BuildReport:
    """One PDF of the chosen briefings (all by default), with its own cover and contents."""
    from .builders.pdf_builder import PdfBuilder

    check_digest_target(target)
    report = BuildReport()
    seeds = discover(settings.seeds, report)
    slugs = unique_slugs(seeds)
    unknown = set(ids or []) - set(slugs.values())
    if unknown:
        raise ConfigError(f"no briefing with id {', '.join(sorted(unknown))}", settings.seeds)
    context = JobContext(settings, Fingerprints(analysis_fingerprint(), ""),
                         ProjectCorrections.load(settings.seeds))
    docs = []
    for job in _jobs(seeds, slugs, settings):
        if ids and job.slug not in ids:
            continue
        try:
            docs.append(load_document(job, context))
            report.built.append(job.display)
        except InputError as exc:
            report.add(Problem(str(exc.path or job.display), "warning", str(exc), exc.code,
                               exc.line))
            report.skipped.append(job.display)
    if docs:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        PdfBuilder(settings).write_digest(docs, tmp, f"{settings['site.title']}: ملف الموجزات")
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
