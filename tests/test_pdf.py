"""The PDF briefing: cover, contents with page numbers, bookmarks, metadata, fonts, pages
rendered to pictures, the PDF/UA variant and paper size."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from .conftest import LONG_SEED, PROJECT, SCRATCH

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
    order = ("الملخص", "أبرز الاقتباسات", "التسلسل الزمني", "الفاعلون", "النص المصدر")
    for section in order:
        assert section in outline
    # page 2: the running head (the headline), then the contents
    page = plain(run("pdftotext", "-f", "2", "-l", "2", str(pdf), "-"))
    assert "المحتويات" in page
    contents = page.split("المحتويات", 1)[1]
    # each entry's page number, in the briefing's order (text extraction garbles some
    # ligatures of the headings' font, so the numbers are compared)
    numbers = [int(n) for n in re.findall(r"\b\d+\b", contents)[:len(order)]]
    assert numbers == [outline[s] for s in order], (numbers, contents)
    assert numbers == sorted(numbers) and "الملخص 1" in contents
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


def test_tagged_by_default_with_what_pdf_ua_asks_that_can_be_checked_here(pdf):
    """Not a veraPDF run (it is not installable here): the structure PDF/UA-1 requires
    that pypdf can read: marked and tagged, a language, the title shown, headings in
    order, every figure with a text alternative, every link described, tab order by
    structure, and the PDF/UA identifier in the metadata."""
    reader = PdfReader(pdf)
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] and root["/Lang"] == "ar"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] and reader.metadata.title
    assert b"pdfuaid:part" in root["/Metadata"].get_object().get_data()
    roles, figures = [], []

    def walk(node):
        node = node.get_object()
        if not isinstance(node, dict):
            return
        if "/S" in node:
            roles.append(node["/S"])
            if node["/S"] == "/Figure":
                figures.append(node)
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
            walk(kid)
    walk(root["/StructTreeRoot"])
    headings = [int(r[2]) for r in roles if re.fullmatch(r"/H\d", r)]
    assert headings and headings[0] == 1
    assert all(b - a <= 1 for a, b in zip(headings, headings[1:], strict=False))  # no level skipped
    assert "/Table" in roles and "/TH" in roles
    assert all("/Alt" in f for f in figures)
    for page in reader.pages:
        assert page["/Tabs"] == "/S"
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot["/Subtype"] == "/Link":
                assert annot.get("/Contents")


def test_untagged_variant_and_paper_size_by_configuration(tmp_path):
    config = tmp_path / "briefing.toml"
    config.write_text('[pdf]\npaper = "Letter"\nvariant = "none"\n', encoding="utf-8")
    pdf = build(tmp_path / "out", "--config", str(config))
    info = run("pdfinfo", str(pdf))
    assert "Tagged:          no" in info
    assert "612 x 792 pts (letter)" in info


def test_digest_of_chosen_briefings_has_its_own_contents(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for case in ("dated-article", "plain-seed", "search-names"):
        for seed in (PROJECT / "tests" / "fixtures" / case / "seeds").iterdir():
            (seeds / seed.name).write_bytes(seed.read_bytes())
    target = tmp_path / "digest.pdf"
    result = subprocess.run([sys.executable, "-m", "generator", "digest", str(seeds), "--output",
                             str(target), "--ids", "talks,visit"], cwd=SCRATCH,
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


SECTION_TITLES = ("المحتويات", "أبرز", "التسلسل", "الفاعلون", "تصحيحات", "النص")


def page_fill(pdf: Path) -> list[tuple[float, str]]:
    """(how far down the text area the last line of text reaches, the first words of the
    page's body) per page, from pdftotext's layout boxes; the running head and the page
    number in the margins are left out."""
    from lxml import etree

    tree = etree.fromstring(run("pdftotext", "-bbox-layout", str(pdf), "-").encode())
    pages = []
    for page in tree.iter("{*}page"):
        height = float(page.get("height"))
        top, bottom = height * 22 / 297, height * (1 - 20 / 297)  # the @page margins
        blocks = [b for b in page.iter("{*}block")
                  if top - 2 <= float(b.get("yMin")) and float(b.get("yMax")) <= bottom + 2]
        blocks.sort(key=lambda b: float(b.get("yMin")))
        lowest = max((float(b.get("yMax")) for b in blocks), default=top)
        # words come in visual order, letters too: reversed, the line reads as Arabic
        first = " ".join(w.text for w in blocks[0].iter("{*}word"))[::-1] if blocks else ""
        pages.append(((lowest - top) / (bottom - top), first))
    return pages


def test_no_page_is_less_than_half_full_except_at_a_section_end(tmp_path):
    """A longer article (its paragraphs repeated so the source text runs over pages): a
    page may end early only where the next one opens a section (or at the end)."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    body = LONG_SEED.split("---", 2)[2]
    (seeds / "long.txt").write_text(LONG_SEED + body * 3, encoding="utf-8")
    out = tmp_path / "out"
    subprocess.run([sys.executable, "-m", "generator", "build", str(seeds), "--output",
                    str(out), "--no-cache"], cwd=PROJECT, check=True, capture_output=True,
                   timeout=300)
    pages = page_fill(next(out.rglob("*.pdf")))
    assert len(pages) >= 4
    pairs = zip(pages, pages[1:], strict=False)
    for number, ((fill, _), (_, following)) in enumerate(pairs, start=1):
        if fill < 0.5:
            assert number == 1 or following.startswith(SECTION_TITLES), (number, fill, following)
    # the cover: headline, date, summary and the key facts on the first page
    cover = plain(run("pdftotext", "-f", "1", "-l", "1", str(next(out.rglob("*.pdf"))), "-"))
    assert "موازنة المياه" in cover and "الملخص" in cover
    assert "سليم الحداد" in cover  # a main actor, at a glance
    assert re.search(r"من 2 ?فبراير/شباط 2022", cover)  # the span of dates
