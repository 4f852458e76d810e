"""The Dask engine (``--engine dask``): the seeds' analysis and rendering as the tasks of a
Dask cluster (``--scheduler tcp://HOST:8786``), or of a local cluster of ``--jobs``
single-threaded worker processes when no scheduler is given.

Everything that touches this machine's files happens here, on the machine that writes the
site: the seeds (and their corrections files) are read here and their bytes sent with the
task, so a worker needs no access to the seeds folder; the cache (``.cache``) is looked up
here before anything is sent (a briefing rendered before is reused without a task; an
analysis made before travels with its task so the worker only renders); and the worker's
files come back as bytes, to be written into the site and stored in the cache here. A
worker builds in a temporary folder of its own and keeps nothing; its models load once per
worker process (the stages' module-level caches).
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import logging
import os
import shutil
import tempfile
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from . import cache
from .briefing_job import JobContext, SeedJob, SeedResult, _store, build_seed, cache_keys
from .cache import Fingerprints
from .corrections import corrections_path
from .engines import Advance, _died, _reuse
from .errors import ConfigError, InputError, Problem
from .seed_files import read_regular_file

# How long past limits.seed_seconds a Dask task may go on (stuck inside one C call, where
# the time limit cannot reach it) before its worker process is ended; the scheduler then
# tries the seed on another worker, and reports it once it has killed workers too often.
HARD_LIMIT_GRACE = 30
WAIT_FOR_WORKERS = 60  # seconds a scheduler may have no worker before the build gives up


@dataclass(frozen=True)
class RemoteSeed:
    """What a Dask worker gets of one seed: its bytes and names, read here."""

    name: str  # the file's name (its suffix chooses the reader)
    display: str
    slug: str
    data: bytes
    corrections: bytes | None  # NAME.corrections.yaml beside it, when there is one
    analysis_key: str
    analysis: bytes | None  # this machine's cached analysis of it, when there is one


@dataclass
class RemoteResult:
    result: SeedResult
    files: dict[str, bytes]  # the briefing folder's files
    analysis: bytes | None  # the analysis made, for this machine's cache


@functools.cache
def _fingerprints() -> Fingerprints:
    return Fingerprints.now()


def build_remote(seed: RemoteSeed, context: JobContext) -> RemoteResult:
    """On a Dask worker: build one seed in a temporary folder and return its files.

    The seed and its corrections file are laid out as files again, so the build and its
    cache keys are those of :func:`~generator.briefing_job.build_seed` on the writing machine.
    The models and builders are loaded by the first task a worker process runs and kept
    for the next ones (module-level caches: the tagger, the stages' data, ``builders``).
    """
    if _fingerprints() != context.fingerprints:
        return RemoteResult(SeedResult(seed.display, "failed", [Problem(
            seed.display, "error", "a Dask worker runs another version of the generator "
            "(code, models or templates) than this build; install the same one on every "
            "worker", "worker-version")]), {}, None)
    # the cache folder is the same for every task of this worker process: the builders
    # (templates, stylesheets, fonts) are kept per settings, and a cache folder of its own
    # would make each task's settings new
    kept = _worker_folder() / "cache"
    stored = kept / "analysis" / f"{seed.analysis_key}.json"
    with tempfile.TemporaryDirectory(prefix="task-", dir=_worker_folder()) as tmp, \
            _hard_limit(context.settings["limits.seed_seconds"]):
        root = Path(tmp)
        seeds, staging = root / "seeds", root / "staging"
        for folder in (seeds, staging, kept / "analysis"):
            folder.mkdir(parents=True, exist_ok=True)
        path = seeds / seed.name
        path.write_bytes(seed.data)
        if seed.corrections is not None:
            corrections_path(path).write_bytes(seed.corrections)
        if seed.analysis is not None:
            stored.write_bytes(seed.analysis)
        here = context.settings.override({"cache.dir": str(kept)}, use_cache=True)
        try:
            result = build_seed(SeedJob(path, seed.display, seed.slug, seeds),
                                replace(context, settings=here, staging=staging))
            folder = staging / seed.slug
            files = ({p.name: p.read_bytes() for p in sorted(folder.iterdir())}
                     if result.status == "built" else {})
            made = stored.read_bytes() if seed.analysis is None and stored.exists() else None
        finally:  # the worker keeps nothing of a task
            stored.unlink(missing_ok=True)
            shutil.rmtree(kept / "briefings", ignore_errors=True)
        return RemoteResult(result, files, made)


@functools.cache
def _worker_folder() -> Path:
    """This worker process's scratch folder (removed when it exits)."""
    folder = Path(tempfile.mkdtemp(prefix="briefing-worker-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


@contextlib.contextmanager
def _hard_limit(seconds: int) -> Iterator[None]:
    """End this worker process when a task outlives its time limit by HARD_LIMIT_GRACE: it
    is stuck where the time limit cannot stop it, and holds the worker's only thread."""
    if seconds <= 0:
        yield
        return
    timer = threading.Timer(seconds + HARD_LIMIT_GRACE, os._exit, (70,))
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()


def _distributed():
    try:
        import distributed
    except ImportError:
        raise ConfigError("--engine dask needs Dask: pip install 'arabic-briefing[dask]'",
                          key="build.engine") from None
    return distributed


def local_cluster(workers: int):
    """A Dask cluster on this machine: ``workers`` processes of one thread each (the
    analysis is Python: more threads would share one interpreter lock)."""
    import dask

    dask_module = _distributed()
    # no statistical profiler in the workers (it walks the task's stack every 10 ms), and
    # the scheduler's HTTP server on a free port of this machine only, so that two builds
    # at once do not meet on Dask's default port
    with dask.config.set({"distributed.worker.profile.enabled": False}):
        return dask_module.LocalCluster(n_workers=workers, threads_per_worker=1,
                                        processes=True, dashboard_address="127.0.0.1:0",
                                        silence_logs=logging.ERROR)


class DaskEngine:
    """Tasks on a Dask cluster: one per seed not already rendered in the cache."""

    def __init__(self, scheduler: str | None = None, workers: int = 0) -> None:
        self.scheduler = scheduler
        self.workers = workers

    def _connect(self, dask):  # noqa: ANN001, ANN202 - the distributed module; a client
        if self.scheduler:
            try:
                client = dask.Client(self.scheduler, timeout=10)
            except (OSError, TimeoutError) as exc:
                raise ConfigError(f"cannot reach the Dask scheduler at {self.scheduler}: "
                                  f"{exc}", key="build.scheduler") from None
            try:
                client.wait_for_workers(1, timeout=WAIT_FOR_WORKERS)
            except (OSError, TimeoutError):
                client.close()
                raise ConfigError(f"no Dask worker joined the scheduler at {self.scheduler} "
                                  f"within {WAIT_FOR_WORKERS} s (start some: dask worker "
                                  f"{self.scheduler})", key="build.scheduler") from None
            return client, None
        cluster = local_cluster(self.workers or os.cpu_count() or 1)
        return dask.Client(cluster), cluster

    def run(self, jobs: list[SeedJob], context: JobContext,
            advance: Advance) -> Iterator[SeedResult]:
        todo: list[int] = []
        yield from _reuse(jobs, context, advance, todo)
        if not todo:
            return
        # Dask's own log lines (INFO by default) are not for the build's reader: what goes
        # wrong with a seed is reported as a problem of that seed
        dask = _distributed()  # (imported first: the import sets its loggers' levels)
        quiet = logging.getLogger("distributed")
        level = quiet.level
        quiet.setLevel(logging.CRITICAL)
        client = cluster = None
        try:
            client, cluster = self._connect(dask)
            yield from _TaskWindow(dask, client, jobs, context, advance).run(todo)
        finally:
            if client is not None:
                client.close()
            if cluster is not None:
                cluster.close()
            quiet.setLevel(level)


class _TaskWindow:
    """The seeds' tasks, a window of them in flight, refilled by halves: the seeds' bytes
    are read as they are needed, and each batch is sent at once so the scheduler queues it
    and hands each worker one task at a time (a worker that dies takes no other seed's task
    with it)."""

    def __init__(self, dask, client, jobs: list[SeedJob], context: JobContext,  # noqa: ANN001
                 advance: Advance) -> None:
        self.client, self.jobs, self.context, self.advance = client, jobs, context, advance
        self.build = f"briefing-{uuid.uuid4().hex[:12]}"  # keys of this build only
        self.running: dict[object, tuple[int, tuple[str, str]]] = {}
        self.finished = dask.as_completed()
        self.here: list[SeedResult] = []  # results of seeds built here, to give out next
        self.size = max(32, 8 * sum(client.nthreads().values()))

    def run(self, todo: list[int]) -> Iterator[SeedResult]:
        waiting = iter(todo)
        self.submit(waiting, self.size)
        for future in self.finished:
            yield from self.here
            self.here.clear()
            i, keys = self.running.pop(future)
            result = _receive(future, self.jobs[i], self.context, keys)
            future.release()
            self.advance(self.jobs[i].display)
            yield result
            if len(self.running) <= self.size // 2:
                self.submit(waiting, self.size - len(self.running))
        yield from self.here

    def submit(self, waiting: Iterator[int], count: int) -> None:
        """The next ``count`` seeds as tasks, in one batch. A seed this machine cannot read
        is built here instead, which reports why."""
        jobs, context = self.jobs, self.context
        batch = []
        for i in waiting:
            prepared = _remote_seed(jobs[i], context)
            if prepared is None:
                self.here.append(build_seed(jobs[i], context))
                self.advance(jobs[i].display)
                continue
            batch.append((i, *prepared))
            if len(batch) == count:
                break
        if not batch:
            return
        futures = self.client.map(build_remote, [seed for _, seed, _ in batch],
                                  context=context, pure=False, retries=1,
                                  key=[f"{self.build}-{i}-{jobs[i].slug}" for i, _, _ in batch])
        for (i, _, keys), future in zip(batch, futures, strict=True):
            self.running[future] = (i, keys)
        self.finished.update(futures)


def _remote_seed(job: SeedJob,
                 context: JobContext) -> tuple[RemoteSeed, tuple[str, str]] | None:
    """The seed's bytes, its corrections file's and its cached analysis, read here, with
    its cache keys; None when something cannot be read (the seed is then built here, which
    reports why)."""
    try:
        settings = context.settings
        data = read_regular_file(job.path, job.display, settings["limits.max_seed_bytes"],
                                 job.root)
        beside = corrections_path(job.path)
        corrections = beside.read_bytes() if beside.is_file() else None
    except (OSError, InputError):
        return None
    keys = cache_keys(job, context, data)
    analysis = None
    if settings.cache_dir is not None:
        stored = settings.cache_dir / "analysis" / f"{keys[0]}.json"
        try:
            analysis = stored.read_bytes() if stored.is_file() else None
        except OSError:
            analysis = None
    return RemoteSeed(job.path.name, job.display, job.slug, data, corrections, keys[0],
                      analysis), keys


def _receive(future, job: SeedJob, context: JobContext,  # noqa: ANN001 - a Dask future
             keys: tuple[str, str]) -> SeedResult:
    """A finished task's result, its files written into the site and the cache here (under
    the keys of the bytes that were sent, whatever the seed file holds by now)."""
    try:
        remote: RemoteResult = future.result()
    except _distributed().KilledWorker:
        return _died(job.display, "every Dask worker that tried to build it died (killed, "
                     "out of memory, or stuck past the time limit); left out")
    except Exception as exc:  # the task failed twice (not the seed: build_seed never raises)
        return SeedResult(job.display, "failed", [Problem(
            job.display, "error", f"the Dask task failed: {type(exc).__name__}: "
            f"{str(exc)[:200]}", "worker-error")])
    result = remote.result
    kept = context.settings.cache_dir
    folder = context.staging / job.slug
    try:
        if remote.analysis is not None and kept is not None:
            cache.write_file(kept / "analysis" / f"{keys[0]}.json", remote.analysis)
        if result.status != "built":
            return result
        folder.mkdir()
        for name, data in remote.files.items():
            (folder / name).write_bytes(data)
        if kept is not None:
            rendered = kept / "briefings" / keys[1]
            rendered.parent.mkdir(parents=True, exist_ok=True)
            _store(folder, rendered, result)
    except OSError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        return SeedResult(job.display, "failed", result.problems + [Problem(
            job.display, "error", f"cannot write its files: {exc.strerror or exc}", "io")])
    return result
