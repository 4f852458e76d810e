"""Quotes and speakers on hand-written sentences."""

import pytest

from generator.stages.cues import cue_of, find_quoted_spans


def quotes(doc):
    names = {a.id: a.name for a in doc.actors}
    return [(q.kind, q.text, names.get(q.speaker), q.speaker_label, q.cue) for q in doc.quotes]


@pytest.mark.parametrize(("text", "inner"), [
    ('قال: «نحن هنا» ثم غادر', ["نحن هنا"]),
    ('قال: "نحن هنا" ثم غادر', ["نحن هنا"]),
    ("قال: “نحن هنا” ثم غادر", ["نحن هنا"]),
    ("قال: „نحن هنا“ ثم غادر", ["نحن هنا"]),
    ("قال: 'نحن هنا' ثم غادر", ["نحن هنا"]),
    ("قال: 'نحن هنا\" ثم غادر", ["نحن هنا"]),
    ("قال: \"نحن هنا' ثم غادر", ["نحن هنا"]),
    ("don't stop 'نحن هنا' here", ["نحن هنا"]),
])
def test_quotation_mark_styles(text, inner):
    spans = find_quoted_spans(text, 0, len(text))
    assert [text[s:e] for s, e in spans] == inner


@pytest.mark.parametrize("text", ['قال: "نحن هنا ثم غادر', "قال: «نحن هنا ثم غادر"])
def test_a_mark_never_closed_quotes_nothing(text):
    assert find_quoted_spans(text, 0, len(text)) == []


def test_a_run_of_unbalanced_marks_finishes_and_never_quotes_the_words_after_it():
    text = '"' * 5000 + "نص"
    spans = find_quoted_spans(text, 0, len(text))
    assert not any("نص" in text[s:e] for s, e in spans)


@pytest.mark.parametrize(("word", "kind", "gender"), [
    ("وقال", "verb", "m"), ("وقالت", "verb", "f"), ("فأضاف", "verb", "m"),
    ("مضيفا", "participle", "m"), ("بحسب", "source", "-"), ("ونقل", "relay", "m"),
])
def test_cue_words_from_the_data_file(word, kind, gender):
    cue = cue_of(word)
    assert (cue.kind, cue.gender) == (kind, gender)


def test_direct_quote_with_speaker_after_the_verb(analyze_body):
    doc = analyze_body('وقال الرئيس الأمريكي باراك أوباما: "لن نسمح بتكرار ما حدث في المنطقة".')
    assert quotes(doc) == [("direct", "لن نسمح بتكرار ما حدث في المنطقة", "باراك أوباما",
                            "باراك أوباما", "وقال")]


def test_indirect_quote_and_continuation(analyze_body):
    doc = analyze_body("وقال وزير الخارجية الروسي سيرغي لافروف إن المحادثات كانت صعبة للغاية. "
                       "وأضاف أن الجولة المقبلة ستعقد في موسكو.")
    got = quotes(doc)
    assert [(k, t, s, c) for k, t, s, _, c in got] == [
        ("indirect", "إن المحادثات كانت صعبة للغاية", "سيرغي لافروف", "وقال"),
        ("indirect", "أن الجولة المقبلة ستعقد في موسكو", "سيرغي لافروف", "وأضاف"),
    ]


def test_participle_continues_the_speaker(analyze_body):
    doc = analyze_body('وقال سيرغي لافروف إن "الحوار مستمر مع جميع الأطراف"، مضيفا "نحن مستعدون '
                       'للتفاوض في أي وقت".')
    assert [(q[0], q[2], q[4]) for q in quotes(doc)] == [
        ("direct", "سيرغي لافروف", "وقال"), ("direct", "سيرغي لافروف", "مضيفا")]


def test_unnamed_source_keeps_its_label(analyze_body):
    doc = analyze_body("وقال مصدر أمني إن الهجوم أسفر عن سقوط قتلى وجرحى في صفوف المدنيين.")
    ((kind, text, speaker, label, cue),) = quotes(doc)
    assert (kind, speaker, label, cue) == ("indirect", None, "مصدر أمني", "وقال")
    assert text.startswith("إن الهجوم")


def test_relay_is_attributed_to_the_source_not_the_outlet(analyze_body):
    doc = analyze_body('ونقلت وكالة رويترز عن مسؤول في الوزارة قوله إن "الاتفاق بات قريبا جدا".')
    ((kind, _text, speaker, label, cue),) = quotes(doc)
    assert (kind, speaker, cue) == ("direct", None, "ونقلت")
    assert label.startswith("مسؤول")


def test_scare_quotes_are_not_quotes(analyze_body):
    doc = analyze_body('وأطلق الجيش عملية "الفجر" في المنطقة الشمالية ضد المسلحين.')
    assert quotes(doc) == []


def test_headline_quote_with_colon(analyze_body):
    doc = analyze_body('وقال بوتين إن روسيا "دولة محبة للسلام" وإنها لا تريد الحرب مع أحد.',
                       title='بوتين: روسيا "دولة محبة للسلام"')
    kinds = [(q[0], q[4]) for q in quotes(doc)]
    # the headline's quote repeats the body's: listed once
    assert sum(1 for q in doc.quotes if q.text == "دولة محبة للسلام") == 1
    assert ("indirect", "وقال") in kinds


def test_quotes_are_in_text_order_with_ranks(analyze_body):
    doc = analyze_body("وقال سيرغي لافروف إن المحادثات كانت صعبة للغاية. "
                       "وقال مصدر أمني إن الهجوم أسفر عن سقوط قتلى.")
    assert [q.start for q in doc.quotes] == sorted(q.start for q in doc.quotes)
    assert sorted(q.rank for q in doc.quotes) == list(range(1, len(doc.quotes) + 1))


def test_claim_verb_complement_is_the_statement(analyze_body):
    doc = analyze_body("واتهم مصدر أمني الحكومة بالتقصير في حماية المدنيين خلال الأحداث.")
    ((kind, text, speaker, label, cue),) = quotes(doc)
    assert (kind, speaker, label, cue) == ("indirect", None, "مصدر أمني", "واتهم")
    assert text == "الحكومة بالتقصير في حماية المدنيين خلال الأحداث"


def test_a_place_after_a_preposition_is_not_a_speaker(analyze_body):
    doc = analyze_body('وقال سيرغي لافروف إن "الحوار مستمر مع جميع الأطراف". '
                       'وأضاف في تصريح لروسيا أن "الجولة المقبلة ستعقد قريبا".')
    assert [q[2] for q in quotes(doc)] == ["سيرغي لافروف", "سيرغي لافروف"]


def test_the_spokesman_again_is_the_described_spokesman(analyze_body):
    doc = analyze_body("وقال متحدث باسم وزارة الخارجية إن المفاوضات مقلقة للغاية. "
                       "وأوضح المتحدث أن أسرع طريقة للحل هي الحوار المباشر.")
    labels = [q[3] for q in quotes(doc)]
    assert labels == ["متحدث باسم وزارة الخارجية", "متحدث باسم وزارة الخارجية"]
    assert all(q.speaker is None for q in doc.quotes)


def test_a_direct_quote_without_a_known_speaker_is_kept_honestly(analyze_body):
    doc = analyze_body('وقالوا في ختام الاجتماع: "سنواصل العمل من أجل السلام في المنطقة".')
    ((kind, text, speaker, _label, cue),) = quotes(doc)
    assert (kind, speaker, cue) == ("direct", None, "وقالوا")
    assert text == "سنواصل العمل من أجل السلام في المنطقة"


def test_a_one_word_quote_or_a_quoted_name_is_not_a_quote(analyze_body):
    doc = analyze_body('وقال سيرغي لافروف إن الإدارة "فشلت" في دعم "حزب الله" في لبنان.')
    assert [q[0] for q in quotes(doc)] == ["indirect"]


def test_reported_speech_of_an_unrecognized_speaker_is_kept_without_one(analyze_body):
    doc = analyze_body("وقالت زخاروفا كوفسكايا إن المفاوضات ستستأنف الأسبوع المقبل في جنيف.")
    kinds = [(q.kind, q.cue) for q in doc.quotes]
    assert ("indirect", "وقالت") in kinds
    quote = next(q for q in doc.quotes if q.kind == "indirect")
    assert quote.text.startswith("إن المفاوضات")


def test_the_police_is_a_described_source(analyze_body):
    doc = analyze_body("وقالت الشرطة المحلية إن المشتبه به اعتقل في منزله صباح اليوم.")
    ((kind, _text, speaker, label, cue),) = quotes(doc)
    assert (kind, speaker, cue) == ("indirect", None, "وقالت")
    assert label == "الشرطة المحلية"


def test_a_verb_after_an_unknown_subject_does_not_borrow_the_last_speaker(analyze_body):
    doc = analyze_body('وقال سيرغي لافروف إن "الحوار مستمر مع جميع الأطراف". '
                       'وكان الرجل الذي يقود التنظيم قد قال إن "الهدنة انتهت".')
    second = doc.quotes[-1]
    assert second.text == "الهدنة انتهت"
    lavrov = next(a.id for a in doc.actors if a.name == "سيرغي لافروف")
    assert second.speaker != lavrov
