"""Issue 11: never lose a user's files, never hang, never publish what it should not.

Each test builds hand-made hostile inputs in a temporary folder and checks one guarantee of
the README's "Untrusted seeds" section.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build import build, digest
from generator.config import Settings
from generator.errors import ConfigError
from generator.outdir import MARKER

from .conftest import build_settings, write_seed

ARTICLE = ('---\ntitle: "اجتماع اللجنة"\ndate: 2022-03-06\n---\n'
           'قال رئيس اللجنة سامر الحلبي يوم الأحد إن "العمل مستمر" في المدينة.\n')


def options(seeds: Path, out: Path, **kw) -> Settings:
    kw.setdefault("cache_dir", None)
    kw.setdefault("jobs", 1)
    return build_settings(seeds=seeds, output=out, pdf=False, quiet=True, **kw)


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    folder.mkdir()
    write_seed(folder, "lajna.txt", ARTICLE)
    return folder


# --- 1. data loss -------------------------------------------------------------------------

def test_output_that_is_the_seeds_folder_is_refused_and_kept(seeds):
    with pytest.raises(ConfigError, match="seeds"):
        build(options(seeds, seeds))
    assert (seeds / "lajna.txt").read_text(encoding="utf-8") == ARTICLE


def test_output_that_holds_the_seeds_is_refused(seeds):
    (seeds.parent / "notes.txt").write_text("ملاحظات", encoding="utf-8")
    with pytest.raises(ConfigError, match="seeds"):
        build(options(seeds, seeds.parent))
    assert (seeds.parent / "notes.txt").exists() and (seeds / "lajna.txt").exists()


def test_folder_with_unrelated_files_is_not_replaced(seeds, tmp_path):
    out = tmp_path / "docs"
    out.mkdir()
    (out / "report.odt").write_bytes(b"user's own work")
    with pytest.raises(ConfigError, match="did not make"):
        build(options(seeds, out))
    assert (out / "report.odt").read_bytes() == b"user's own work"


def test_a_file_as_output_is_refused(seeds, tmp_path):
    out = tmp_path / "site"
    out.write_text("not a folder", encoding="utf-8")
    with pytest.raises(ConfigError):
        build(options(seeds, out))
    assert out.read_text(encoding="utf-8") == "not a folder"


def test_own_site_and_empty_folder_are_replaced(seeds, tmp_path):
    out = tmp_path / "site"
    out.mkdir()
    build(options(seeds, out))
    assert (out / MARKER).is_file() and (out / "lajna" / "index.html").is_file()
    (out / "stale.html").write_text("old", encoding="utf-8")
    build(options(seeds, out))
    assert not (out / "stale.html").exists()


def test_site_reserved_names_are_not_taken_by_a_briefing(seeds, tmp_path):
    write_seed(seeds, "actors.txt", ARTICLE.replace("اللجنة", "الهيئة"))
    write_seed(seeds, "static.md", ARTICLE.replace("اللجنة", "المجلس"))
    out = tmp_path / "site"
    report = build(options(seeds, out))
    assert len(report.built) == 3
    assert (out / "actors" / "index.html").read_text(encoding="utf-8").count("الحلبي")
    assert (out / "static" / "style.css").is_file()
    assert (out / "actors-2" / "briefing.json").is_file()
    assert (out / "static-2" / "briefing.json").is_file()


def test_digest_does_not_replace_a_file_that_is_not_a_pdf(seeds, tmp_path):
    target = tmp_path / "notes.txt"
    target.write_text("مسودة", encoding="utf-8")
    with pytest.raises(ConfigError, match="not a PDF"):
        digest(options(seeds, tmp_path / "out"), target, None)
    assert target.read_text(encoding="utf-8") == "مسودة"


# --- 2. disclosure and unsafe links ---------------------------------------------------------

SECRET = "كلمة-السر-السرية"


def test_seed_swapped_for_a_link_after_discovery_is_not_read(seeds, tmp_path, monkeypatch):
    import generator.build as site

    secret = tmp_path / "secret.txt"
    secret.write_text(f"عنوان\n\n{SECRET}\n", encoding="utf-8")
    (seeds / "sub").mkdir()
    write_seed(seeds / "sub", "inner.txt", ARTICLE)
    (tmp_path / "elsewhere").mkdir()
    write_seed(tmp_path / "elsewhere", "inner.txt", f"عنوان\n\n{SECRET}\n")
    listed = site.discover

    def discover_then_swap(folder, report):
        found = listed(folder, report)
        (seeds / "lajna.txt").unlink()
        (seeds / "lajna.txt").symlink_to(secret)  # the file itself becomes a link
        (seeds / "sub" / "inner.txt").unlink()
        (seeds / "sub").rmdir()
        (seeds / "sub").symlink_to(tmp_path / "elsewhere")  # a folder on the way does
        return found

    monkeypatch.setattr(site, "discover", discover_then_swap)
    out = tmp_path / "site"
    report = build(options(seeds, out))
    assert report.built == [] and len(report.failed) == 2
    assert {p.code for p in report.problems} == {"link"}
    published = [p.read_text(encoding="utf-8", errors="replace")
                 for p in out.rglob("*") if p.is_file() and p.suffix in (".html", ".json")]
    assert not any(SECRET in text for text in published)


def test_named_pipe_is_skipped_not_waited_on(seeds, tmp_path):
    import os

    os.mkfifo(seeds / "pipe.txt")
    report = build(options(seeds, tmp_path / "site"))
    assert report.built == [str(seeds / "lajna.txt")]
    assert [p.code for p in report.problems] == ["not-regular"]


def test_link_loops_and_dangling_links_are_skipped(seeds, tmp_path):
    (seeds / "loop.txt").symlink_to("loop.txt")
    (seeds / "a.md").symlink_to("b.md")
    (seeds / "b.md").symlink_to("a.md")
    (seeds / "gone.txt").symlink_to("missing.txt")
    report = build(options(seeds, tmp_path / "site"))
    assert len(report.built) == 1 and len(report.skipped) == 4
    assert {p.code for p in report.problems} == {"broken-link"}


@pytest.mark.parametrize("url", ["javascript:alert(document.domain)", " JavaScript:alert(1)",
                                 "file:///etc/passwd", "data:text/html,<b>x</b>",
                                 "//evil.example/x", "http://user@evil.example/"])
def test_only_http_urls_from_a_seed_become_links(seeds, tmp_path, url):
    import json

    write_seed(seeds, "lajna.txt", ARTICLE.replace("date:", f"url: '{url}'\ndate:"))
    out = tmp_path / "site"
    report = build(options(seeds, out))
    assert [p.code for p in report.problems] == ["unsafe-url"]
    page = (out / "lajna" / "index.html").read_text(encoding="utf-8")
    assert 'class="source-link" href' not in page
    data = json.loads((out / "lajna" / "briefing.json").read_text(encoding="utf-8"))
    assert data["url"] == url.strip() and data["url_safe"] is False


@pytest.mark.slow
def test_web_url_is_a_link_in_the_page_and_the_pdf(tmp_path):
    from pypdf import PdfReader

    from generator.builders.pdf_builder import PdfBuilder
    from generator.catalog import record_for

    from .conftest import read_doc

    good = write_seed(tmp_path, "good.txt", ARTICLE.replace(
        "date:", "url: https://news.example/a?b=1\ndate:"))
    bad = write_seed(tmp_path, "bad.txt", ARTICLE.replace(
        "date:", "url: javascript:alert(1)\ndate:"))
    builder = PdfBuilder(Settings())
    uris = {}
    for path in (good, bad):
        doc, _ = read_doc(path)
        builder.write_briefing(doc, record_for(doc, str(path), path.stem, pdf=True), tmp_path)
        pdf = tmp_path / f"{path.stem}.pdf"
        uris[path.stem] = [a.get_object().get("/A", {}).get("/URI")
                           for page in PdfReader(pdf).pages for a in page.get("/Annots") or []]
    assert "https://news.example/a?b=1" in uris["good"]
    assert not any(u and "javascript" in str(u).lower() for u in uris["bad"])


def test_front_matter_aliases_are_refused(seeds, tmp_path):
    bomb = ["---", 'a: &a ["ها", "ها", "ها", "ها", "ها", "ها", "ها", "ها", "ها"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        bomb.append(f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]")
    bomb += ["title: *i", "---", "قال الوزير إن العمل مستمر."]
    write_seed(seeds, "bomb.txt", "\n".join(bomb) + "\n")
    report = build(options(seeds, tmp_path / "site"))
    bad = [p for p in report.problems if p.path.endswith("bomb.txt")]
    assert [(p.code, p.line) for p in bad] == [("front-matter", 3)]
    assert "aliases" in bad[0].message and len(report.built) == 1


def test_front_matter_list_where_a_string_is_expected_is_an_error(seeds, tmp_path):
    write_seed(seeds, "listy.txt", ARTICLE.replace('title: "اجتماع اللجنة"', "title: [أ, ب]"))
    report = build(options(seeds, tmp_path / "site"))
    assert [(p.code, p.line) for p in report.problems] == [("front-matter", 2)]


# --- 3. work bounded by input size ----------------------------------------------------------

def count_calls(function, *args):
    """Work done, counted rather than timed: function calls (Python and C) and Python lines
    executed. A parser or search that rescans shows as more work per character."""
    import sys

    work = 0

    def profile(frame, event, arg):
        nonlocal work
        work += 1

    def trace(frame, event, arg):
        nonlocal work
        work += 1
        return trace

    sys.setprofile(profile)
    sys.settrace(trace)
    try:
        result = function(*args)
    finally:
        sys.settrace(None)
        sys.setprofile(None)
    return work, result


@pytest.mark.slow
@pytest.mark.parametrize("pattern", ["[أ](<", "[[[[ب", "![ج](<د", "[هـ]("])
def test_markdown_link_syntax_runs_cost_linear_work(pattern):
    from generator.readers import MarkdownReader

    work = []
    for n in (500, 4000):
        calls, blocks = count_calls(MarkdownReader().body_blocks, "عنوان\n\n" + pattern * n)
        assert blocks[-1][1].count(pattern[1]) >= n  # the text is kept
        work.append(calls)
    assert work[1] <= 12 * work[0]


NAMES = (["سامر", "ليلى", "كريم", "هدى", "نبيل", "رنا", "وليد", "سلمى", "طارق", "منى", "فادي"],
         ["الحلبي", "النجار", "الخطيب", "العطار", "الصباغ", "الحداد", "القاسم", "الزين",
          "الشامي", "البيطار", "السقا", "الحموي", "الدباغ"])
ROLES = ["وزير الزراعة", "رئيس البلدية", "المتحدث باسم الشركة", "مدير المستشفى"]
BODIES = ["نقابة المهندسين", "وزارة الزراعة", "شركة الكهرباء", "جمعية المزارعين"]
TOWNS = ["حمص", "طرابلس", "صيدا", "إربد", "الزرقاء", "سوسة"]
MONTHS = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو"]


def long_article(paragraphs: int) -> str:
    """Hand-made paragraphs with ever more people (names combined), roles, bodies, places,
    dates and quotes, so that every stage has more to find as the text grows."""
    first, last = NAMES
    lines = ["عنوان التقرير الطويل"]
    for i in range(paragraphs):
        person = f"{first[i % len(first)]} {last[(i // len(first) + i) % len(last)]}"
        other = f"{first[(i * 7 + 3) % len(first)]} {last[(i * 5 + 1) % len(last)]}"
        town, body = TOWNS[i % len(TOWNS)], BODIES[i % len(BODIES)]
        lines.append(f"قال {ROLES[i % len(ROLES)]} {person} يوم {i % 27 + 1} "
                     f"{MONTHS[i % len(MONTHS)]} 2021 في {town} إن \"العمل مستمر مع {body} "
                     f"رغم الصعوبات\". وأضاف أن {other} سيزور المدينة الأسبوع المقبل، فيما "
                     f"أعلنت {body} أنها ستعقد اجتماعاً في {town}.")
    return "\n".join(lines) + "\n"


@pytest.mark.slow
def test_analysis_work_is_near_linear_in_article_length(tmp_path):
    """8× the text may cost at most 12× the work (function calls, not time). Rescanning
    every mention for every new one made this about 30× at these sizes (cubic beyond)."""
    from generator.pipeline import analyze

    from .conftest import read_doc

    work, sizes = [], []
    for paragraphs in (12, 96):
        doc, _ = read_doc(write_seed(tmp_path, f"long-{paragraphs}.txt",
                                     long_article(paragraphs)))
        analyze(read_doc(write_seed(tmp_path, "warm.txt", long_article(2)))[0])  # lexicons
        calls, doc = count_calls(analyze, doc)
        assert len(doc.actors) > 10 and doc.quotes and doc.events
        work.append(calls)
        sizes.append(len(doc.text))
    assert 7.5 <= sizes[1] / sizes[0] <= 8.5
    assert work[1] <= 12 * work[0]


@pytest.mark.slow
def test_source_view_is_found_by_lookup_not_rescanning(tmp_path):
    from generator.pipeline import analyze
    from generator.views import source_blocks

    from .conftest import read_doc

    work = []
    for paragraphs in (12, 96):
        doc = analyze(read_doc(write_seed(tmp_path, "long.txt", long_article(paragraphs)))[0])
        calls, blocks = count_calls(source_blocks, doc)
        assert sum(len(b["sentences"]) for b in blocks) == len(doc.sentences)
        work.append(calls)
    assert work[1] <= 12 * work[0]


# --- 4. one failure never stops everything ---------------------------------------------------

@pytest.mark.parametrize("published", ["9999-12-31", "0001-01-01", "1900-06-01"])
@pytest.mark.parametrize("body", ["قال المدير إن الاجتماع سيعقد السبت المقبل في المدينة.",
                                  "قال المدير إن الاجتماع عقد في 15 رمضان في المدينة.",
                                  "قال المدير إن الاجتماع عقد يوم الأحد الماضي."])
def test_dates_at_the_calendars_ends_leave_the_expression_unresolved(analyze_body, published,
                                                                      body):
    doc = analyze_body(body, published=published)
    for event in doc.events:  # found or not, never an internal OverflowError
        assert event.when.value is None or len(event.when.value) >= 4


KILLER = "يقتل-العامل.txt"


def dying_build_seed(job, settings):
    """A worker that is killed while building one seed (once, or every time)."""
    import os
    import signal

    from generator.briefing_job import build_seed as real

    if job.display.endswith(KILLER):
        once = Path(settings.staging).parent / "killed-once"
        if "always" in job.display or not once.exists():
            once.touch()
            (Path(settings.staging) / job.slug).mkdir(exist_ok=True)  # half written
            os.kill(os.getpid(), signal.SIGKILL)
    return real(job, settings)


@pytest.mark.slow
@pytest.mark.parametrize("how", ["once", "always"])
def test_a_dying_worker_costs_at_most_its_seed(seeds, tmp_path, monkeypatch, how):
    import generator.engines as engines

    for n in range(3):
        write_seed(seeds, f"other-{n}.txt", ARTICLE.replace("اللجنة", f"اللجنة {n + 2}"))
    folder = seeds / how
    folder.mkdir()
    write_seed(folder, KILLER, ARTICLE)
    monkeypatch.setattr(engines, "build_seed", dying_build_seed)
    out = tmp_path / "site"
    report = build(options(seeds, out, jobs=2))
    if how == "once":  # killed from outside once: built on the retry
        assert len(report.built) == 5 and not report.failed
    else:
        assert len(report.built) == 4 and report.failed == [str(folder / KILLER)]
        assert [p.code for p in report.problems] == ["worker-died"]
    assert (out / "other-0" / "index.html").is_file()


def slow_analysis(doc):
    import time

    time.sleep(30)
    return doc


@pytest.mark.slow
def test_a_seed_over_the_time_limit_is_an_error_for_it_alone(seeds, tmp_path, monkeypatch):
    import generator.pipeline as pipeline

    write_seed(seeds, "slow.txt", ARTICLE.replace("اللجنة", "الهيئة"))
    real = pipeline.analyze
    monkeypatch.setattr(pipeline, "analyze", lambda doc, corrections=None: slow_analysis(doc)
                        if doc.seed.endswith("slow.txt") else real(doc, corrections))
    report = build(options(seeds, tmp_path / "site", seed_seconds=1))
    assert report.built == [str(seeds / "lajna.txt")]
    assert [(p.path, p.code) for p in report.problems] == [(str(seeds / "slow.txt"), "timeout")]


@pytest.mark.slow
def test_workers_do_not_outlive_a_killed_build(tmp_path):
    import os
    import subprocess
    import sys
    import time

    from .conftest import PROJECT

    pid_file = tmp_path / "worker.pid"
    script = (
        "import os, signal, sys, time\n"
        "from generator.engines import _pool\n"
        "def work(path):\n"
        "    open(path + '.tmp', 'w').write(str(os.getpid()))\n"
        "    os.rename(path + '.tmp', path)\n"
        "    time.sleep(600)\n"
        "pool = _pool(1)\n"
        "pool.submit(work, sys.argv[1])\n"
        "while not os.path.exists(sys.argv[1]):\n"
        "    time.sleep(0.05)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n")
    subprocess.run([sys.executable, "-c", script, str(pid_file)], cwd=PROJECT, timeout=120)
    worker = int(pid_file.read_text())

    def alive() -> bool:
        try:
            state = Path(f"/proc/{worker}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError):
            return False
        return state != "Z"

    for _ in range(200):  # SIGKILL from the kernel is prompt; wait for it, not a duration
        if not alive():
            break
        time.sleep(0.05)
    if alive():
        os.kill(worker, 9)
        pytest.fail("the worker outlived its killed parent")


@pytest.mark.slow
def test_builds_sharing_a_cache_do_not_fail_on_each_others_entries(seeds, tmp_path):
    """Two builds finish the same site pages at once: the second finds the first's entry
    where it renames its own (simulated by storing the entry between the two steps)."""
    import shutil

    cache = tmp_path / "cache"
    build(options(seeds, tmp_path / "one", cache_dir=cache))
    stored = next((cache / "site").iterdir())
    kept = tmp_path / "kept"
    shutil.copytree(stored, kept)
    shutil.rmtree(stored)
    real_rename = Path.rename

    def rename_after_the_other(self, target):
        if Path(target) == stored:
            shutil.copytree(kept, stored)  # the other build got there first
        return real_rename(self, target)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Path, "rename", rename_after_the_other)
        report = build(options(seeds, tmp_path / "two", cache_dir=cache))
    assert len(report.built) == 1 and (tmp_path / "two" / "index.html").is_file()


# --- 5. silent wrong output ------------------------------------------------------------------

def test_a_missing_config_file_is_an_error(seeds, tmp_path, capsys):
    from generator.cli import main

    code = main(["build", str(seeds), "--output", str(tmp_path / "site"), "--no-pdf", "-q",
                 "--no-cache", "--config", str(tmp_path / "missing.toml")])
    assert code == 2
    assert "missing.toml: error: cannot read the configuration" in capsys.readouterr().err
    assert not (tmp_path / "site").exists()


@pytest.mark.slow
def test_serve_reloads_the_configuration_and_survives_a_link_loop(seeds, tmp_path):
    import threading
    import time

    from generator.cli import parser, settings
    from generator.serve import serve

    config = tmp_path / "briefing.toml"
    config.write_text('[site]\ntitle = "العنوان الأول"\n', encoding="utf-8")
    out = tmp_path / "site"
    args = parser().parse_args(["serve", str(seeds), "--output", str(out), "--no-pdf",
                                "--config", str(config), "--cache-dir", str(tmp_path / "c"),
                                "--port", "0"])
    stop, ready = threading.Event(), threading.Event()
    thread = threading.Thread(target=serve, args=(settings(args), 0, config, stop,
                                                  lambda url: ready.set(),
                                                  lambda: settings(args)))
    thread.start()
    try:
        assert ready.wait(120)
        (seeds / "loop.txt").symlink_to("loop.txt")
        time.sleep(1.1)  # a new modification time for the edit below
        config.write_text('[site]\ntitle = "العنوان الثاني"\n', encoding="utf-8")
        index = out / "index.html"
        for _ in range(600):  # until the rebuild is swapped in
            if index.exists() and "العنوان الثاني" in index.read_text(encoding="utf-8"):
                break
            time.sleep(0.1)
        assert "العنوان الثاني" in index.read_text(encoding="utf-8")
        assert thread.is_alive()
    finally:
        stop.set()
        thread.join(60)


def test_utf8_cut_inside_a_character_is_read_as_utf8(seeds, tmp_path):
    data = ARTICLE.encode("utf-8")
    write_seed(seeds, "lajna.txt", data[:-3])  # the last letter loses its second byte
    out = tmp_path / "site"
    report = build(options(seeds, out))
    assert [(p.code, "UTF-8" in p.message) for p in report.problems] == [("encoding", True)]
    page = (out / "lajna" / "index.html").read_text(encoding="utf-8")
    assert "اجتماع اللجنة" in page and "سامر الحلبي" in page


def test_presentation_forms_are_read_as_arabic_letters(tmp_path):
    from .conftest import read_doc

    # «قال رئيس اللجنة» written with positional glyphs, as old PDFs export it
    path = write_seed(tmp_path, "forms.txt", "ﺧﺒﺮ ﻋﺎﺟﻞ\n\nﻗﺎﻝ ﺭﺋﻴﺲ ﺍﻟﻠﺠﻨﺔ ﺇﻥ ﺍﻟﻌﻤﻞ ﻣﺴﺘﻤﺮ.\n")
    doc, warnings = read_doc(path)
    assert not [w for w in warnings if w.code == "not-arabic"]
    assert doc.dir == "rtl" and "قال رئيس اللجنة" in doc.text


def test_xml_outputs_carry_no_character_xml_forbids(seeds, tmp_path):
    from lxml import etree

    write_seed(seeds, "lajna.txt", ARTICLE.replace("اجتماع اللجنة", "اجتماع\uffff اللجنة"))
    out = tmp_path / "site"
    build(options(seeds, out, base_url="https://briefings.example/",
                  site_title="موجزات\x01"))
    for name in ("feed.xml", "sitemap.xml"):
        etree.parse(str(out / name))  # raises on a forbidden character
    assert "اجتماع اللجنة" in (out / "feed.xml").read_text(encoding="utf-8")


def test_a_file_name_cannot_forge_a_message_line(seeds, tmp_path, capsys):
    from generator.cli import main

    forged = "x\nforged.txt:1: error: everything is fine [ok]\n.txt"
    write_seed(seeds, forged, "---\ntitle: [\n---\nنص\n")
    main(["build", str(seeds), "--output", str(tmp_path / "site"), "--no-pdf", "-q",
          "--no-cache"])
    lines = capsys.readouterr().err.splitlines()
    assert not any(line.startswith("forged.txt") for line in lines)
    assert any("\\x0aforged.txt" in line and "[front-matter]" in line for line in lines)


@pytest.mark.slow
def test_editing_the_output_does_not_edit_the_cache(seeds, tmp_path):
    cache, out = tmp_path / "cache", tmp_path / "site"
    build(options(seeds, out, cache_dir=cache))
    build(options(seeds, out, cache_dir=cache))  # everything from the cache
    page = out / "lajna" / "index.html"
    assert all(p.stat().st_nlink == 1 for p in out.rglob("*") if p.is_file())
    page.write_text("تعديل المستخدم", encoding="utf-8")
    build(options(seeds, out, cache_dir=cache))
    assert "سامر الحلبي" in page.read_text(encoding="utf-8")


class _Planted:
    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return Path.touch, (self.marker,)


@pytest.mark.slow
def test_a_planted_cache_file_runs_no_code(seeds, tmp_path):
    import pickle
    import shutil

    cache, marker = tmp_path / "cache", tmp_path / "code-ran"
    build(options(seeds, tmp_path / "one", cache_dir=cache))
    shutil.rmtree(cache / "briefings")  # the next build starts from the cached analysis
    for entry in list((cache / "analysis").iterdir()):
        for suffix in (".json", ".pickle"):
            entry.with_suffix(suffix).write_bytes(pickle.dumps(_Planted(marker)))
    report = build(options(seeds, tmp_path / "two", cache_dir=cache))
    assert not marker.exists()
    assert report.built and (tmp_path / "two" / "lajna" / "index.html").is_file()


def test_the_cache_format_keeps_the_whole_analysis(analyze_body):
    from generator import codec
    from generator.errors import Problem
    from generator.model import Document

    doc = analyze_body('قال رئيس اللجنة سامر الحلبي يوم الأحد إن "العمل مستمر" في المدينة.')
    assert doc.actors and doc.quotes and doc.events
    warnings = [Problem("a.txt", "warning", "تنبيه", "code", 3)]
    kind = tuple[Document, list[Problem]]
    assert codec.loads(codec.dumps((doc, warnings)), kind) == (doc, warnings)


@pytest.mark.slow
def test_the_kept_hostile_seeds_do_what_their_expect_file_says(tmp_path):
    """tests/badinput/EXPECT.md's table, file by file."""
    import shutil

    from .conftest import PROJECT

    folder = PROJECT / "tests" / "badinput"
    rows = [[c.strip() for c in line.strip("|").split("|")]
            for line in (folder / "EXPECT.md").read_text(encoding="utf-8").splitlines()
            if line.startswith("| ") and not line.startswith("| file |")]
    seeds = shutil.copytree(folder / "seeds", tmp_path / "seeds")
    report = build(options(seeds, tmp_path / "site"))
    assert sorted(r[0] for r in rows) == sorted(p.name for p in seeds.iterdir())
    for name, outcome, code, _ in rows:
        display = str(seeds / name)
        codes = {p.code for p in report.problems if p.path == display}
        assert codes == ({code} if code else set()), name
        status = ("failed" if display in report.failed else
                  "warned" if display in report.warned else
                  "built" if display in report.built else "skipped")
        assert status == outcome, name
