"""One briefing's job: read a seed, analyse it, write its files — or reuse what an earlier
build cached.

Runs in the main process or in a worker process (``--jobs``); it writes the briefing's
files into the staging folder and returns its catalog record for the site-wide pages.
The cache (:mod:`generator.cache`) is keyed by the seed's bytes, its path and slug, the
settings that matter, and content hashes of what each step reads: the code, model and data
files for the analysis; the templates and stylesheets for the rendering.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import shutil
import signal
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from . import cache, codec
from .builders import builders
from .cache import Fingerprints
from .catalog import BriefingRecord, record_for
from .config import Settings
from .corrections import ProjectCorrections
from .corrections import cache_key as corrections_key
from .corrections import for_seed as corrections_for
from .errors import BriefingError, InputError, Problem
from .model import Document
from .readers import reader_for
from .seed_files import read_regular_file, read_seed_bytes

# Reading problems that mean "not an article": skipped with a warning, not failed.
SKIP_CODES = ("empty", "binary", "too-large", "not-regular")


@dataclass(frozen=True)
class SeedJob:
    path: Path
    display: str
    slug: str
    root: Path | None = None  # the seeds folder: no link is followed out of it


@dataclass
class SeedResult:
    display: str
    status: str  # "built" | "skipped" | "failed"
    problems: list[Problem] = field(default_factory=list)
    record: BriefingRecord | None = None
    timings: dict[str, float] = field(default_factory=dict)
    cached: str = ""  # "", "analysis" or "render"


@dataclass(frozen=True)
class JobContext:
    """What every seed's job of one build shares."""

    settings: Settings
    fingerprints: Fingerprints
    corrections: ProjectCorrections | None = None  # the project-wide file's entries
    staging: Path | None = None  # where briefings are written (None: analysis only)


def _store(folder: Path, rendered: Path, result: SeedResult) -> None:
    """Keep a rendered briefing, with its record and problems, for the next build."""
    def fill(tmp: Path) -> None:
        cache.copy_tree(folder, tmp)
        (tmp / ".result.json").write_text(json.dumps(
            {"entry": result.record.to_json(), "problems": [p.__dict__ for p in result.problems]},
            ensure_ascii=False), encoding="utf-8")
    cache.store_folder(rendered, fill)


def build_seed(job: SeedJob, context: JobContext) -> SeedResult:
    """Build one seed into ``context.staging / job.slug``; never raises for a bad seed."""
    result = SeedResult(job.display, "failed")
    clock = time.perf_counter()
    try:
        with _time_limit(context.settings["limits.seed_seconds"]):
            return _build_seed(job, context, result, clock)
    except InputError as exc:
        skipped = exc.code in SKIP_CODES
        result.problems.append(Problem(str(exc.path or job.display),
                                       "warning" if skipped else "error",
                                       str(exc), exc.code, exc.line))
        if skipped:
            result.status = "skipped"
            return result
    except BriefingError as exc:
        result.problems.append(Problem(job.display, "error", str(exc), exc.code))
    except Exception as exc:  # a bug met on this seed: reported with its path, build goes on
        if context.settings.debug:
            traceback.print_exception(exc)
        message = str(exc).splitlines()[0][:200] if str(exc) else ""
        result.problems.append(Problem(
            job.display, "error", f"internal error while building: "
            f"{type(exc).__name__}{': ' + message if message else ''}", "internal"))
    shutil.rmtree(context.staging / job.slug, ignore_errors=True)
    result.status = "failed"
    return result


class SeedTimeout(BriefingError):
    code = "timeout"


@contextlib.contextmanager
def _time_limit(seconds: int):
    """Raise SeedTimeout in this seed's build after ``seconds``: SIGALRM in a main thread
    (the build, the local engine's workers), a timer in any other (a Dask worker's task)."""
    if seconds <= 0:
        yield
        return
    if threading.current_thread() is not threading.main_thread():
        with _thread_time_limit(seconds):
            yield
        return

    def expire(signum, frame):  # noqa: ANN001 - signal handler
        raise SeedTimeout(f"stopped after the per-seed time limit of {seconds} s "
                          "(limits.seed_seconds)")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def _thread_time_limit(seconds: int):
    """SeedTimeout raised in this thread by a timer (PyThreadState_SetAsyncExc). Like the
    signal it lands between two Python steps, not inside one long C call. One that was
    set but has not landed yet is waited for on the way out, so it lands inside the seed it
    was meant for (it is never cleared: clearing leaves CPython 3.11 checking for pending
    work at every step, in every thread, for good)."""
    ident, lock = ctypes.c_ulong(threading.get_ident()), threading.Lock()
    state = {"live": True, "fired": False, "landed": False}

    class Expired(SeedTimeout):
        def __init__(self) -> None:
            state["landed"] = True
            super().__init__(f"stopped after the per-seed time limit of {seconds} s "
                             "(limits.seed_seconds)")

    def expire() -> None:
        with lock:
            if state["live"]:
                state["fired"] = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ident, ctypes.py_object(Expired))

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            state["live"] = False
        timer.cancel()
        while state["fired"] and not state["landed"]:
            pass  # a few Python steps: the pending exception lands here


def worker_init(parent: int) -> None:
    """In each worker process: die with the parent (a killed build leaves no workers)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the pool's own checks remain
        pass
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def analysed_document(job: SeedJob, context: JobContext, raw, timings: dict[str, float]):
    """(document, reading warnings, whether it came from the cache): the analysis cached
    under the seed's analysis key, or read and analysed now and cached."""
    folder = context.settings.cache_dir
    key_a = cache_keys(job, context, raw.data)[0]
    cached = folder / "analysis" / f"{key_a}.json" if folder else None
    if cached is not None and cached.exists():
        try:  # JSON, not pickle: a planted cache file must not run code when loaded
            doc, warnings = codec.loads(cached.read_bytes(), tuple[Document, list[Problem]])
            return doc, warnings, True
        except (ValueError, TypeError, KeyError):
            pass  # a damaged or foreign entry: analysed again and replaced
    from .pipeline import analyze

    clock = time.perf_counter()
    corrections = corrections_for(job.path, job.display, raw.data, context.corrections)
    doc, warnings = reader_for(job.path).read(raw, job.slug, context.settings["site.language"])
    now = time.perf_counter()
    timings["read"] = timings.get("read", 0.0) + now - clock
    doc = analyze(doc, corrections)
    warnings = warnings + corrections.stale
    timings["analyze"] = time.perf_counter() - now
    if cached is not None:
        cache.write_file(cached, codec.dumps((doc, warnings)))
    return doc, warnings, False


def load_document(job: SeedJob, context: JobContext):
    """The analysed document of one seed, for the digest; raises InputError for a seed
    that is not an article."""
    raw = _read(job, context.settings)
    return analysed_document(job, context, raw, {})[0]


def _read(job: SeedJob, settings: Settings):
    return read_seed_bytes(job.path, job.display, settings["limits.max_seed_bytes"], job.root)


def cache_keys(job: SeedJob, context: JobContext, data: bytes) -> tuple[str, str]:
    """(analysis key, rendering key) of a seed's bytes under these settings."""
    settings = context.settings
    key_a = cache.key(context.fingerprints.analysis, job.display, job.slug,
                      settings.scope("analysis"), data,
                      corrections_key(job.path, data, context.corrections))
    return key_a, cache.key(key_a, context.fingerprints.render, settings.scope("render"))


def reuse_rendered(job: SeedJob, context: JobContext) -> SeedResult | None:
    """The briefing as an earlier build rendered it, copied into the staging folder; None
    when it is not cached (then :func:`build_seed` does the work)."""
    settings = context.settings
    if settings.cache_dir is None:
        return None
    clock = time.perf_counter()
    try:
        data = read_regular_file(job.path, job.display, settings["limits.max_seed_bytes"],
                                 job.root)
    except (OSError, InputError):
        return None
    rendered = settings.cache_dir / "briefings" / cache_keys(job, context, data)[1]
    if not (rendered / ".result.json").exists():
        return None
    stored = json.loads((rendered / ".result.json").read_text(encoding="utf-8"))
    folder = context.staging / job.slug
    cache.copy_tree(rendered, folder)
    (folder / ".result.json").unlink()
    return SeedResult(job.display, "built", [Problem(**p) for p in stored["problems"]],
                      BriefingRecord.from_json(stored["entry"]),
                      {"read": time.perf_counter() - clock}, "render")


def _build_seed(job: SeedJob, context: JobContext, result: SeedResult,
                clock: float) -> SeedResult:
    settings = context.settings
    try:
        raw = _read(job, settings)
    except OSError as exc:
        result.problems.append(Problem(job.display, "error",
                                       f"cannot read: {exc.strerror or exc}", "io"))
        return result
    folder = context.staging / job.slug
    result.timings["read"] = time.perf_counter() - clock
    doc, warnings, from_cache = analysed_document(job, context, raw, result.timings)
    if from_cache:
        result.cached = "analysis"
    result.problems.extend(warnings)
    record = record_for(doc, job.display, job.slug, settings["pdf.enabled"])
    folder.mkdir()
    for builder in builders(settings, context.fingerprints):
        now = time.perf_counter()
        builder.write_briefing(doc, record, folder)
        result.timings[builder.name] = time.perf_counter() - now
    result.status = "built"
    result.record = record
    if settings.cache_dir is not None:
        rendered = settings.cache_dir / "briefings" / cache_keys(job, context, raw.data)[1]
        _store(folder, rendered, result)
    return result
