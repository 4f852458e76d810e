"""One seed's build: read, analyse, render — or reuse what an earlier build cached.

Runs in the main process or in a worker process (``--jobs``); it writes the briefing's
files into the staging folder and returns what the parent needs for the site-wide pages.
The cache (``.cache/`` by default, never inside the output) is keyed by the seed's bytes,
its path and slug, and content hashes of what each step reads: the code, model and data
files for the analysis; the templates and stylesheets for the rendering.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import hashlib
import json
import os
import shutil
import signal
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import codec
from .assets import PROJECT_DIR, TEMPLATES_DIR
from .config import DEFAULT_SITE_TITLE
from .corrections import ProjectCorrections
from .corrections import cache_key as corrections_key
from .corrections import for_seed as corrections_for
from .errors import BriefingError, InputError, Problem
from .model import Document
from .readers import read_regular_file, read_seed_bytes, reader_for
from .views import paragraph_numbers

CACHE_VERSION = "1"
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
    entry: dict[str, Any] | None = None
    timings: dict[str, float] = field(default_factory=dict)
    cached: str = ""  # "", "analysis" or "render"


@dataclass(frozen=True)
class JobSettings:
    staging: Path
    pdf: bool
    debug: bool
    max_seed_bytes: int
    cache_dir: Path | None
    analysis_fingerprint: str
    render_fingerprint: str
    site_title: str = DEFAULT_SITE_TITLE
    paper: str = "A4"
    pdf_variant: str | None = "pdf/ua-1"
    language: str = "ar"
    corrections: ProjectCorrections | None = None  # the project-wide file's entries
    seed_seconds: int = 0  # per-seed time limit (0: none)

    @property
    def render_options(self) -> str:
        return "\0".join((self.site_title, self.paper, self.pdf_variant or "", str(self.pdf)))


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


@functools.cache
def _builders(pdf: bool, site_title: str, paper: str, variant: str | None):
    """Builders made once per process (WeasyPrint is imported only when PDFs are made)."""
    from .builders.html_builder import HtmlBuilder
    from .builders.json_builder import JsonBuilder

    html = HtmlBuilder(site_title)
    pdf_builder = None
    if pdf:
        from .builders.pdf_builder import PdfBuilder

        pdf_builder = PdfBuilder(html, paper, variant)
    return html, JsonBuilder(), pdf_builder


def _link_tree(source: Path, target: Path) -> None:
    """Copy a briefing folder between the cache and the staging folder (not hard links:
    an edit to the published file would change the cache and come back every build)."""
    target.mkdir()
    for item in source.iterdir():
        shutil.copyfile(item, target / item.name)


def _store(folder: Path, cached: Path, result: SeedResult) -> None:
    """Keep a rendered briefing for the next build (written aside, then renamed in)."""
    tmp = cached.with_name(f"{cached.name}.{os.getpid()}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    _link_tree(folder, tmp)
    (tmp / ".result.json").write_text(json.dumps(
        {"entry": result.entry, "problems": [p.__dict__ for p in result.problems]},
        ensure_ascii=False), encoding="utf-8")
    try:
        tmp.rename(cached)
    except OSError:  # another worker stored the same briefing first
        shutil.rmtree(tmp, ignore_errors=True)


def build_seed(job: SeedJob, settings: JobSettings) -> SeedResult:
    """Build one seed into ``settings.staging / job.slug``; never raises for a bad seed."""
    result = SeedResult(job.display, "failed")
    clock = time.perf_counter()
    try:
        with _time_limit(settings.seed_seconds):
            return _build_seed(job, settings, result, clock)
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
        if settings.debug:
            traceback.print_exception(exc)
        message = str(exc).splitlines()[0][:200] if str(exc) else ""
        result.problems.append(Problem(
            job.display, "error", f"internal error while building: "
            f"{type(exc).__name__}{': ' + message if message else ''}", "internal"))
    shutil.rmtree(settings.staging / job.slug, ignore_errors=True)
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


def site_facts(doc) -> dict[str, Any]:
    """What the site-wide indexes need of a briefing: the facts, and the sentences for the
    search over the whole text."""
    names = {a.id: a.name for a in doc.actors}
    paragraphs = paragraph_numbers(doc)
    return {
        "summary": doc.summary[:300],
        "sentences": [[s.id, doc.text[s.start:s.end]] for s in doc.sentences],
        "quotes": [{"speaker": q.speaker, "text": q.text, "sentence": q.sentence,
                    "paragraph": paragraphs.get(q.sentence)}
                   for q in doc.quotes if q.speaker],
        "actors": [{"id": a.id, "key": a.key, "name": a.name, "type": a.type,
                    "aliases": a.aliases, "roles": a.roles, "mentions": len(a.mentions),
                    "affiliations": [names[x] for x in a.affiliations],
                    "quotes": sum(1 for q in doc.quotes if q.speaker == a.id)}
                   for a in doc.actors],
        "events": [{"id": e.id, "when": {"text": e.when.text, "value": e.when.value,
                                         "granularity": e.when.granularity},
                    "summary": e.summary, "actors": [names[x] for x in e.actors]}
                   for e in doc.events if e.when and e.when.value],
    }


def analysed_document(job: SeedJob, settings: JobSettings, raw, timings: dict[str, float]):
    """(document, reading warnings, whether it came from the cache): the analysis cached
    under the seed's analysis key, or read and analysed now and cached."""
    key_a = cache_keys(job, settings, raw.data)[0]
    cached = settings.cache_dir / "analysis" / f"{key_a}.json" if settings.cache_dir else None
    if cached is not None and cached.exists():
        try:  # JSON, not pickle: a planted cache file must not run code when loaded
            doc, warnings = codec.loads(cached.read_bytes(), tuple[Document, list[Problem]])
            return doc, warnings, True
        except (ValueError, TypeError, KeyError):
            pass  # a damaged or foreign entry: analysed again and replaced
    from .pipeline import analyze

    clock = time.perf_counter()
    corrections = corrections_for(job.path, job.display, raw.data, settings.corrections)
    doc, warnings = reader_for(job.path).read(raw, job.slug, settings.language)
    now = time.perf_counter()
    timings["read"] = timings.get("read", 0.0) + now - clock
    doc = analyze(doc, corrections)
    warnings = warnings + corrections.stale
    timings["analyze"] = time.perf_counter() - now
    if cached is not None:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(codec.dumps((doc, warnings)))
        tmp.replace(cached)
    return doc, warnings, False


def load_document(job: SeedJob, settings: JobSettings):
    """The analysed document of one seed, for the digest; raises InputError for a seed
    that is not an article."""
    raw = read_seed_bytes(job.path, job.display, settings.max_seed_bytes, job.root)
    return analysed_document(job, settings, raw, {})[0]


def cache_keys(job: SeedJob, settings: JobSettings, data: bytes) -> tuple[str, str]:
    """(analysis key, rendering key) of a seed's bytes under these settings."""
    key_a = hashlib.sha256("\0".join((settings.analysis_fingerprint, job.display, job.slug,
                                      settings.language)).encode() + data + corrections_key(
        job.path, data, settings.corrections).encode()).hexdigest()
    key_r = hashlib.sha256(f"{key_a}\0{settings.render_fingerprint}\0{settings.render_options}"
                           .encode()).hexdigest()
    return key_a, key_r


def reuse_rendered(job: SeedJob, settings: JobSettings) -> SeedResult | None:
    """The briefing as an earlier build rendered it, linked into the staging folder; None
    when it is not cached (then :func:`build_seed` does the work)."""
    if settings.cache_dir is None:
        return None
    clock = time.perf_counter()
    try:
        data = read_regular_file(job.path, job.display, settings.max_seed_bytes, job.root)
    except (OSError, InputError):
        return None
    rendered = settings.cache_dir / "briefings" / cache_keys(job, settings, data)[1]
    if not (rendered / ".result.json").exists():
        return None
    stored = json.loads((rendered / ".result.json").read_text(encoding="utf-8"))
    folder = settings.staging / job.slug
    _link_tree(rendered, folder)
    (folder / ".result.json").unlink()
    return SeedResult(job.display, "built", [Problem(**p) for p in stored["problems"]],
                      stored["entry"], {"read": time.perf_counter() - clock}, "render")


def _build_seed(job: SeedJob, settings: JobSettings, result: SeedResult,
                clock: float) -> SeedResult:
    try:
        raw = read_seed_bytes(job.path, job.display, settings.max_seed_bytes, job.root)
    except OSError as exc:
        result.problems.append(Problem(job.display, "error",
                                       f"cannot read: {exc.strerror or exc}", "io"))
        return result
    folder = settings.staging / job.slug
    cache = settings.cache_dir
    key_r = cache_keys(job, settings, raw.data)[1]
    rendered = cache / "briefings" / key_r if cache else None
    result.timings["read"] = time.perf_counter() - clock
    doc, warnings, from_cache = analysed_document(job, settings, raw, result.timings)
    if from_cache:
        result.cached = "analysis"
    result.problems.extend(warnings)
    html, json_builder, pdf = _builders(settings.pdf, settings.site_title, settings.paper,
                                        settings.pdf_variant)
    folder.mkdir()
    pdf_rel = None
    if pdf is not None:
        now = time.perf_counter()
        pdf.write_briefing(doc, folder / f"{job.slug}.pdf")
        result.timings["pdf"] = time.perf_counter() - now
        pdf_rel = f"{job.slug}/{job.slug}.pdf"
    now = time.perf_counter()
    html.write_briefing(doc, folder, f"{job.slug}.pdf" if pdf_rel else None)
    result.timings["html"] = time.perf_counter() - now
    now = time.perf_counter()
    json_builder.write_briefing(doc, folder)
    result.timings["json"] = time.perf_counter() - now
    result.status = "built"
    result.entry = {
        "id": doc.id, "title": doc.title, "seed": job.display,
        "html": f"{job.slug}/index.html", "pdf": pdf_rel, "json": f"{job.slug}/briefing.json",
        "published": doc.published.isoformat() if doc.published else None,
        "outlet": doc.outlet, "lang": doc.lang, "dir": doc.dir,
        "actors": len(doc.actors), "quotes": len(doc.quotes), "events": len(doc.events),
        "site": site_facts(doc),
        "corrections": sorted({c.source for c in doc.corrections}),
    }
    if rendered is not None:
        rendered.parent.mkdir(parents=True, exist_ok=True)
        _store(folder, rendered, result)
    return result
