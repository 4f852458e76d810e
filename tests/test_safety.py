"""Issue 11: never lose a user's files, never hang, never publish what it should not.

Each test builds hand-made hostile inputs in a temporary folder and checks one guarantee of
the README's "Untrusted seeds" section.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import ConfigError
from generator.outdir import MARKER
from generator.site import BuildOptions, build, digest

from .conftest import write_seed

ARTICLE = ('---\ntitle: "اجتماع اللجنة"\ndate: 2022-03-06\n---\n'
           'قال رئيس اللجنة سامر الحلبي يوم الأحد إن "العمل مستمر" في المدينة.\n')


def options(seeds: Path, out: Path, **kw) -> BuildOptions:
    kw.setdefault("cache_dir", None)
    return BuildOptions(seeds=seeds, output=out, pdf=False, jobs=1, quiet=True, **kw)


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
