"""Who said it: candidate speakers and the trained ranker, on hand-written sentences.

Each test is one pattern of Arabic news attribution; the names are invented.
"""

import json

import pytest

from generator.stages.quotes import fragment
from generator.stages.speakers import MODEL_PATH, SpeakerModel, speaker_model


def said(doc):
    """(quote text, speaker name or unnamed label) in text order."""
    names = {a.id: a.name for a in doc.actors}
    return [(q.text, names.get(q.speaker) or q.speaker_label) for q in doc.quotes]


def test_the_shipped_model_loads_and_scores_between_0_and_1():
    model = speaker_model()
    assert model is not None and model.trees
    for features in ({}, {"sdist0": 1.0, "adjacent_after": 1.0, "rule": 1.0}):
        assert 0.0 < model.probability(features) < 1.0
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    assert "train" in data["trained_on"]


def test_the_subject_right_after_the_verb_outranks_a_distant_name():
    model = speaker_model()
    subject = {"type_person": 1.0, "sdist0": 1.0, "after": 1.0, "adjacent_after": 1.0,
               "near_after": 1.0, "first_after": 1.0, "log_dist": 0.69, "agree": 1.0,
               "cue_verb": 1.0, "rule": 1.0, "rule_found": 1.0, "previous_quote_gap": 5.0}
    distant = {"type_person": 1.0, "sdist3": 1.0, "log_dist": 4.1, "agree": 1.0,
               "cue_verb": 1.0, "rule_found": 1.0, "previous_quote_gap": 5.0}
    assert model.probability(subject) > 0.8 > model.probability(distant)


def test_a_tree_is_walked_left_when_the_feature_is_at_most_the_threshold():
    model = SpeakerModel({"features": ["a"], "base": 0.0, "learning_rate": 1.0,
                          "threshold": 0.5, "trees": [{"left": [1, -1, -1],
                                                       "right": [2, -1, -1],
                                                       "feature": [0, 0, 0],
                                                       "threshold": [0.5, 0, 0],
                                                       "value": [0, -2.0, 2.0]}]})
    assert model.probability({"a": 0.0}) < 0.5 < model.probability({"a": 1.0})


def test_a_feminine_cue_goes_to_the_woman_named_before(analyze_body):
    doc = analyze_body("التقت الوزيرة سلمى الخطيب بالسفير جون ميلر في العاصمة. "
                       "وقالت إن «المحادثات كانت مثمرة جدا وستستمر الأسبوع المقبل».")
    assert said(doc) == [("المحادثات كانت مثمرة جدا وستستمر الأسبوع المقبل", "سلمى الخطيب")]


def test_a_woman_after_a_title_is_a_speaker_even_unrecognized(analyze_body):
    doc = analyze_body("وقال السفير جون ميلر إن «الزيارة كانت ناجحة في كل المقاييس». "
                       "وقالت وزيرة الخارجية سلمى الخطيب إن «المحادثات كانت مثمرة جدا». "
                       "وأضافت أن «الجولة المقبلة ستعقد في الربيع».")
    speakers = [speaker for _, speaker in said(doc)]
    assert speakers == ["جون ميلر", "سلمى الخطيب", "سلمى الخطيب"]


def test_a_feminine_participle_does_not_continue_a_man_named_sentences_ago(analyze_body):
    doc = analyze_body("ونقلت الوكالة عن القيادي سامر العلي قوله إن «الهدنة انتهت ولن تعود». "
                       "وتعرضت المدينة لقصف عنيف طوال الليل. واستمرت الاشتباكات حتى الصباح. "
                       "وفي المقابل تبدي الحكومة رغبتها في التهدئة، مشيرة إلى أنها ترحب "
                       "بأي مساع للحوار.")
    assert said(doc)[0][1] == "سامر العلي"
    assert said(doc)[-1][1] != "سامر العلي"


def test_a_role_chain_credits_the_person_not_the_role(analyze_body):
    doc = analyze_body("وكان المتحدث باسم الحركة الشعبية خالد المنصوري قد قال إن "
                       "«الحركة لن تشارك في الانتخابات المقبلة».")
    assert said(doc) == [("الحركة لن تشارك في الانتخابات المقبلة", "خالد المنصوري")]


def test_a_statement_is_credited_to_the_body_that_issued_it(analyze_body):
    doc = analyze_body("وقالت وزارة الصحة في بيان إن عدد الإصابات ارتفع إلى مئة حالة في المدينة.")
    [(text, speaker)] = said(doc)
    assert speaker == "وزارة الصحة"
    assert "عدد الإصابات ارتفع" in text


def test_a_bare_head_noun_is_the_organization_named_with_it(analyze_body):
    doc = analyze_body("وحذرت منظمة الإغاثة الدولية، الأحد، من تفشي الأوبئة في المخيمات. "
                       "وقال وزير الصحة سامي نادر إن الوضع تحت السيطرة تماما. "
                       "وقالت المنظمة إن آلاف العائلات تحتاج إلى مساعدات عاجلة.")
    assert said(doc)[-1] == ("إن آلاف العائلات تحتاج إلى مساعدات عاجلة", "منظمة الإغاثة الدولية")


def test_a_relay_is_credited_to_the_source_not_the_medium(analyze_body):
    doc = analyze_body("ونقلت وكالة الأنباء الرسمية عن وزير المالية أحمد الراشد قوله إن "
                       "«الميزانية ستقر الشهر المقبل».")
    assert said(doc) == [("الميزانية ستقر الشهر المقبل", "أحمد الراشد")]


def test_a_continuation_in_the_next_sentence_keeps_the_speaker(analyze_body):
    doc = analyze_body("وقال رئيس البلدية سامر العلي إن «الطرق ستفتح غدا أمام السيارات». "
                       "وأضاف أن «الفرق تعمل ليلا ونهارا لإصلاح الأضرار».")
    assert [speaker for _, speaker in said(doc)] == ["سامر العلي", "سامر العلي"]


def test_a_quote_split_by_adaf_is_two_quotes_of_one_speaker(analyze_body):
    doc = analyze_body('وقال الوزير فادي حداد إن "الاتفاق جاهز للتوقيع منذ أسابيع"، '
                       'وأضاف "ننتظر رد الطرف الآخر خلال أيام".')
    assert said(doc) == [("الاتفاق جاهز للتوقيع منذ أسابيع", "فادي حداد"),
                         ("ننتظر رد الطرف الآخر خلال أيام", "فادي حداد")]


@pytest.mark.parametrize("body", [
    'وانتقد النائب ما يسمى "المجلس الانتقالي" في كلمته أمام البرلمان.',
    'وقال النائب إن الحملة التي أطلقت تحت شعار "معا للبناء" لم تنجح.',
    'وانتقد النائب "الصمت" الرسمي إزاء الأزمة.',
])
def test_scare_quotes_around_a_name_or_term_are_no_quote(analyze_body, body):
    doc = analyze_body(body)
    assert all(q.kind != "direct" for q in doc.quotes)


def test_an_unnamed_source_keeps_its_full_description(analyze_body):
    doc = analyze_body('وقال مصدر في ما يسمى "هيئة الدفاع الشعبي" إن الهجوم سيستمر أياما.')
    [quote] = doc.quotes
    assert quote.speaker is None
    assert quote.speaker_label == 'مصدر في ما يسمى "هيئة الدفاع الشعبي"'


def test_reported_speech_ends_before_the_journalists_comment(analyze_body):
    doc = analyze_body("وقالت الحكومة إنها لا تريد تصعيدا مع جيرانها في إعلان يبدو موجها "
                       "للداخل.")
    [quote] = doc.quotes
    assert quote.text == "إنها لا تريد تصعيدا مع جيرانها"


def test_a_verb_in_a_relative_clause_reports_nothing(analyze_body):
    doc = analyze_body("وصل القائد إلى المدينة حاملا رسالة من الزعيم يدعو فيها أنصاره "
                       "للتظاهر ضد الحكومة في الساحات.")
    assert doc.quotes == []


def test_a_pull_quote_in_the_title_is_listed_once(analyze_body):
    doc = analyze_body('وقال الوزير فادي حداد إن "الاتفاق جاهز للتوقيع منذ أسابيع".',
                       title='حداد: "الاتفاق جاهز للتوقيع منذ أسابيع"')
    assert [q.text for q in doc.quotes] == ["الاتفاق جاهز للتوقيع منذ أسابيع"]


def test_the_key_quote_is_never_a_fragment(analyze_body):
    # the short direct quote comes first and is direct: by length, position and kind alone
    # it would be the key quote
    doc = analyze_body('وقال الوزير فادي حداد إن الوفد سيعود إلى البلاد "قريبا جدا". '
                       "وأضاف حداد أن المفاوضات انتهت.")
    key = min(doc.quotes, key=lambda q: q.rank)
    assert "قريبا جدا" in [q.text for q in doc.quotes]
    assert key.text != "قريبا جدا" and not fragment(key)


def test_an_uncertain_attribution_is_ranked_after_sure_ones():
    from generator.model import Document, Quote
    from generator.stages.quotes import _rank

    text = "نص " * 50
    sure = Quote("q1", "المفاوضات انتهت بعد ثلاثة أيام", "indirect", None, "مصدر", "قال",
                 90, 120, "s2", confidence=0.9)
    unsure = Quote("q2", "الاتفاق جاهز للتوقيع منذ أسابيع طويلة جدا", "direct", None, "مصدر",
                   "قال", 0, 40, "s1", confidence=0.2)
    _rank(Document("d", "d.txt", "t", text, []), [sure, unsure])
    assert (sure.rank, unsure.rank) == (1, 2)


@pytest.mark.parametrize(("text", "is_fragment"), [
    ("قريبا جدا", True),
    ("فيها أنصاره للتظاهر ضد الحكومة في الساحات", True),
    ("والتي ستعقد في الربيع المقبل في العاصمة", True),
    ("المفاوضات انتهت بعد ثلاثة أيام من النقاش", False),
])
def test_fragments(text, is_fragment):
    from generator.model import Quote

    quote = Quote("q1", text, "direct", None, "مصدر", "قال", 0, len(text), "s1")
    assert fragment(quote) is is_fragment


def test_every_attribution_has_a_confidence_and_none_without_a_speaker(analyze_body):
    doc = analyze_body("وقال رئيس البلدية سامر العلي إن «الطرق ستفتح غدا أمام السيارات».")
    for q in doc.quotes:
        if q.speaker or q.speaker_label:
            assert 0.0 <= q.confidence <= 1.0
        else:
            assert q.confidence is None
