"""The site in a real browser: Debian's chromium driven by Playwright (never a downloaded
browser), over http on localhost and from disk."""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import threading
from pathlib import Path

import pytest

from generator import search_index
from generator.build import build
from generator.search_index import SearchIndex

from .conftest import LONG_SEED, PROJECT, build_settings

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = PROJECT / "test-artifacts"
AXE = PROJECT / "test-tools" / "node_modules" / "axe-core" / "axe.min.js"  # `make tools`




@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    seeds = tmp_path_factory.mktemp("seeds")
    for case in ("dated-article", "plain-seed", "search-names"):
        for seed in (PROJECT / "tests" / "fixtures" / case / "seeds").iterdir():
            shutil.copy(seed, seeds / seed.name)
    (seeds / "long.txt").write_text(LONG_SEED, encoding="utf-8")
    out = tmp_path_factory.mktemp("site") / "out"
    with pytest.MonkeyPatch.context() as patch:
        # small search leaves: the few test briefings get the inner nodes a big site has
        patch.setattr(search_index, "LEAF_BYTES", 1500)
        report = build(build_settings(seeds=seeds, output=out, pdf=False, cache_dir=None,
                                      jobs=1, quiet=True,
                                      base_url="https://example.org/briefings/"))
    assert not report.errors
    return out


@pytest.fixture(scope="module")
def server(site):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    handler.log_message = lambda *args: None
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    # only the checks that drive the browser are skipped without one; the site's own
    # checks (sitemap, feed, page weight) run everywhere
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


class Watched:
    """A page with its console errors and failed requests recorded."""

    def __init__(self, browser):
        self.page = browser.new_page(viewport={"width": 1200, "height": 900})
        self.errors: list[str] = []
        self.failed: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("requestfailed", lambda r: self.failed.append(r.url))
        self.page.on("response", lambda r: r.status >= 400 and self.failed.append(r.url))


def briefing_path(site: Path) -> str:
    return next(p.parent.name for p in site.glob("*/briefing.json")) + "/index.html"


def briefing_paths(site: Path) -> list[str]:
    return sorted(p.parent.name + "/index.html" for p in site.glob("*/briefing.json"))


SECTIONS = ["summary", "glance", "key-quotes", "chronology", "actors", "source"]


def test_a_briefing_reads_in_editorial_order(browser, server, site):
    """Headline, summary, at a glance, key quotes, chronology, actors, source text."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    for path in briefing_paths(site):
        page.goto(server + path)
        tops = [page.evaluate(f"document.getElementById('{s}').getBoundingClientRect().top")
                for s in SECTIONS]
        headline = "document.querySelector('h1.headline').getBoundingClientRect().top"
        assert page.evaluate(headline) < tops[0]
        assert tops == sorted(tops), (path, tops)
    page.close()


def test_phone_key_quotes_come_within_two_screens_and_nothing_overflows(browser, server, site):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(server + "long/index.html")
    page.wait_for_load_state("networkidle")
    top = page.evaluate(
        "document.getElementById('key-quotes').getBoundingClientRect().top + scrollY")
    assert top < 2 * 844, top
    wide = page.evaluate("""() => [...document.querySelectorAll('main *')].filter(e => {
        const r = e.getBoundingClientRect();
        if (!r.width || getComputedStyle(e).position === 'absolute') return false;
        return r.left < -1 || r.right > innerWidth + 1;
    }).map(e => e.tagName + '.' + e.className)""")
    assert not wide, wide
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth + 1")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "long-phone.png"), full_page=True)
    page.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_chart_labels_are_names_inside_their_drawing(browser, server, site, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(server + "long/index.html")
    page.wait_for_load_state("networkidle")
    outside = page.evaluate("""() => [...document.querySelectorAll('svg.chart text')].filter(t => {
        const s = t.ownerSVGElement.getBoundingClientRect(), r = t.getBoundingClientRect();
        return r.left < s.left - 1 || r.right > s.right + 1
            || r.top < s.top - 1 || r.bottom > s.bottom + 1;
    }).map(t => t.textContent)""")
    assert not outside, outside
    labels = page.eval_on_selector_all("svg.chart-network text", "ts => ts.map(t => t.textContent)")
    assert len(labels) >= 3 and not [x for x in labels if re.fullmatch(r"[\d٠-٩\s]+", x)]
    assert "سليم الحداد" in labels
    # places are not in the network; the legend names what colours and lines mean
    assert "عمان" not in labels
    assert page.locator(".network-figure .legend li").count() >= 2
    page.close()


def test_references_name_paragraphs_printed_in_the_source(browser, server, site):
    page = browser.new_page()
    page.goto(server + "long/index.html")
    refs = page.eval_on_selector_all(
        "a.ref", "as => as.map(a => [a.textContent, a.getAttribute('href')])")
    assert refs and all(text.startswith("فقرة") and "↩" not in text for text, _ in refs)
    for text, href in refs[:5]:
        number = text.split()[-1] if " " in text else text.replace("فقرة", "").strip()
        shown = page.evaluate(f"document.querySelector('{href}').closest('p')"
                              ".querySelector('.para-number').textContent")
        assert shown.strip() == number.replace("\xa0", "").strip()
    page.close()


@pytest.mark.parametrize("path", ["BRIEFING", "index.html", "actors/index.html", "ACTOR",
                                  "timeline.html", "search.html", "404.html"])
def test_no_serious_accessibility_violations(browser, server, site, path):
    """axe-core's rules (WCAG 2 A and AA) on every page type: no serious or critical one."""
    if not AXE.exists():
        if os.environ.get("CI"):
            pytest.fail("axe-core is missing: `make tools` installs it")
        pytest.skip("axe-core is not installed (make tools)")
    if path == "BRIEFING":
        path = "long/index.html"
    elif path == "ACTOR":
        path = "actors/" + sorted(p.name for p in (site / "actors").glob("*.html")
                                  if p.name != "index.html")[0]
    page = browser.new_page(bypass_csp=True)  # the site's CSP forbids injected scripts
    page.goto(server + path)
    page.wait_for_load_state("networkidle")
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate("axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'best-practice']})")
    bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
           for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, json.dumps(bad, ensure_ascii=False)
    page.close()


@pytest.mark.parametrize("path", ["index.html", "BRIEFING", "actors/index.html", "ACTOR",
                                  "timeline.html", "search.html", "404.html"])
def test_pages_are_rtl_without_errors_and_their_links_work(browser, server, site, path):
    if path == "BRIEFING":
        path = briefing_path(site)
    elif path == "ACTOR":
        path = "actors/" + sorted(p.name for p in (site / "actors").glob("*.html")
                                  if p.name != "index.html")[0]
    watched = Watched(browser)
    page = watched.page
    page.goto(server + path)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert page.evaluate("document.documentElement.lang") == "ar"
    assert page.locator("main h1").count() == 1
    if path == "404.html":
        # served at any address, the 404 page links to the published site (base_url)
        assert page.get_attribute("main a", "href") == "https://example.org/briefings/index.html"
        page.close()
        return
    assert not watched.errors, watched.errors
    assert not watched.failed, watched.failed
    hrefs = page.eval_on_selector_all(
        "a[href]", "els => els.map(e => new URL(e.getAttribute('href'), location.href).href)")
    for href in {h.split("#")[0] for h in hrefs if h.startswith(server)}:
        assert page.request.get(href).status == 200, href
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / (path.replace("/", "_") + ".png")), full_page=True)
    page.close()


@pytest.mark.parametrize("query", ["اسامه", "أسامة", "اسامة", "إسامه", "أُسامَة", "أسـامة",
                                   "مصطفي البرغوثي", "حمدان"])
def test_search_finds_a_name_in_any_spelling(browser, server, query):
    watched = Watched(browser)
    page = watched.page
    page.goto(server + "search.html")
    # a locator wait, not wait_for_function: the page's CSP forbids the eval that polls
    page.locator("#search-status", has_text="جاهز").wait_for()
    page.fill("#search-input", query)
    results = page.locator("#search-results li a")
    results.first.wait_for()
    texts = results.all_text_contents()
    wanted = "مصطفى البرغوثي" if query.startswith("مصطفي") else "أسامة حمدان"
    assert wanted in texts
    assert not watched.errors
    page.close()


@pytest.mark.parametrize("query, sentence", [
    ("اعتصام", "اعتصام أمام مبنى البرلمان"),  # a word of the body only, not the lead
    ("الأميركي", "وزير الخارجية الأمريكي"),  # a spelling variant of a foreign name
    ("زلزال", None),  # in no briefing
])
def test_search_covers_the_whole_text_and_shows_the_sentence(browser, server, query, sentence):
    page = browser.new_page()
    page.goto(server + "search.html")
    # a locator wait, not wait_for_function: the page's CSP forbids the eval that polls
    page.locator("#search-status", has_text="جاهز").wait_for()
    page.fill("#search-input", query)
    if sentence is None:
        page.locator("#search-status", has_text="لا نتائج").wait_for()
        assert page.locator("#search-results li").count() == 0
    else:
        match = page.locator("#search-results li .match").first
        match.wait_for()
        assert sentence in match.text_content()
        href = page.get_attribute("#search-results li a", "href")
        assert "#s" in href  # straight to the sentence
    page.close()


@pytest.mark.parametrize("query", ["ال", "ا", "وزير الخارجية", "امريكي", "مبنى", "زلزال"])
def test_search_reads_the_files_the_python_reader_reads(browser, server, site, query):
    """The page and generator.search_index agree: same count, same files (make bench
    measures the bytes a query loads with the Python reader)."""
    assert any((site / "search" / "w").glob("*.all.json"))  # inner nodes exist
    answer = SearchIndex(site / "search").query(query)
    watched = Watched(browser)
    page = watched.page
    fetched: list[str] = []
    page.on("request", lambda r: "/search/" in r.url and fetched.append(r.url.split("/search/")[1]))
    page.goto(server + "search.html")
    page.locator("#search-status", has_text="جاهز").wait_for()
    page.fill("#search-input", query)
    if answer.total:
        page.locator("#search-results li").nth(len(answer.shown) - 1).wait_for()
        assert page.locator("#search-results li").count() == len(answer.shown)
    else:
        page.locator("#search-status", has_text="لا نتائج").wait_for()
    assert sorted(fetched) == sorted(answer.read)
    assert not watched.errors and not watched.failed
    page.close()


def test_search_from_disk_says_it_needs_http(browser, site):
    page = browser.new_page()
    page.goto((site / "search.html").as_uri())
    status = page.text_content("#search-status")
    assert "خادم" in status and page.is_disabled("#search-input")
    page.close()


def test_index_filters_and_sorts(browser, server):
    page = browser.new_page()
    page.goto(server + "index.html")
    rows = page.locator("table.catalog tbody tr")
    assert rows.count() == 4
    page.select_option("#filter-actor", "أسامة حمدان")
    assert page.locator("table.catalog tbody tr:not([hidden])").count() == 1
    page.select_option("#filter-actor", "")
    page.click("th[data-sort=date] button")
    dates = page.eval_on_selector_all("table.catalog tbody tr", "rs => rs.map(r => r.dataset.date)")
    assert dates == sorted(dates, reverse=True)
    page.close()


def test_phone_layout_has_no_sideways_scroll(browser, server, site):
    page = browser.new_page(viewport={"width": 375, "height": 740})
    page.goto(server + briefing_path(site))
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "briefing-phone.png"))
    page.close()


@pytest.mark.parametrize("path, cell", [("index.html", "td.num"), ("long/index.html", "td.num")])
def test_phone_tables_keep_their_headers(browser, server, path, cell):
    """On a phone a table row is a block; each number says what it counts."""
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(server + path)
    labels = page.eval_on_selector_all(
        f"table.catalog tbody {cell}", "cs => cs.map(c => getComputedStyle(c, '::before').content)")
    assert labels and all(re.search("[\u0621-\u064a]{3}", label) for label in labels), labels
    page.close()


def test_sitemap_and_feed_use_the_base_url(site):
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    feed = (site / "feed.xml").read_text(encoding="utf-8")
    assert "<loc>https://example.org/briefings/index.html</loc>" in sitemap
    assert "https://example.org/briefings/" in feed and "<entry>" in feed
    import xml.etree.ElementTree as ET

    ET.fromstring(sitemap.encode())
    ET.fromstring(feed.encode())


def test_a_briefing_page_with_its_fonts_weighs_under_200_kb(site):
    """What a static host sends (text compressed, as they all do; WOFF2 is compressed)."""
    import gzip

    from lxml import html as lxml_html

    page = site / briefing_path(site)
    tree = lxml_html.parse(str(page))
    files = [page] + [(page.parent / ref).resolve() for ref in
                      tree.xpath("//link[@rel='stylesheet']/@href | //script/@src")]
    css = (site / "static" / "style.css").read_text(encoding="utf-8")
    fonts = [site / "static" / ref for ref in re.findall(r'url\("([^"]+\.woff2)"\)', css)]
    total = sum(len(gzip.compress(f.read_bytes(), 9)) for f in files)
    total += sum(f.stat().st_size for f in fonts)
    assert fonts and total <= 200_000, total
