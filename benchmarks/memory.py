"""Peak memory of a build's parent process: a cold ``--no-pdf`` build (no cache, 2 worker
processes) of SEEDS, or of COPIES copies of them (distinct file names, a line added to
each copy's text, so no two are the same article).

    .venv/bin/python benchmarks/memory.py ../shared/data/corpus/ant1000 --copies 3

The parent writes the site-wide pages from the catalog records on disk; its peak should
grow far slower than the number of articles. (The workers' peak, which does not depend on
the number of articles, is printed too.)
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from generator.build import build  # noqa: E402
from generator.config import Settings  # noqa: E402


def copies(seeds: Path, count: int, into: Path) -> Path:
    into.mkdir(parents=True)
    for k in range(1, count + 1):
        for path in sorted(seeds.glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            (into / f"c{k}-{path.name}").write_text(f"{text}\nنسخة {k} من المقال.\n",
                                                    encoding="utf-8")
    return into


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("seeds", type=Path)
    parser.add_argument("--copies", type=int, default=0,
                        help="build this many altered copies of the seeds instead")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="briefing-memory-"))
    try:
        seeds = copies(args.seeds, args.copies, work / "seeds") if args.copies else args.seeds
        settings = Settings().override({"pdf.enabled": False}, seeds=seeds,
                                       output=work / "out", jobs=2, quiet=True,
                                       use_cache=False)
        start = time.perf_counter()
        report = build(settings)
        seconds = time.perf_counter() - start
    finally:
        shutil.rmtree(work, ignore_errors=True)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"{len(report.built)} articles built in {seconds:.0f} s; parent peak RSS "
          f"{own:.0f} MB; largest worker {workers:.0f} MB")


if __name__ == "__main__":
    main()
