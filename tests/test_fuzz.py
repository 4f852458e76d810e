"""Property tests: arbitrary Unicode and Arabic text through the readers and the stages."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.errors import InputError
from generator.pipeline import analyze
from generator.readers import reader_for
from generator.seed_files import read_seed_bytes

ARABIC_WORDS = ["قال", "الرئيس", "محمد", "إن", "أن", "وزير", "الخارجية", "في", "بغداد", "أمس",
                "السبت", "19", "يوليو", "2021", "«", "»", '"', "'", "،", ".", ":", "مضيفا",
                "مصدر", "عام", "الماضي", "بحسب", "\n", "\n\n", "---", "#", "-", ">", "ـ",
                "\u064e", "١٩", "هـ", "الموافق", "كانون", "الثاني"]
arabic_text = st.lists(st.sampled_from(ARABIC_WORDS), max_size=80).map(" ".join)
any_text = st.text(max_size=400)
SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def read(data: bytes, suffix: str):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"seed{suffix}"
        path.write_bytes(data)
        raw = read_seed_bytes(path, str(path))
        return reader_for(path).read(raw, "seed")


def check_document(doc) -> None:
    text = doc.text
    for s in doc.sentences:
        assert 0 <= s.start <= s.end <= len(text)
        for t in s.tokens:
            assert s.start <= t.start < t.end <= s.end and text[t.start:t.end] == t.text
    for a in doc.actors:
        for m in a.mentions:
            assert 0 <= m.start < m.end <= len(text)
        assert a.roles == [r for r in a.roles if r in text]
    for q in doc.quotes:
        assert text[q.start:q.end] == q.text and q.text
        assert q.cue == ":" or q.cue in text
    sentences = {s.id: doc.sentence_text(s) for s in doc.sentences}
    for e in doc.events:
        assert e.summary in sentences[e.sentence]  # the clause, within its own sentence
        if e.when:
            assert text[e.when.start:e.when.end] == e.when.text
            assert e.when.text in sentences[e.sentence]


@SETTINGS
@given(data=st.binary(max_size=600), suffix=st.sampled_from([".txt", ".md"]))
def test_readers_never_raise_anything_but_input_errors(data, suffix):
    try:
        doc, _ = read(data, suffix)
    except InputError:
        return
    assert doc.blocks and doc.title == doc.text[doc.blocks[0].start:doc.blocks[0].end]


@pytest.mark.slow
@SETTINGS
@given(text=any_text, suffix=st.sampled_from([".txt", ".md"]))
def test_any_unicode_text_analyses_within_bounds(text, suffix):
    try:
        doc, _ = read(text.encode("utf-8", "surrogatepass"), suffix)
    except (InputError, UnicodeEncodeError):
        return
    check_document(analyze(doc))


@SETTINGS
@given(body=arabic_text, dated=st.booleans())
def test_arabic_like_text_gives_verbatim_fields(body, dated):
    head = '---\ntitle: "عنوان"\n' + ("date: 2021-07-31\n" if dated else "") + "---\n"
    try:
        doc, _ = read((head + body).encode(), ".txt")
    except InputError:
        return
    check_document(analyze(doc))
