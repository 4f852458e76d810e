"""``make bench``: build a corpus of real articles and compare with MkDocs.

    python benchmarks/bench.py [CORPUS] [--pdf] [--jobs N]
    python benchmarks/bench.py [CORPUS] --engines N [--jobs 2]

Prints, for a cold build (fresh cache) of CORPUS (default: the 1,000 ANT articles): the
wall time, articles per second, the time each stage took (summed over the worker
processes), and peak memory; then a no-op rebuild and a rebuild after one article changed;
then MkDocs 1.6.1 (default theme, no plugins, in a throwaway venv under .cache/bench)
building the same articles as Markdown pages, with both times and the ratio. With --pdf the
builds make every PDF too (long: WeasyPrint lays out about a page a second per core).

With --engines N: the first N articles built cold (HTML + JSON; --pdf: PDFs too) by the
local engine and by the Dask engine on a local cluster of --jobs (default 2) single-threaded
workers, each with a fresh cache; both times, the Dask cluster's start-up time, the ratios,
the building machine's own CPU time, and whether the two sites are the same byte for byte.
"""

from __future__ import annotations

import argparse
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from generator.site import BuildOptions, build  # noqa: E402

DEFAULT_CORPUS = PROJECT.parent / "shared" / "data" / "corpus" / "ant1000"
MKDOCS = "mkdocs==1.6.1"


def peak_mb() -> float:
    """Peak resident memory of this process and of its largest child, in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def timed_build(seeds: Path, out: Path, cache: Path, pdf: bool, jobs: int):
    start = time.perf_counter()
    report = build(BuildOptions(seeds=seeds, output=out, pdf=pdf, cache_dir=cache, jobs=jobs,
                                quiet=True))
    return time.perf_counter() - start, report


def mkdocs_time(seeds: Path, work: Path) -> float:
    venv = PROJECT / ".cache" / "bench" / "mkdocs-venv"
    if not (venv / "bin" / "mkdocs").exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet",
                        "--disable-pip-version-check", MKDOCS], check=True)
    docs = work / "mkdocs" / "docs"
    docs.mkdir(parents=True)
    for seed in sorted(seeds.glob("*.txt")):
        text = seed.read_text(encoding="utf-8")
        match = re.match(r"^---\n(.*?)\n---\n", text, re.S)
        title = "article"
        if match:
            found = re.search(r'^title:\s*"?(.*?)"?\s*$', match.group(1), re.M)
            title = found.group(1) if found else title
            text = text[match.end():]
        (docs / f"{seed.stem}.md").write_text(f"# {title}\n\n{text}", encoding="utf-8")
    (work / "mkdocs" / "mkdocs.yml").write_text("site_name: bench\n", encoding="utf-8")
    start = time.perf_counter()
    subprocess.run([str(venv / "bin" / "mkdocs"), "build", "--quiet"], cwd=work / "mkdocs",
                   check=True, capture_output=True)
    return time.perf_counter() - start


def search_load_time(site: Path) -> float | None:
    """Seconds until search.html says its index is loaded, in Debian's chromium over http on
    localhost (None when chromium or Playwright is missing)."""
    import functools
    import http.server
    import threading

    chromium = shutil.which("chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not chromium:
        return None
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *args: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=[
                "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update"])
            page = browser.new_page()
            start = time.perf_counter()
            page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/search.html")
            page.wait_for_function(
                "document.getElementById('search-status').textContent.includes('جاهز')")
            seconds = time.perf_counter() - start
            browser.close()
            return seconds
    finally:
        httpd.shutdown()


def tree_bytes(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file()}


def compare_engines(corpus: Path, n: int, jobs: int, pdf: bool) -> None:
    """The same N articles built cold by the local engine and by Dask on a local cluster."""
    from distributed import Client

    from generator.engines import local_cluster

    jobs = jobs or 2
    with tempfile.TemporaryDirectory(prefix="bench-engines-") as tmp:
        work = Path(tmp)
        seeds = work / "seeds"
        seeds.mkdir()
        for seed in sorted(corpus.iterdir())[:n]:
            shutil.copyfile(seed, seeds / seed.name)
        cpu = time.process_time()
        local, report = timed_build(seeds, work / "local", work / "cache-local", pdf, jobs)
        cpu = time.process_time() - cpu
        print(f"local engine, {jobs} processes: {local:.1f} s, "
              f"{len(report.built) / local:.1f} articles/s; {report.summary()}")
        print(f"  the building process itself (site pages, search, static files): {cpu:.1f} "
              "CPU s")
        start = time.perf_counter()
        cluster = local_cluster(jobs)  # the one --engine dask starts, here timed apart
        client = Client(cluster)
        started = time.perf_counter() - start
        try:
            start = time.perf_counter()
            cpu = time.process_time()
            report = build(BuildOptions(seeds=seeds, output=work / "dask", pdf=pdf,
                                        cache_dir=work / "cache-dask", quiet=True,
                                        engine="dask", scheduler=cluster.scheduler_address))
            dask = time.perf_counter() - start
            cpu = time.process_time() - cpu
        finally:
            client.close()
            cluster.close()
        print(f"dask engine, local cluster of {jobs} workers: {dask:.1f} s, "
              f"{len(report.built) / dask:.1f} articles/s (+ {started:.1f} s to start the "
              f"cluster); {report.summary()}")
        print(f"  the writing machine's process (client, scheduler, files, cache): {cpu:.1f} "
              f"CPU s, {1000 * cpu / max(1, len(report.built)):.0f} ms per article")
        same = tree_bytes(work / "local") == tree_bytes(work / "dask")
        print(f"dask / local = {dask / local:.2f} (with the cluster's start "
              f"{(dask + started) / local:.2f}); the two sites are "
              f"{'identical' if same else 'DIFFERENT'}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--pdf", action="store_true", help="make the PDFs too")
    parser.add_argument("--jobs", type=int, default=0, help="worker processes (default: all)")
    parser.add_argument("--engines", type=int, metavar="N", default=0,
                        help="compare the local and Dask engines on the first N articles")
    args = parser.parse_args()
    if args.engines:
        compare_engines(args.corpus, args.engines, args.jobs, args.pdf)
        return 0
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        work = Path(tmp)
        seeds = work / "seeds"
        shutil.copytree(args.corpus, seeds)
        n = sum(1 for _ in seeds.iterdir())
        cache = work / "cache"
        what = "HTML + JSON" + (" + PDF" if args.pdf else "")
        cold, report = timed_build(seeds, work / "out", cache, args.pdf, args.jobs)
        print(f"cold build of {n} articles ({what}): {cold:.1f} s, "
              f"{len(report.built) / cold:.1f} articles/s; {report.summary()}")
        for stage in ("read", "analyze", "html", "json", "pdf"):
            if stage in report.timings:
                print(f"  {stage:8} {report.timings[stage]:8.1f} s (summed over workers)")
        print(f"  peak memory {peak_mb():.0f} MB")
        index = work / "out" / "search.json"
        loaded = search_load_time(work / "out")
        print(f"search index: {index.stat().st_size / 1024:.0f} KB"
              + (f", loaded in the browser in {loaded:.2f} s" if loaded is not None else ""))
        noop, report = timed_build(seeds, work / "out", cache, args.pdf, args.jobs)
        print(f"no-op rebuild: {noop:.2f} s ({report.cached.get('render', 0)} reused)")
        changed = sorted(seeds.iterdir())[n // 2]
        changed.write_text(changed.read_text(encoding="utf-8") + "\nفقرة أضيفت للقياس.\n",
                           encoding="utf-8")
        one, report = timed_build(seeds, work / "out", cache, args.pdf, args.jobs)
        print(f"one changed article: {one:.2f} s ({report.cached.get('render', 0)} reused)")
        mk = mkdocs_time(seeds, work)
        print(f"MkDocs 1.6.1, same {n} pages: {mk:.1f} s; this build / MkDocs = {cold / mk:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
