"""Broken and hostile seeds (written here, a few lines each) and the build's integrity."""

from __future__ import annotations

import codecs
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from lxml import html as lxml_html

from generator.assets import FONT_ROOTS, FONTS, STATIC_DIR
from generator.builders.pdf_builder import AssetFetcher

from .conftest import PROJECT, SCRATCH, write_seed

ARTICLE = ('قال وزير الخارجية الأردني أيمن الصفدي يوم الأحد إن "الحل السياسي هو الطريق '
           'الوحيد" لإنهاء الأزمة في سوريا.')


def front(title: str, body: str = ARTICLE, date: str = "2022-03-06") -> str:
    return f'---\ntitle: "{title}"\ndate: {date}\n---\n{body}\n'


def hostile_folder(folder: Path) -> dict[str, str]:
    """Every kind of seed a real archive ends up with; returns name → what must happen."""
    folder.mkdir()
    seeds = {
        "good-1.txt": (front("خبر جيد"), "built"),
        "good-2.md": (front("خبر جيد آخر"), "built"),
        "empty.txt": ("", "skipped"),
        "blank.txt": (" \n\t\n  \n", "skipped"),
        "binary.txt": (bytes(range(256)) * 16, "skipped"),
        "nul-bytes.txt": (front("خبر فيه أصفار").replace("قال", "ق\x00ال").encode(), "warned"),
        "bom-crlf.txt": (codecs.BOM_UTF8 + front("خبر بعلامة").replace("\n", "\r\n").encode(),
                         "built"),
        "utf16.txt": (front("خبر بترميز آخر").encode("utf-16"), "warned"),
        "windows-1256.txt": (front("خبر بترميز ويندوز").encode("cp1256"), "warned"),
        "bad-front-matter.md": ("---\ntitle: [غير مغلق\ndate: : :\n---\n" + ARTICLE, "failed"),
        "bad-date.txt": (front("تاريخ غير صالح", date="31/02/2021"), "warned"),
        "evil.md": (front("مذكرة", ARTICLE + "\n\n<script>document.cookie</script>\n\n"
                          "[رابط](javascript:alert(1))\n\n![صورة](file:///etc/passwd)\n\n"
                          "![بعيد](http://127.0.0.1:9/x.png)\n\n<iframe src='http://127.0.0.1:9'>"
                          "</iframe>\n\n<style>@import url(http://127.0.0.1:9/a.css);</style>"),
                    "built"),
        "injection.txt": ("عنوان <script>alert('x')</script><img src=x onerror=alert(1)>\n\n"
                          + ARTICLE + " <a href=\"javascript:alert(1)\">x</a>\n", "built"),
        "huge.txt": ("نص " * 700_000, "skipped"),
        "long-line.txt": ("عنوان سطر طويل\n\n" + "ب" * 200_000 + "\n", "built"),
        "unbalanced-quotes.txt": ("عنوان\n\n" + ('قال "' * 3000) + "\n", "built"),
        "deep-nesting.md": (front("تعشيش", "> " * 3000 + "نص\n\n" + "- " * 3000 + "نص"), "built"),
        "english.txt": ("Ministers meet\n\nThe minister said talks resume.\n", "warned"),
        "same-name.md": (front("اسم واحد"), "built"),
        "same-name.txt": (front("اسم واحد"), "built"),
        "تقرير خاص (1).txt": (front("تقرير"), "built"),
    }
    for name, (content, _) in seeds.items():
        write_seed(folder, name, content)
    (folder / "outside-link.txt").symlink_to("/etc/passwd")
    expected = {name: outcome for name, (_, outcome) in seeds.items()}
    expected["outside-link.txt"] = "skipped"
    return expected


def build(seeds: Path, out: Path, *args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", "build", str(seeds), "--output",
                           str(out), *args], cwd=SCRATCH, capture_output=True, text=True,
                          timeout=timeout)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    expected = hostile_folder(root / "seeds")
    result = build(root / "seeds", root / "out", "--no-pdf", "--no-cache")
    return root, expected, result


def test_every_file_is_accounted_for_without_a_traceback(hostile):
    root, expected, result = hostile
    assert result.returncode == 1  # the broken front matter
    assert "Traceback" not in result.stderr
    counts = {k: sum(1 for v in expected.values() if v == k) for k in
              ("built", "warned", "skipped", "failed")}
    assert result.stderr.splitlines()[-1] == (
        f"{counts['built'] + counts['warned']} built ({counts['built']} clean, "
        f"{counts['warned']} with warnings), {counts['skipped']} skipped, "
        f"{counts['failed']} failed")
    for name, outcome in expected.items():
        lines = [line for line in result.stderr.splitlines()
                 if line.startswith(f"{root / 'seeds' / name}:")]
        if outcome == "built":
            assert not lines, lines
        else:
            assert len(lines) == 1, (name, lines)
            severity = "error" if outcome == "failed" else "warning"
            assert f": {severity}: " in lines[0]


def test_good_and_recovered_seeds_are_built_as_arabic(hostile):
    root, expected, _ = hostile
    entries = json.loads((root / "out" / "index.json").read_text(encoding="utf-8"))["briefings"]
    by_seed = {Path(e["seed"]).name: e for e in entries}
    assert set(by_seed) == {n for n, o in expected.items() if o in ("built", "warned")}
    titles = {n: by_seed[n]["title"] for n in ("bom-crlf.txt", "utf16.txt", "windows-1256.txt",
                                               "nul-bytes.txt")}
    assert titles == {"bom-crlf.txt": "خبر بعلامة", "utf16.txt": "خبر بترميز آخر",
                      "windows-1256.txt": "خبر بترميز ويندوز", "nul-bytes.txt": "خبر فيه أصفار"}
    assert len({e["html"] for e in entries}) == len(entries)  # same-name seeds apart
    bad_date = json.loads((root / "out" / by_seed["bad-date.txt"]["json"]).read_text("utf-8"))
    assert bad_date["published"] is None
    english = lxml_html.parse(str(root / "out" / by_seed["english.txt"]["html"]))
    assert english.xpath("/html/@dir") == ["ltr"] and english.xpath("/html/@lang") == ["en"]


def test_nothing_from_a_seed_runs_or_loads(hostile):
    root, _, _ = hostile
    for page in (root / "out").rglob("*.html"):
        tree = lxml_html.parse(str(page))
        assert not tree.xpath("//iframe | //object | //embed | //img | //style")
        # the only scripts are the site's own files, none inline
        for script in tree.xpath("//script"):
            assert not (script.text or "").strip()
            assert script.get("src", "").endswith(("static/index.js", "static/search.js"))
        assert not [a for a in tree.xpath("//@*") if a.attrname.startswith("on")]
        for href in tree.xpath("//@href | //@src"):
            assert not href.strip().lower().startswith(("javascript:", "data:", "file:")), href
        text = page.read_text(encoding="utf-8")
        assert "root:x:0" not in text and "@import" not in text


def test_the_pdf_fetcher_serves_only_project_assets(tmp_path):
    fetcher = AssetFetcher((*FONT_ROOTS, STATIC_DIR))
    font = FONTS[0][2]
    assert fetcher.fetch(font.as_uri()).read()[:4] in (b"\x00\x01\x00\x00", b"true", b"OTTO")
    for url in ("file:///etc/passwd", "http://127.0.0.1:9/x.png", "https://example.org/a.css",
                (STATIC_DIR / ".." / ".." / "pyproject.toml").as_uri(), "data:text/css,x"):
        with pytest.raises(ValueError, match="refused"):
            fetcher.fetch(url)


def test_hostile_markdown_pdf_fetches_nothing(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    write_seed(seeds, "evil.md", front("مذكرة", ARTICLE + "\n\n![صورة](file:///etc/passwd)\n\n"
                                       "<img src='http://127.0.0.1:9/x.png'>"))
    result = build(seeds, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    text = subprocess.run(["pdftotext", str(next((tmp_path / "out").rglob("*.pdf"))), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "root:" not in text


def test_two_builds_are_byte_identical(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    write_seed(seeds, "a.txt", front("خبر للمقارنة"))
    write_seed(seeds, "b.md", front("خبر آخر للمقارنة", date="2021-01-01"))
    for n in (1, 2):
        env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
        subprocess.run([sys.executable, "-m", "generator", "build", str(seeds), "--output",
                        str(tmp_path / f"out{n}"), "--no-cache"], cwd=tmp_path, env=env,
                       check=True, capture_output=True, timeout=300)
        time.sleep(1.1)  # a clock-stamped file would differ
    files = sorted(p.relative_to(tmp_path / "out1") for p in (tmp_path / "out1").rglob("*")
                   if p.is_file())
    assert any(p.suffix == ".pdf" for p in files)
    for rel in files:
        assert (tmp_path / "out1" / rel).read_bytes() == (tmp_path / "out2" / rel).read_bytes(), rel


def test_a_killed_build_leaves_the_previous_site(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    write_seed(seeds, "a.txt", front("الخبر الأول"))
    out = tmp_path / "out"
    assert build(seeds, out, "--no-pdf").returncode == 0
    before = (out / "index.json").read_bytes()
    for i in range(6):
        write_seed(seeds, f"more-{i}.txt", front(f"خبر إضافي {i}"))
    proc = subprocess.Popen([sys.executable, "-m", "generator", "build", str(seeds),
                             "--output", str(out), "--no-cache", "--jobs", "1"], cwd=PROJECT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not any(
            p.is_dir() and any(p.iterdir()) for p in tmp_path.glob(".out.staging-*")):
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert (out / "index.json").read_bytes() == before
    assert list(tmp_path.glob(".out.staging-*"))  # the killed build's leftovers …
    assert build(seeds, out, "--no-pdf").returncode == 0
    assert not list(tmp_path.glob(".out.*"))  # … are cleared by the next build
    entries = json.loads((out / "index.json").read_text(encoding="utf-8"))["briefings"]
    assert len(entries) == 7


def test_pathological_text_finishes(tmp_path):
    """Long lines and thousands of unbalanced quotes: bounded work (a guard, not a timer)."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    write_seed(seeds, "quotes.txt", "عنوان\n\n" + ("قال «" * 5000) + ('" ' * 5000) + "\n")
    write_seed(seeds, "words.txt", "عنوان\n\n" + ("كلمة " * 60_000) + "\n")
    result = build(seeds, tmp_path / "out", "--no-pdf", timeout=120)
    assert result.returncode == 0, result.stderr
