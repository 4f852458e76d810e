"""End to end: build the seed folder with PDFs and check the site's structure."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import jsonschema
import pytest
from lxml import html as lxml_html

from .conftest import PROJECT, SCRATCH

SCHEMAS = PROJECT / "schema"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "output"
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", str(PROJECT / "seeds"), "--output", str(out)],
        cwd=SCRATCH, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return out


def schema(name: str) -> dict:
    return json.loads((SCHEMAS / name).read_text(encoding="utf-8"))


def catalog(site: Path) -> list[dict]:
    return json.loads((site / "index.json").read_text(encoding="utf-8"))["briefings"]


def test_catalog_and_briefings_follow_the_schema(site):
    index = json.loads((site / "index.json").read_text(encoding="utf-8"))
    jsonschema.validate(index, schema("index.schema.json"))
    assert index["briefings"], "the seed was built"
    for entry in index["briefings"]:
        for key in ("html", "json", "pdf"):
            assert (site / entry[key]).is_file(), entry[key]
        data = json.loads((site / entry["json"]).read_text(encoding="utf-8"))
        jsonschema.validate(data, schema("briefing.schema.json"))
        assert data["id"] == entry["id"]


def test_verbatim_fields_and_references_are_consistent(site):
    for entry in catalog(site):
        data = json.loads((site / entry["json"]).read_text(encoding="utf-8"))
        text = "\n".join(s["text"] for s in data["sentences"]) + "\n" + data["title"]
        ids = {a["id"] for a in data["actors"]}
        sentences = {s["id"] for s in data["sentences"]}
        for kind in ("actors", "quotes", "events"):
            item_ids = [x["id"] for x in data[kind]]
            assert len(item_ids) == len(set(item_ids))
        for actor in data["actors"]:
            assert set(actor["affiliations"]) <= ids - {actor["id"]}
        for quote in data["quotes"]:
            assert quote["text"] in text
            assert quote["speaker"] is None or quote["speaker"] in ids
            assert quote["sentence"] in sentences
        # quotes come in text order: their sentences never go back
        order = [int(q["sentence"][1:]) for q in data["quotes"]]
        assert order == sorted(order)
        by_id = {s["id"]: s["text"] for s in data["sentences"]}
        for event in data["events"]:
            # the summary is the clause of the event's own sentence, the date in it too
            # (a date at the clause's edge is shown beside the summary, not repeated in it)
            assert event["summary"] in by_id[event["sentence"]]
            if event["when"]:
                assert event["when"]["text"] in by_id[event["sentence"]]
            assert set(event["actors"]) <= ids


def briefing_pages(site: Path) -> list[Path]:
    return [site / e["html"] for e in catalog(site)]


def test_html_is_rtl_arabic_with_all_sections(site):
    for page in [site / "index.html", *briefing_pages(site)]:
        tree = lxml_html.parse(str(page))
        assert tree.xpath("/html/@lang") == ["ar"]
        assert tree.xpath("/html/@dir") == ["rtl"]
        assert tree.xpath("//meta[@http-equiv='Content-Security-Policy']")
        assert tree.xpath("//main")
    for page in briefing_pages(site):
        tree = lxml_html.parse(str(page))
        for section in ("summary", "actors", "key-quotes", "chronology", "source"):
            assert tree.xpath(f"//section[@id='{section}']/h2"), section
        assert len(tree.xpath("//h1")) == 1
        # every actor (a table row, a place) is linked from a marked mention in the source
        profiles = set(tree.xpath("//section[@id='actors']//*[starts-with(@id, 'actor-')]/@id"))
        linked = {h[1:] for h in tree.xpath("//section[@id='source']//a[@class]/@href")}
        assert profiles and profiles == linked


def test_links_resolve_inside_the_output(site):
    pages = [site / "index.html", *briefing_pages(site)]
    for page in pages:
        tree = lxml_html.parse(str(page))
        ids = set(tree.xpath("//@id"))
        for ref in tree.xpath("//a/@href | //link/@href | //script/@src | //img/@src"):
            parts = urlsplit(ref)
            if parts.scheme in ("http", "https") and "source-link" in "".join(
                    tree.xpath(f"//a[@href='{ref}']/@class")):
                continue  # the article's own address, shown as a link out
            assert not parts.scheme and not parts.netloc, ref
            if not parts.path:
                assert parts.fragment in ids, ref
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            assert target.is_relative_to(site.resolve()) and target.exists(), ref


def test_fonts_are_self_hosted(site):
    css = (site / "static" / "style.css").read_text(encoding="utf-8")
    urls = re.findall(r"url\(\"?([^\")]+)", css)
    assert urls
    for url in urls:
        assert not urlsplit(url).scheme
        assert (site / "static" / url).is_file()


def run(cmd: list[str]) -> str:
    return subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=120).stdout


def test_pdf_text_fonts_and_metadata(site):
    for entry in catalog(site):
        pdf = site / entry["pdf"]
        text = run(["pdftotext", "-layout", str(pdf), "-"])
        plain = " ".join(run(["pdftotext", str(pdf), "-"]).split())
        # the headline comes out in logical order (bidi marks removed)
        plain = re.sub("[\u200e\u200f\u202a-\u202e]", "", plain)
        assert " ".join(entry["title"].split()) in plain
        assert text.strip()
        fonts = run(["pdffonts", str(pdf)]).splitlines()[2:]
        assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts
        assert any("Amiri" in line for line in fonts)
        info = run(["pdfinfo", str(pdf)])
        assert re.search(r"^Pages:\s+([2-9]|\d\d+)$", info, re.M)
        assert f"Title:           {entry['title']}" in info
        assert "A4" in info
