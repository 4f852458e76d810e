"""Shared helpers: write seeds, read a document through the real readers and stages."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from generator.pipeline import analyze
from generator.readers import read_seed_bytes, reader_for

PROJECT = Path(__file__).resolve().parent.parent


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
