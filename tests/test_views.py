"""What the briefing page shows, in its order: at a glance, quotes by speaker, paragraph
numbers for references (the view the templates render)."""

from __future__ import annotations

from generator.chronology import split_timeline
from generator.views import briefing_view, glance, paragraph_numbers

BODY = """قال وزير النقل سامي الخطيب يوم الاثنين إن "الطريق الجديد سيفتح في الصيف".

وأضاف الخطيب أن العمل بدأ في مارس 2020.

وذكرت مصادر في الوزارة أن الكلفة ارتفعت في ديسمبر 2021.

وكانت الحكومة قد أعلنت المشروع في عام 2021."""


def test_at_a_glance_names_a_speaker_s_own_words_and_the_span_of_dates(analyze_body):
    doc = analyze_body(BODY)
    dated, _ = split_timeline(doc.events)
    facts = glance(doc, dated)
    assert facts["actors"][0].name == "سامي الخطيب"
    assert facts["quote"].kind == "direct" and facts["quote"].speaker == facts["actors"][0].id
    # the year 2021 and its December end together: the December is the closer end
    assert facts["span"] == ("مارس/آذار 2020", "ديسمبر/كانون الأول 2021")


def test_quotes_are_grouped_by_speaker_and_references_are_paragraphs(analyze_body):
    doc = analyze_body(BODY)
    view = briefing_view(doc)
    groups = view["quote_groups"]
    named = [g for g in groups if g["actor"]]
    assert named and named[0]["actor"].name == "سامي الخطيب"
    assert [q.kind for q in named[0]["quotes"]] == ["direct", "indirect"]  # text order
    numbers = paragraph_numbers(doc)
    # the title is block 1; the four paragraphs follow
    assert sorted(set(numbers.values()))[-4:] == [2, 3, 4, 5]
    assert all(b["number"] == i + 1 for i, b in enumerate(view["source"]))
