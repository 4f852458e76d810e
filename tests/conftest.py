"""Shared helpers: write seeds, read a document through the real readers and stages."""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import json
import queue
import shutil
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.config import Settings
from generator.pipeline import analyze
from generator.readers import reader_for
from generator.seed_files import read_seed_bytes

PROJECT = Path(__file__).resolve().parent.parent
# The working folder of the command-line runs: their default cache (.cache) lands here, never
# in the repository's, so a second run of the suite renders what the first one did.
SCRATCH = Path(tempfile.mkdtemp(prefix="briefing-tests-"))
atexit.register(shutil.rmtree, SCRATCH, ignore_errors=True)
# build_settings' keywords for configuration keys
_KEYS = {"pdf": "pdf.enabled", "base_url": "site.base_url", "seed_seconds": "limits.seed_seconds",
         "site_title": "site.title", "paper": "pdf.paper", "language": "site.language",
         "engine": "build.engine", "scheduler": "build.scheduler"}


def build_settings(seeds: Path, output: Path, cache_dir: Path | None = None, *,
                   quiet: bool = True, jobs: int = 0, **keys) -> Settings:
    """A build's settings for a test: no cache unless the test gives it a (temporary) one,
    no PDFs unless ``pdf=True``."""
    values = {_KEYS[k]: v for k, v in {"pdf": False, **keys}.items()}
    if cache_dir is not None:
        values["cache.dir"] = str(cache_dir)
    return Settings().override(values, seeds=seeds, output=output, quiet=quiet, jobs=jobs,
                               use_cache=cache_dir is not None)

# A longer article written for the page and PDF tests: a long lead, six people, quotes of
# both kinds, dates; what the page's order and phone geometry are checked on.
LONG_SEED = """---
title: "خلاف حول موازنة المياه بين الحكومة ونقابة المهندسين"
date: 2022-03-10
source: "صحيفة التجربة"
---
تصاعد الخلاف بين وزارة المياه ونقابة المهندسين حول موازنة مشاريع المياه للعام المقبل، بعد أن \
رفضت النقابة خطة الحكومة لتقليص الإنفاق على محطات التحلية في الجنوب، وسط تحذيرات من أزمة عطش \
في الصيف المقبل إذا لم تتفق الأطراف على حل قبل نهاية الشهر الجاري.

وقال وزير المياه سليم الحداد في مؤتمر صحفي في عمان يوم الثلاثاء إن "الحكومة لن تتراجع عن \
خطتها لأنها الحل الوحيد الممكن".

وأضاف الحداد أن الوزارة ستعرض الخطة على البرلمان في 15 آذار المقبل.

من جهتها، قالت نقيبة المهندسين ليلى منصور إن "هذه الخطة ستترك مدن الجنوب بلا ماء في الصيف".

وأكدت منصور أن النقابة ستدعو إلى اعتصام أمام مبنى البرلمان في 20 آذار.

وكان رئيس الوزراء كريم العطار قد التقى منصور في 2 شباط الماضي في عمان، دون أن يتوصل الطرفان \
إلى اتفاق.

وقال الخبير في شؤون المياه فادي يوسف إن "الأزمة أعمق من موازنة عام واحد".

وذكرت مصادر في البرلمان أن لجنة المالية ستناقش الموازنة الأسبوع المقبل.

وفي إربد، قال رئيس البلدية نبيل خوري إن المدينة تحتاج إلى محطة جديدة قبل صيف 2023.
""".replace("\\\n", "")


# Modules whose every test builds with PDFs, runs the command line in a new process or drives
# a browser: marked slow (`pytest -m "not slow"` runs the rest in under a minute).
SLOW_MODULES = frozenset({"test_browser", "test_pdf", "test_build", "test_hardening",
                          "test_cli"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.module.__name__.rpartition(".")[2] in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)


def write_seed(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def read_doc(path: Path):
    raw = read_seed_bytes(path, str(path))
    return reader_for(path).read(raw, path.stem)


def analyze_text(tmp_path: Path, body: str, published: str | None = "2021-07-31",
                 title: str = "عنوان للاختبار"):
    """A front-matter seed with this body, read and analysed like a real build does."""
    head = ["---", f"title: {json.dumps(title, ensure_ascii=False)}"]
    if published:
        head.append(f"date: {published}")
    head.append("---")
    path = write_seed(tmp_path, "article.txt", "\n".join(head) + "\n" + body + "\n")
    doc, _ = read_doc(path)
    return analyze(doc)


@pytest.fixture
def analyze_body(tmp_path):
    def run(body: str, published: str | None = "2021-07-31", title: str = "عنوان للاختبار"):
        return analyze_text(tmp_path, body, published, title)
    return run


@pytest.fixture
def date():
    return dt.date.fromisoformat


@contextlib.contextmanager
def serving(options) -> Iterator[str]:
    """``briefing serve`` with these build options in a thread, on a free port: the site's
    address while it runs."""
    from generator.serve import serve

    stop = threading.Event()
    urls: queue.Queue[str] = queue.Queue()
    thread = threading.Thread(target=serve, args=(options, 0, None, stop, urls.put),
                              daemon=True)
    thread.start()
    try:
        yield urls.get(timeout=120)
    finally:
        stop.set()
        thread.join(timeout=30)


def fetch(url: str) -> str:
    return urllib.request.urlopen(url, timeout=10).read().decode()


def page_once_it_shows(url: str, text: str, seconds: float = 120) -> str:
    """The page at ``url`` as soon as it holds ``text`` (or as it is at the deadline)."""
    deadline = time.monotonic() + seconds
    page = ""
    while time.monotonic() < deadline and text not in page:
        time.sleep(0.3)
        try:
            page = fetch(url)
        except OSError:  # the new site is being swapped in
            continue
    return page
