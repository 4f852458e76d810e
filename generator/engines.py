"""Engines: where the seeds' analysis and rendering run.

An engine takes the build's seed jobs and yields one :class:`SeedResult` per job as each
is done (the build files their records by seed number and reports them in seed order);
each seed is built on its own, so the site is the same byte for byte whichever engine
built it and on how many workers.

- :class:`LocalEngine` (the default): worker processes on this machine (``--jobs``).
- :class:`DaskEngine` (``--engine dask``): the tasks of a Dask cluster (``--scheduler
  tcp://HOST:8786``), or of a local cluster of ``--jobs`` single-threaded worker processes
  when no scheduler is given.
  (:mod:`generator.dask_engine`)
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from typing import Protocol

from .briefing_job import JobContext, SeedJob, SeedResult, build_seed, reuse_rendered, worker_init
from .config import Settings
from .errors import ConfigError, Problem

ENGINES = ("local", "dask")

Advance = Callable[[str], None]


class Engine(Protocol):
    def run(self, jobs: list[SeedJob], context: JobContext,
            advance: Advance) -> Iterator[SeedResult]:
        """One result per job, as each is done; ``advance(display)`` then."""
        ...


def engine_for(settings: Settings) -> Engine:
    """The engine ``build.engine`` names, with ``--jobs`` processes (0: one per core) for
    the local engine and a local Dask cluster, and ``build.scheduler``'s Dask scheduler."""
    name = settings["build.engine"]
    if name == "local":
        return LocalEngine(settings.jobs)
    if name == "dask":
        from .dask_engine import DaskEngine

        return DaskEngine(settings["build.scheduler"], settings.jobs)
    raise ConfigError(f"unknown engine {name!r} (one of {', '.join(ENGINES)})",
                      key="build.engine")


def _died(display: str, message: str) -> SeedResult:
    return SeedResult(display, "failed", [Problem(display, "error", message, "worker-died")])


def _reuse(jobs: list[SeedJob], context: JobContext, advance: Advance,
           todo: list[int]) -> Iterator[SeedResult]:
    """Briefings rendered before, copied in from the cache here (no worker needed); the
    numbers of the other jobs go into ``todo``."""
    for i, job in enumerate(jobs):
        reused = reuse_rendered(job, context)
        if reused is None:
            todo.append(i)
            continue
        advance(job.display)
        yield reused


class LocalEngine:
    """Worker processes on this machine, forked from the build (they share its loaded code
    and die with it)."""

    def __init__(self, workers: int = 0) -> None:
        self.workers = workers

    def run(self, jobs: list[SeedJob], context: JobContext,
            advance: Advance) -> Iterator[SeedResult]:
        todo: list[int] = []
        yield from _reuse(jobs, context, advance, todo)
        workers = min(self.workers or os.cpu_count() or 1, len(todo))
        if workers <= 1:
            for i in todo:
                result = build_seed(jobs[i], context)
                advance(jobs[i].display)
                yield result
            return
        # a worker that dies (killed, out of memory) breaks the pool: the seeds it left
        # unfinished are tried once more, each in a worker of its own
        retry = []
        with _pool(workers) as pool:
            futures = {pool.submit(build_seed, jobs[i], context): i for i in todo}
            for future in as_completed(futures):
                i = futures[future]
                try:
                    result = future.result()
                except BrokenProcessPool:
                    retry.append(i)
                    continue
                advance(jobs[i].display)
                yield result
        for i in retry:  # what the dead worker began writing
            shutil.rmtree(context.staging / jobs[i].slug, ignore_errors=True)
        for batch in range(0, len(retry), workers):
            alone = [(i, _pool(1)) for i in sorted(retry)[batch:batch + workers]]
            pending = [(i, pool, pool.submit(build_seed, jobs[i], context))
                       for i, pool in alone]
            for i, pool, future in pending:
                try:
                    result = future.result()
                except BrokenProcessPool:
                    result = _died(jobs[i].display, "the worker building it died twice "
                                   "(killed, or out of memory); left out")
                pool.shutdown()
                advance(jobs[i].display)
                yield result


def _pool(workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=worker_init, initargs=(os.getpid(),))
