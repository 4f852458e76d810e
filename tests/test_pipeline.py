"""The pipeline decides which language models apply: the Arabic stages run on Arabic only."""

import pytest

from generator.arabic import is_arabic_language
from generator.pipeline import analyze, stages_for

from .conftest import read_doc, write_seed

# Arabic words in an article declared Persian: the Arabic recognizer would find actors here.
BODY = "وقال الرئيس الأمريكي جون سميث للصحفيين إن الاجتماع انتهى. وأضاف سميث أن المحادثات ستستمر."


@pytest.mark.parametrize(("lang", "arabic"), [("ar", True), ("ar-EG", True), ("AR", True),
                                               ("fa", False), ("ur", False), ("en", False)])
def test_arabic_language_tags(lang, arabic):
    assert is_arabic_language(lang) is arabic


def test_only_segmentation_applies_to_other_languages():
    assert [name for name, _ in stages_for("fa")] == ["segment"]
    assert [name for name, _ in stages_for("ar")] == ["segment", "entities", "actors", "quotes",
                                                       "chronology"]


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_a_non_arabic_article_gets_no_arabic_analysis_and_a_warning(tmp_path, lang):
    seed = write_seed(tmp_path, "a.txt", f"---\ntitle: عنوان\ndate: 2021-07-31\nlang: {lang}\n"
                                         f"---\n{BODY}\n")
    doc, warnings = read_doc(seed)
    doc = analyze(doc)
    assert (doc.actors, doc.quotes, doc.events) == ([], [], [])
    assert doc.sentences  # still segmented: the briefing is built
    assert [(w.code, w.line) for w in warnings] == [("not-arabic", 4)]
    assert "skipped" in warnings[0].message


def test_the_same_article_in_arabic_is_analysed(tmp_path):
    seed = write_seed(tmp_path, "a.txt", f"---\ntitle: عنوان\ndate: 2021-07-31\nlang: ar\n"
                                         f"---\n{BODY}\n")
    doc, warnings = read_doc(seed)
    assert warnings == []
    assert "جون سميث" in [a.name for a in analyze(doc).actors]
