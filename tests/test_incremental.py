"""Incremental and parallel builds: the cache, what invalidates it, and --jobs."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.build import build

from .conftest import PROJECT, build_settings, fetch, page_once_it_shows, serving, write_seed


def seed_text(title: str, day: int = 1) -> str:
    return (f'---\ntitle: "{title}"\ndate: 2021-07-{day:02d}\n---\n'
            "قال وزير الخارجية الأردني أيمن الصفدي أمس إن الحل السياسي هو الطريق الوحيد.\n")


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    folder.mkdir()
    for i in range(4):
        write_seed(folder, f"s{i}.txt", seed_text(f"خبر رقم {i}", i + 1))
    return folder


def run(seeds: Path, out: Path, cache: Path | None, jobs: int = 1):
    return build(build_settings(seeds=seeds, output=out, pdf=False, cache_dir=cache, jobs=jobs,
                              quiet=True))


@pytest.mark.slow
def test_noop_rebuild_reuses_every_briefing(seeds, tmp_path):
    cache = tmp_path / "cache"
    first = run(seeds, tmp_path / "out", cache)
    assert first.cached == {} and len(first.built) == 4
    before = tree(tmp_path / "out")
    second = run(seeds, tmp_path / "out", cache)
    assert second.cached == {"render": 4}
    assert "analyze" not in second.timings
    assert tree(tmp_path / "out") == before
    assert not any(p.is_relative_to(tmp_path / "out") for p in cache.rglob("*"))


@pytest.mark.slow
def test_one_changed_seed_is_the_only_one_rebuilt(seeds, tmp_path):
    cache = tmp_path / "cache"
    run(seeds, tmp_path / "out", cache)
    write_seed(seeds, "s2.txt", seed_text("خبر معدل", 3))
    report = run(seeds, tmp_path / "out", cache)
    assert report.cached == {"render": 3}
    out = tmp_path / "out"
    assert "خبر معدل" in (out / "s2" / "index.html").read_text(encoding="utf-8")
    assert "خبر معدل" in (out / "index.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_cached_and_parallel_builds_equal_a_fresh_serial_build(seeds, tmp_path):
    fresh = run(seeds, tmp_path / "fresh", None, jobs=1)
    parallel = run(seeds, tmp_path / "parallel", tmp_path / "cache", jobs=2)
    cached = run(seeds, tmp_path / "cached", tmp_path / "cache", jobs=2)
    assert fresh.built == parallel.built == cached.built
    assert tree(tmp_path / "fresh") == tree(tmp_path / "parallel") == tree(tmp_path / "cached")


@pytest.mark.slow
def test_editing_a_template_or_a_data_file_invalidates_what_it_touches(seeds, tmp_path):
    """A copy of the project, so its templates and data files can be edited for real."""
    project = tmp_path / "project"
    shutil.copytree(PROJECT / "generator", project / "generator",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(PROJECT / "templates", project / "templates")

    def build_copy() -> str:
        result = subprocess.run(
            [sys.executable, "-m", "generator", "build", str(seeds), "--output",
             str(tmp_path / "out"), "--no-pdf", "--jobs", "1", "--cache-dir",
             str(tmp_path / "cache")], cwd=project, capture_output=True, text=True,
            timeout=300, env={"PYTHONPATH": str(project), "PATH": "/usr/bin:/bin"})
        assert result.returncode == 0, result.stderr
        return result.stderr.strip().splitlines()[-1]

    assert build_copy().startswith("4 built")
    assert build_copy() == "reused from " + str(tmp_path / "cache") + \
        ": 4 briefings as they were, 0 analyses re-rendered"
    template = project / "templates" / "_actors.html.j2"
    template.write_text(template.read_text(encoding="utf-8").replace(
        "الفاعلون", "الفاعلون المعدلون"), encoding="utf-8")
    assert build_copy().endswith(": 0 briefings as they were, 4 analyses re-rendered")
    assert "الفاعلون المعدلون" in (tmp_path / "out" / "s0" / "index.html").read_text("utf-8")
    cues = project / "generator" / "data" / "cues.tsv"
    cues.write_text(cues.read_text(encoding="utf-8") + "صرحت\tverb\tf\n", encoding="utf-8")
    assert build_copy().startswith("4 built")  # every analysis redone: no reuse line


@pytest.mark.slow
def test_serve_builds_serves_and_rebuilds_on_change(seeds, tmp_path):
    options = build_settings(seeds=seeds, output=tmp_path / "out", pdf=False,
                           cache_dir=tmp_path / "cache", jobs=1, quiet=True)
    with serving(options) as site:
        url = site + "index.html"
        assert "خبر رقم 1" in fetch(url)
        write_seed(seeds, "s1.txt", seed_text("خبر بعد التعديل", 2))
        assert "خبر بعد التعديل" in page_once_it_shows(url, "خبر بعد التعديل")


def test_progress_is_plain_lines_off_a_terminal_and_silent_when_quiet():
    import io

    from generator.progress import Progress

    stream = io.StringIO()
    progress = Progress(3, stream=stream)
    progress.PLAIN_EVERY = 0.0
    with progress:
        for name in ("a", "b", "c"):
            progress.advance(name)
    assert stream.getvalue().splitlines() == ["built 1/3 seeds", "built 2/3 seeds"]
    quiet = io.StringIO()
    with Progress(3, quiet=True, stream=quiet) as silent:
        silent.advance("a")
    assert quiet.getvalue() == ""


def test_progress_on_a_terminal_is_a_bar_with_counts():
    import io

    from generator.progress import Progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:  # a real stream that says it is a terminal
            return True

    stream = Terminal()
    with Progress(2, stream=stream) as progress:
        progress.advance("a")
        progress.advance("b")
    assert "2/2" in stream.getvalue()
