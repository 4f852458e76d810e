import codecs
import datetime as dt

import pytest

from generator.errors import InputError
from generator.readers import parse_date
from generator.seed_files import read_seed_bytes

from .conftest import read_doc, write_seed

PLAIN = """عنوان الخبر الرئيسي

عنوان فرعي قصير للخبر

بيروت

قال الوزير إن الاجتماع انتهى. وأضاف أن المحادثات ستستمر.

فقرة ثانية من نص الخبر تنتهي بنقطة.
"""


def kinds(doc):
    return [(b.kind, doc.block_text(b)) for b in doc.blocks]


def test_plain_text_headline_subtitle_dateline_paragraphs(tmp_path):
    doc, warnings = read_doc(write_seed(tmp_path, "a.txt", PLAIN))
    assert warnings == []
    assert kinds(doc) == [
        ("title", "عنوان الخبر الرئيسي"),
        ("subtitle", "عنوان فرعي قصير للخبر"),
        ("dateline", "بيروت"),
        ("paragraph", "قال الوزير إن الاجتماع انتهى. وأضاف أن المحادثات ستستمر."),
        ("paragraph", "فقرة ثانية من نص الخبر تنتهي بنقطة."),
    ]
    assert doc.title == "عنوان الخبر الرئيسي"
    assert doc.published is None  # never guessed without front matter
    assert (doc.lang, doc.dir) == ("ar", "rtl")


def test_kicker_line_stands_above_the_headline(tmp_path):
    text = ("أزمة المياه في المدينة..\n\nالسكان ينتظرون الصهاريج منذ أسبوع\n\n"
            "قال مسؤول في البلدية إن الإصلاحات تتأخر. وأضاف أن العمل مستمر.\n")
    doc, _ = read_doc(write_seed(tmp_path, "a.txt", text))
    assert doc.kicker == "أزمة المياه في المدينة.."
    assert doc.title == "السكان ينتظرون الصهاريج منذ أسبوع"
    assert kinds(doc)[:2] == [("kicker", "أزمة المياه في المدينة.."),
                              ("title", "السكان ينتظرون الصهاريج منذ أسبوع")]


@pytest.mark.parametrize("text", [
    # a headline that is a sentence, not a kicker: no «..» or «:» at its end
    "السكان ينتظرون الصهاريج\n\nعنوان فرعي قصير\n\nقال مسؤول إن العمل مستمر.\n",
    # a long first line ending with a colon is a headline that introduces a quote
    "قال رئيس البلدية في مؤتمر صحفي عقده في مقر المجلس البلدي بعد اجتماع طويل مع السكان:\n\n"
    "عنوان فرعي قصير\n\nقال مسؤول إن العمل مستمر.\n",
    # «..» before a paragraph, not before a headline
    "أزمة المياه..\n\nقال مسؤول في البلدية إن الإصلاحات تتأخر. وأضاف أن العمل مستمر.\n\n"
    "فقرة أخرى.\n",
])
def test_no_kicker_without_a_short_line_ending_in_dots_before_a_headline(tmp_path, text):
    doc, _ = read_doc(write_seed(tmp_path, "a.txt", text))
    assert doc.kicker is None
    assert doc.title == text.split("\n")[0]


def test_markdown_headline_has_no_kicker(tmp_path):
    doc, _ = read_doc(write_seed(tmp_path, "a.md", "أزمة المياه..\n\n# العنوان\n\nفقرة.\n"))
    assert doc.kicker is None
    assert doc.title == "العنوان"


def test_front_matter_fields_and_body(tmp_path):
    text = ('---\ntitle: "عنوان من البيانات"\ndate: "2018-02-15T02:38:08+04:00"\n'
            'source: BBC\nurl: https://example.org/a\n---\nسطر قصير\n\nفقرة من النص.\n')
    doc, warnings = read_doc(write_seed(tmp_path, "a.txt", text))
    assert warnings == []
    assert doc.title == "عنوان من البيانات"
    # the calendar date as written, with no time-zone conversion
    assert doc.published == dt.date(2018, 2, 15)
    assert (doc.outlet, doc.url) == ("BBC", "https://example.org/a")
    # with front matter every line of the body is text, none is taken as a headline
    assert kinds(doc)[1:] == [("paragraph", "سطر قصير"), ("paragraph", "فقرة من النص.")]


def test_unquoted_datetime_keeps_its_calendar_date(tmp_path):
    text = "---\ntitle: عنوان\ndate: 2018-02-15T23:30:00-05:00\n---\nنص الخبر هنا.\n"
    doc, _ = read_doc(write_seed(tmp_path, "a.txt", text))
    assert doc.published == dt.date(2018, 2, 15)


@pytest.mark.parametrize(("value", "expected"), [
    ("2021-07-31", dt.date(2021, 7, 31)), ("2021-07-31T10:00:00Z", dt.date(2021, 7, 31)),
    ("2021-02-29", None), ("31/02/2021", None), ("yesterday", None),
])
def test_parse_date(value, expected):
    assert parse_date(value) == expected


def test_bad_date_is_a_warning_and_the_date_is_unknown(tmp_path):
    text = '---\ntitle: "عنوان"\ndate: 31/02/2021\n---\nنص الخبر هنا.\n'
    doc, warnings = read_doc(write_seed(tmp_path, "a.txt", text))
    assert doc.published is None
    assert [(w.code, w.line, w.severity) for w in warnings] == [("bad-date", 3, "warning")]


def test_broken_front_matter_is_an_error_with_its_line(tmp_path):
    text = "---\ntitle: [غير مغلق\ndate: : :\n---\nنص.\n"
    with pytest.raises(InputError) as info:
        read_doc(write_seed(tmp_path, "a.md", text))
    assert info.value.code == "front-matter"
    assert info.value.line == 3


def test_unclosed_front_matter(tmp_path):
    with pytest.raises(InputError, match="not closed"):
        read_doc(write_seed(tmp_path, "a.txt", "---\ntitle: x\nنص\n"))


def test_markdown_heading_is_the_headline_and_html_is_dropped(tmp_path):
    text = ("# عنوان المقال\n\nفقرة **أولى** من المقال.\n\n<script>alert(1)</script>\n\n"
            "- بند أول\n- بند ثان\n")
    doc, _ = read_doc(write_seed(tmp_path, "a.md", text))
    assert doc.title == "عنوان المقال"
    assert kinds(doc)[1:] == [("paragraph", "فقرة أولى من المقال."), ("paragraph", "بند أول"),
                              ("paragraph", "بند ثان")]
    assert "alert" not in doc.text


def test_markdown_without_heading_takes_first_line(tmp_path):
    doc, _ = read_doc(write_seed(tmp_path, "a.md", "سطر العنوان\n\nنص المقال.\n"))
    assert doc.title == "سطر العنوان"


@pytest.mark.parametrize("encoding", ["cp1256", "utf-16", "utf-8-sig"])
def test_encodings_read_as_arabic(tmp_path, encoding):
    text = "عنوان الخبر\r\n\r\nقال الوزير إن الاجتماع انتهى.\r\n"
    doc, _ = read_doc(write_seed(tmp_path, "a.txt", text.encode(encoding)))
    assert doc.title == "عنوان الخبر"
    assert "\r" not in doc.text
    assert "قال الوزير إن الاجتماع انتهى." in doc.text


def test_utf16_without_bom(tmp_path):
    data = "عنوان الخبر\nنص الخبر هنا.\n".encode("utf-16-le")
    assert not data.startswith(codecs.BOM_UTF16_LE)
    doc, _ = read_doc(write_seed(tmp_path, "a.txt", data))
    assert doc.title == "عنوان الخبر"


@pytest.mark.parametrize(("data", "code"), [
    (b"", "empty"), (b"  \n\n \t\n", "empty"), (bytes(range(256)) * 8, "binary"),
])
def test_not_articles_are_skipped(tmp_path, data, code):
    path = write_seed(tmp_path, "a.txt", data)
    with pytest.raises(InputError) as info:
        read_seed_bytes(path, str(path))
    assert info.value.code == code


def test_nul_bytes_are_cleaned_with_a_warning(tmp_path):
    path = write_seed(tmp_path, "a.txt", "عنوان\x00 الخبر\nنص\x00 الخبر.\n".encode())
    doc, warnings = read_doc(path)
    assert doc.title == "عنوان الخبر"
    assert [w.code for w in warnings] == ["control-chars"]


def test_size_limit(tmp_path):
    path = write_seed(tmp_path, "a.txt", "نص " * 100)
    with pytest.raises(InputError, match="size limit") as info:
        read_seed_bytes(path, str(path), max_bytes=50)
    assert info.value.code == "too-large"


def test_english_seed_is_flagged_and_left_to_right(tmp_path):
    doc, warnings = read_doc(write_seed(tmp_path, "a.txt", "Ministers meet\n\nThey met.\n"))
    assert (doc.lang, doc.dir) == ("en", "ltr")
    assert [w.code for w in warnings] == ["not-arabic"]
