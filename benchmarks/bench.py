"""``make bench``: build a corpus of real articles and compare with MkDocs.

    python benchmarks/bench.py [CORPUS] [--pdf] [--jobs N] [--scale N]
    python benchmarks/bench.py [CORPUS] --engines N [--jobs 2] [--pdf]

Prints, for a cold build (fresh cache) of CORPUS (default: the 1,000 ANT articles): the
wall time, articles per second, the time each stage took (summed over the worker
processes), and peak memory; then a no-op rebuild and a rebuild after one article changed;
then MkDocs 1.6.1 (default theme, no plugins, in a throwaway venv under .cache/bench)
building the same articles as Markdown pages, with both times and the ratio. With --pdf the
builds make every PDF too (long: WeasyPrint lays out about a page a second per core).

With --scale N, only one cold build (no PDFs) of N articles made from CORPUS instead: copy k
of an article gets its own file name and a changed title and last line, so nothing is
shared or cached. It prints articles per second, peak memory of this process and of the
largest worker, and the bytes of search index a query loads (median and largest over 50
queries of words from the articles). N = 5,000 took 19 minutes on the shared, loaded
2-core machine; time grows about linearly.

With --engines N: the first N articles built cold (HTML + JSON; --pdf: PDFs too) by the
local engine and by the Dask engine on a local cluster of --jobs (default 2) single-threaded
workers, each with a fresh cache; both times, the Dask cluster's start-up time, the ratios,
the building machine's own CPU time, and whether the two sites are the same byte for byte.
"""

from __future__ import annotations

import argparse
import random
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

from generator.build import build  # noqa: E402
from generator.config import Settings  # noqa: E402
from generator.search_index import SearchIndex  # noqa: E402

DEFAULT_CORPUS = PROJECT.parent / "shared" / "data" / "corpus" / "ant1000"
MKDOCS = "mkdocs==1.6.1"


def peak_mb() -> tuple[float, float]:
    """Peak resident memory of this process and of its largest (ended) child, in MB."""
    return (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)


def scaled_corpus(corpus: Path, target: Path, count: int) -> int:
    """``count`` seeds made from the articles of ``corpus``, round after round: copy k has
    its own name, « (k)» after its title and a last line naming it, so no two are alike."""
    target.mkdir(parents=True)
    seeds = sorted(p for p in corpus.iterdir() if p.suffix in (".txt", ".md"))
    for n in range(count):
        seed, copy = seeds[n % len(seeds)], n // len(seeds)
        text = seed.read_text(encoding="utf-8")
        if copy:
            text = re.sub(r'^(title:\s*"?)(.*?)("?\s*)$', rf"\g<1>\g<2> ({copy})\g<3>", text,
                          count=1, flags=re.M)
            text += f"\n\nنسخة رقم {copy} من هذا الخبر للقياس.\n"
        (target / f"{seed.stem}-{copy:02d}{seed.suffix}").write_text(text, encoding="utf-8")
    return count


def query_bytes(site: Path, seeds: Path, count: int = 50) -> list[int]:
    """Bytes of search index files the page fetches for ``count`` queries: one or two words
    of the articles, drawn with a fixed seed (generator.search_index reads what search.js
    reads)."""
    rng = random.Random(17)
    paths = sorted(seeds.iterdir())
    index = SearchIndex(site / "search")
    sizes = []
    while len(sizes) < count:
        body = paths[rng.randrange(len(paths))].read_text(encoding="utf-8").split("---")[-1]
        words = re.findall(r"[\u0621-\u064a]{3,}", body)
        if not words:
            continue
        start = rng.randrange(len(words))
        sizes.append(index.query(" ".join(words[start:start + rng.choice((1, 1, 2))])).bytes_read)
    return sizes


def report_search(site: Path, seeds: Path) -> None:
    sizes = sorted(query_bytes(site, seeds))
    total = sum(p.stat().st_size for p in (site / "search").rglob("*") if p.is_file())
    print(f"search index: {total / 1e6:.1f} MB in all; a query loads "
          f"{sizes[len(sizes) // 2] / 1024:.0f} KB (median of {len(sizes)}), "
          f"{sizes[-1] / 1024:.0f} KB at most")


def scale_run(corpus: Path, count: int, jobs: int) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        work = Path(tmp)
        n = scaled_corpus(corpus, work / "seeds", count)
        seconds, report = timed_build(work / "seeds", work / "out", work / "cache", False, jobs)
        own, child = peak_mb()
        print(f"cold build of {n} articles (HTML + JSON, no PDF): {seconds:.0f} s, "
              f"{len(report.built) / seconds:.1f} articles/s; {report.summary()}")
        for stage in ("read", "analyze", "html", "json"):
            if stage in report.timings:
                print(f"  {stage:8} {report.timings[stage]:8.1f} s (summed over workers)")
        print(f"  peak memory: {own:.0f} MB in the main process, {child:.0f} MB in the largest "
              "worker")
        report_search(work / "out", work / "seeds")


def timed_build(seeds: Path, out: Path, cache: Path, pdf: bool, jobs: int):
    start = time.perf_counter()
    settings = Settings().override({"pdf.enabled": pdf, "cache.dir": str(cache)}, seeds=seeds,
                                   output=out, jobs=jobs, quiet=True)
    report = build(settings)
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

    from generator.dask_engine import local_cluster

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
            settings = Settings().override(
                {"pdf.enabled": pdf, "cache.dir": str(work / "cache-dask"),
                 "build.engine": "dask", "build.scheduler": cluster.scheduler_address},
                seeds=seeds, output=work / "dask", quiet=True)
            report = build(settings)
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
    parser.add_argument("--scale", type=int, metavar="N",
                        help="instead: one cold build of N articles made from CORPUS")
    parser.add_argument("--engines", type=int, metavar="N", default=0,
                        help="instead: the local and Dask engines on the first N articles")
    args = parser.parse_args()
    if args.scale:
        scale_run(args.corpus, args.scale, args.jobs)
        return 0
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
        own, child = peak_mb()
        print(f"  peak memory {own:.0f} MB (main process), {child:.0f} MB (largest worker)")
        report_search(work / "out", seeds)
        loaded = search_load_time(work / "out")
        if loaded is not None:
            print(f"search page ready in the browser in {loaded:.2f} s")
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
