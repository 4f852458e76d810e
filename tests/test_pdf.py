"""The PDF briefing: cover, contents with page numbers, bookmarks, metadata, fonts, pages
rendered to pictures, the PDF/UA variant and paper size."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from .conftest import PROJECT

FIXTURE = PROJECT / "tests" / "fixtures" / "dated-article" / "seeds"


def build(out: Path, *args: str) -> Path:
    subprocess.run([sys.executable, "-m", "generator", "build", str(FIXTURE), "--output",
                    str(out), "--no-cache", *args], cwd=PROJECT, check=True,
                   capture_output=True, timeout=300)
    return next(out.rglob("*.pdf"))


def run(*cmd: str) -> str:
    return subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=120).stdout


@pytest.fixture(scope="module")
def pdf(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("pdf") / "out")


def plain(text: str) -> str:
    return " ".join(re.sub("[\u200e\u200f\u202a-\u202e]", "", text).split())


def test_cover_then_contents_with_the_pages_the_bookmarks_point_to(pdf):
    cover = plain(run("pdftotext", "-f", "1", "-l", "1", str(pdf), "-"))
    assert "المحادثات مع واشنطن" in cover and "وكالة اختبار" in cover
    # the date and the counts written in Arabic, the counted nouns agreeing with their number
    # (pdftotext drops the space between a run of digits and Arabic letters)
    tight = cover.replace(" ", "")
    assert "14مارس/آذار2019" in tight and "7فاعلين" in tight and "3أحداث" in tight
    reader = PdfReader(pdf)
    outline = {}

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                outline[item.title] = reader.get_destination_page_number(item) + 1
    walk(reader.outline)
    for section in ("الملخص", "الفاعلون", "أبرز الاقتباسات", "التسلسل الزمني", "النص المصدر"):
        assert section in outline
    contents = plain(run("pdftotext", "-f", "2", "-l", "2", str(pdf), "-"))
    assert contents.startswith("المحتويات")
    for section in ("الملخص", "الفاعلون", "التسلسل الزمني"):
        assert re.search(rf"{section} {outline[section]}\b", contents), (section, contents)
    assert outline["سيرغي لافروف"] >= outline["الفاعلون"]  # actors nest under their section


def test_metadata_comes_from_the_article(pdf):
    reader = PdfReader(pdf)
    assert reader.trailer["/Root"]["/Lang"] == "ar"
    info = run("pdfinfo", str(pdf))
    assert "Author:          وكالة اختبار" in info
    assert re.search(r"CreationDate:\s+Thu Mar 14 00:00:00 2019", info)


def test_fonts_are_embedded_subsets(pdf):
    rows = run("pdffonts", str(pdf)).splitlines()[2:]
    assert rows
    for row in rows:
        emb, sub = row.split()[-5:-3]
        assert (emb, sub) == ("yes", "yes"), row


def test_pages_render_as_pictures_with_ink(pdf, tmp_path):
    run("pdftoppm", "-png", "-r", "30", "-f", "1", "-l", "3", str(pdf), str(tmp_path / "p"))
    pages = sorted(tmp_path.glob("p-*.png"))
    assert len(pages) == 3
    for page in pages:
        assert page.stat().st_size > 1500  # blank A4 pages at 30 dpi are far smaller


def test_pdf_ua_variant_and_paper_size_by_configuration(tmp_path):
    config = tmp_path / "briefing.toml"
    config.write_text('[pdf]\npaper = "Letter"\nvariant = "pdf/ua-1"\n', encoding="utf-8")
    pdf = build(tmp_path / "out", "--config", str(config))
    info = run("pdfinfo", str(pdf))
    assert "Tagged:          yes" in info
    assert "612 x 792 pts (letter)" in info


def test_digest_of_chosen_briefings_has_its_own_contents(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for case in ("dated-article", "plain-seed", "search-names"):
        for seed in (PROJECT / "tests" / "fixtures" / case / "seeds").iterdir():
            (seeds / seed.name).write_bytes(seed.read_bytes())
    target = tmp_path / "digest.pdf"
    result = subprocess.run([sys.executable, "-m", "generator", "digest", str(seeds), "--output",
                             str(target), "--ids", "talks,visit"], cwd=PROJECT,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    contents = plain(run("pdftotext", "-f", "2", "-l", "2", str(target), "-"))
    assert contents.startswith("المحتويات")
    assert "المحادثات مع واشنطن" in contents and "زيارة رسمية" in contents
    assert "لقاء في" not in contents  # not chosen
    pages = [int(n) for n in re.findall(r"\b(\d+)\b", contents.split("المحتويات", 1)[1])]
    assert pages[:2] == sorted(pages[:2]) and pages[0] == 3
    bad = subprocess.run([sys.executable, "-m", "generator", "digest", str(seeds), "--output",
                          str(tmp_path / "x.pdf"), "--ids", "nope"], cwd=PROJECT,
                         capture_output=True, text=True, timeout=300)
    assert bad.returncode == 2 and "no briefing with id nope [config]" in bad.stderr
