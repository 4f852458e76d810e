"""Actors on hand-written sentences: merging, types, roles, affiliations, exclusions."""

import pytest

from generator.model import Mention
from generator.ner.tagger import EntityTagger, spans
from generator.stages.coreference import merge_mentions
from generator.stages.mentions import split_joined_names


def by_name(doc):
    return {a.name: a for a in doc.actors}


def test_shipped_model_loads_and_tags_a_sentence():
    tagger = EntityTagger()
    tokens = ["وقال", "الرئيس", "الأمريكي", "جو", "أوباما", "في", "واشنطن", "إن"]
    tags = tagger.tag(tokens)
    assert len(tags) == len(tokens)
    assert (3, 5, "PERS") in spans(tags)
    assert (6, 7, "LOC") in spans(tags)


def test_bio_spans_open_on_stray_inside_tags():
    assert spans(["O", "I-PERS", "I-PERS", "B-LOC", "O"]) == [(1, 3, "PERS"), (3, 4, "LOC")]


def test_full_name_and_surname_are_one_actor_with_a_role(analyze_body):
    doc = analyze_body("وقال الرئيس الأمريكي باراك أوباما إن بلاده ستواصل دعمها. "
                       "وأكد أوباما أن القوات الأمريكية ستبقى.")
    actor = by_name(doc)["باراك أوباما"]
    assert actor.type == "person"
    assert actor.aliases == ["أوباما"]
    assert actor.roles == ["الرئيس الأمريكي"]
    assert len(actor.mentions) == 2
    # a generic group with a nationality adjective is not an actor
    assert not any("القوات" in a.name for a in doc.actors)


def test_clitics_and_spelling_variants_merge(analyze_body):
    doc = analyze_body("زار الوزير العراق أمس. وفي العراق التقى المسؤولين. "
                       "وقال إن والعراق بلد مهم.")
    places = [a for a in doc.actors if a.type == "location"]
    assert [a.name for a in places] == ["العراق"]
    assert len(places[0].mentions) == 3


def test_merge_mentions_by_surname_and_type_majority():
    def m(text, kind, start):
        return Mention(start, start + len(text), text, kind, "s1")

    groups = merge_mentions([m("سيرغي لافروف", "person", 0), m("لافروف", "person", 40),
                             m("لافروف", "location", 80), m("موسكو", "location", 120)])
    assert sorted(sorted(x.text for x in g) for g in groups) == [
        ["سيرغي لافروف", "لافروف", "لافروف"], ["موسكو"]]
    assert {x.type for g in groups for x in g if "لافروف" in x.text} == {"person"}


def test_two_people_with_different_names_stay_apart(analyze_body):
    doc = analyze_body("التقى سيرغي لافروف مع مايك بومبيو في موسكو.")
    names = {a.name for a in doc.actors if a.type == "person"}
    assert {"سيرغي لافروف", "مايك بومبيو"} <= names


def test_apposition_role(analyze_body):
    doc = analyze_body("وقال مايك بومبيو، وزير الخارجية الأمريكي، إن المحادثات مفيدة.")
    assert by_name(doc)["مايك بومبيو"].roles == ["وزير الخارجية الأمريكي"]


def test_affiliation_from_role_nationality(analyze_body):
    doc = analyze_body("وقال الرئيس الأمريكي باراك أوباما في واشنطن إن الولايات المتحدة لن تتراجع.")
    biden = by_name(doc)["باراك أوباما"]
    assert by_name(doc)["الولايات المتحدة"].id in biden.affiliations


def test_nationality_adjective_alone_is_not_an_actor(analyze_body):
    doc = analyze_body("وقال المسؤول الإيراني إن الأمريكيين لا يريدون الحرب.")
    assert not any(a.name in ("الإيراني", "الأمريكيين") for a in doc.actors)


def test_actor_ids_follow_salience(analyze_body):
    doc = analyze_body("قال سيرغي لافروف إن موسكو مستعدة. وأضاف لافروف أن لافروف سيزور بكين.")
    assert doc.actors[0].name == "سيرغي لافروف"
    assert [a.id for a in doc.actors] == [f"a{i}" for i in range(1, len(doc.actors) + 1)]


def test_cross_briefing_identity_merges_surnames_only_when_unambiguous():
    from generator.identity import merge_keys

    merged = merge_keys(["person:باراك أوباما", "person:أوباما", "location:أوباما",
                         "person:نوري المالكي", "person:المالكي",
                         "person:محمد بن سلمان", "person:خالد بن سلمان", "person:سلمان"])
    assert merged["person:أوباما"] == "person:باراك أوباما"
    assert merged["location:أوباما"] == "location:أوباما"  # another type, another entity
    assert merged["person:المالكي"] == "person:نوري المالكي"
    # two people share the surname: the surname alone could be either, so it stays apart
    assert merged["person:سلمان"] == "person:سلمان"
    assert merged["person:محمد بن سلمان"] != merged["person:خالد بن سلمان"]


def test_actor_key_is_independent_of_other_articles(analyze_body):
    doc = analyze_body("وقال الرئيس الأمريكي باراك أوباما إن بلاده ستواصل دعمها.")
    from generator.arabic import name_key

    assert any(a.key == "person:" + name_key("باراك أوباما") for a in doc.actors)


def test_titles_alone_are_not_people(analyze_body):
    doc = analyze_body("وكان الوزيران قد التقيا في فيينا، وقال المسؤولون إن الوزير سيعود.")
    assert not any(a.name in ("الوزيران", "المسؤولون", "الوزير") for a in doc.actors)


def test_a_seat_named_for_its_institution_is_an_organization(analyze_body):
    doc = analyze_body("وقال البيت الأبيض إن الطائرة غادرت، فيما صمت الكرملين.")
    names = {a.name: a.type for a in doc.actors}
    assert names.get("البيت الأبيض") == "organization"
    assert names.get("الكرملين") == "organization"
    assert doc.quotes[0].speaker == next(a.id for a in doc.actors if a.name == "البيت الأبيض")


def test_news_outlets_are_organizations_and_keep_their_whole_name(analyze_body):
    doc = analyze_body("ونقلت وكالة رويترز عن مصدر قوله إن الاجتماع انتهى. "
                       "وذكر موقع روسيا اليوم أن الوفد غادر.")
    kinds = {a.name: a.type for a in doc.actors}
    assert kinds.get("رويترز", kinds.get("وكالة رويترز")) == "organization"
    assert kinds.get("روسيا اليوم") == "organization"
    assert "روسيا" not in kinds  # the outlet, not the country


def test_a_country_and_its_other_name_are_one_actor(analyze_body):
    doc = analyze_body("وقالت الولايات المتحدة إنها سترد. وتتهم طهران أميركا بالتصعيد.")
    places = [a for a in doc.actors if a.type == "location" and a.name != "طهران"]
    assert [(a.name, a.aliases) for a in places] == [("الولايات المتحدة", ["أميركا"])]


def test_a_country_that_looks_like_an_adjective_is_an_actor(analyze_body):
    doc = analyze_body("وأعلنت السعودية أمس أنها ستستضيف القمة في الرياض.")
    assert {"السعودية", "الرياض"} <= {a.name for a in doc.actors if a.type == "location"}


def test_names_lose_event_nouns_and_attached_prepositions(analyze_body):
    doc = analyze_body("وأثارت زيارة رجب طيب أردوغان جدلا واسعا. "
                       "ووصل أردوغان لبغداد مساء الأحد.")
    names = [a.name for a in doc.actors]
    assert "رجب طيب أردوغان" in names
    assert not any(n.startswith("زيارة") or n.endswith("لبغداد") for n in names)


def test_pejorative_phrases_are_not_actors(analyze_body):
    doc = analyze_body("وقالت الوزارة إن قوات الاحتلال اقتحمت القرية فجرا.")
    assert not any("الاحتلال" in a.name for a in doc.actors)


def test_role_without_clitic_and_not_over_another_person(analyze_body):
    doc = analyze_body("واجتمع رئيس الوزراء العراقي حيدر العبادي ووزير الخارجية في حكومته "
                       "إبراهيم الجعفري بالسفير الأمريكي دوغلاس سيليمان في بغداد.")
    people = by_name(doc)
    assert people["إبراهيم الجعفري"].roles == ["وزير الخارجية في حكومته"]
    assert people["دوغلاس سيليمان"].roles == ["السفير الأمريكي"]


def test_led_by_links_a_person_to_the_force_and_a_force_to_a_country(analyze_body):
    doc = analyze_body("وقصف التحالف الدولي بقيادة الولايات المتحدة مواقع التنظيم، فيما "
                       "تقدم الجيش الوطني الليبي بقيادة المشير خليفة حفتر نحو المدينة.")
    actors = by_name(doc)
    assert actors["الولايات المتحدة"].id in actors["التحالف الدولي"].affiliations
    assert actors["التحالف الدولي"].id not in actors["الولايات المتحدة"].affiliations
    assert actors["الجيش الوطني الليبي"].id in actors["خليفة حفتر"].affiliations


def test_part_of_links_the_smaller_body_to_the_larger(analyze_body):
    doc = analyze_body("وقال قائد لواء الفتح التابع للحرس الوطني إن قواته مستعدة.")
    actors = by_name(doc)
    assert actors["الحرس الوطني"].id in actors["لواء الفتح"].affiliations


def test_tag_probabilities_are_the_crf_marginals():
    import numpy as np

    from generator.ner.tagger import default_tagger, marginals

    rng = np.random.default_rng(0)
    scores, trans = rng.normal(size=(2, 5, 3)), rng.normal(size=(3, 3))
    probs = marginals(scores, np.array([5, 3]), trans, np.zeros(3), np.zeros(3))
    assert np.allclose(probs[0].sum(axis=1), 1.0)
    assert np.allclose(probs[1, :3].sum(axis=1), 1.0) and not probs[1, 3:].any()
    tokens = ["وقال", "الرئيس", "الأمريكي", "جو", "أوباما", "في", "واشنطن"]
    [(tags, confidence)] = default_tagger().tag_with_confidence([tokens])
    assert tags == default_tagger().tag(tokens)
    assert all(0.0 < p <= 1.0 + 1e-6 for p in confidence)


def test_gold_actors_become_mention_tags_with_clitics(tmp_path):
    import json

    from generator.train import project_gold

    article = {"id": "a1", "title": "زيارة إلى بيروت", "abstract": "",
               "text": "وصل سمير قصير لبيروت أمس.\nوقال قصير إن وبيروت جميلة."}
    gold = [{"id": "a1", "actors": [
        {"name": "سمير قصير", "type": "PERSON", "aliases": ["قصير"]},
        {"name": "بيروت", "type": "LOCATION", "aliases": []}]}]
    (tmp_path / "a.jsonl").write_text(json.dumps(article, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "g.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    tagged = {tuple(t): g for t, g in project_gold(tmp_path / "a.jsonl", tmp_path / "g.json")}
    assert tagged[("وصل", "سمير", "قصير", "لبيروت", "أمس", ".")] == [
        "O", "B-PERS", "I-PERS", "B-LOC", "O", "O"]
    assert tagged[("وقال", "قصير", "إن", "وبيروت", "جميلة", ".")] == [
        "O", "B-PERS", "O", "B-LOC", "O", "O"]
    assert tagged[("زيارة", "إلى", "بيروت")] == ["O", "O", "B-LOC"]


def test_spelling_variants_and_a_first_name_alone_join_the_full_name():
    def m(text, start):
        return Mention(start, start + len(text), text, "person", "s1")

    groups = merge_mentions([m("كيم يونغ أون", 0), m("كيم يونج أون", 30), m("كيم", 60),
                             m("سامر خليل", 90), m("سامر", 120)])
    assert sorted(len(g) for g in groups) == [2, 3]


def test_a_first_name_shared_by_two_people_stays_apart():
    def m(text, start):
        return Mention(start, start + len(text), text, "person", "s1")

    groups = merge_mentions([m("سامر خليل", 0), m("سامر حداد", 30), m("سامر", 60)])
    assert len(groups) == 3


def test_two_names_side_by_side_are_two_people():
    # «والتقى منير العطار رامي الحسن»: subject and object with nothing between
    text = "منير العطار رامي الحسن"
    joined = Mention(100, 100 + len(text), text, "person", "s3", 0.9)
    alone = [Mention(0, 11, "منير العطار", "person", "s1"), Mention(40, 50, "رامي الحسن",
                                                                      "person", "s2")]
    split = split_joined_names([*alone, joined])
    assert [(m.text, m.start, m.end) for m in split[2:]] == [
        ("منير العطار", 100, 111), ("رامي الحسن", 112, 122)]
    # a long name whose halves are not used alone stays whole
    assert split_joined_names([joined]) == [joined]


def test_met_with_names_two_actors(analyze_body):
    doc = analyze_body("قال وزير النقل منير العطار إن الطريق سيفتح قريبا. وقال رئيس البلدية "
                       "رامي الحسن إن العمل بدأ. والتقى منير العطار رامي الحسن في المدينة أمس.")
    names = by_name(doc)
    assert "منير العطار" in names and "رامي الحسن" in names
    assert not any(len(name.split()) >= 4 for name in names)


def test_a_nationality_adjective_completes_a_states_name(analyze_body):
    # after a city it places the city («حمص السورية» is حمص); after a state's head noun it
    # is part of the name
    doc = analyze_body("وصل الوفد إلى شبه الجزيرة الكورية أمس، ثم زار المملكة العربية "
                       "السعودية قبل أن يعود إلى حمص السورية.")
    names = by_name(doc)
    assert "شبه الجزيرة الكورية" in names and "شبه الجزيرة" not in names
    assert "حمص" in names and "حمص السورية" not in names


def test_a_clitic_before_an_organizations_head_noun_is_not_its_name(analyze_body):
    doc = analyze_body("وأرسلت الشرطة الملف لمكتب التحقيقات الفيدرالي أمس. وقالت وزارة الدفاع "
                       "إن وقوات التحالف الدولي ستنسحب من المدينة.")
    names = by_name(doc)
    assert "مكتب التحقيقات الفيدرالي" in names
    assert not any(name.startswith(("لمكتب", "وقوات")) for name in names)


@pytest.mark.parametrize("body", ["وحصل الرئيس على دعم الوزير سالم الدهماني في الاجتماع.",
                                  "وتحدث الرئيس إلى الوزير سالم الدهماني أمس."])
def test_a_preposition_ends_the_title_read_back_from_a_name(analyze_body, body):
    # «على»/«إلى» are in the stop words in any spelling (they are normalized when loaded)
    doc = analyze_body(body)
    assert [(a.name, a.roles) for a in doc.actors] == [("سالم الدهماني", ["الوزير"])]


def test_an_envoy_to_a_place_keeps_the_place_in_the_title(analyze_body):
    doc = analyze_body("وقال المبعوث الأممي إلى سوريا جون سميث للصحفيين إن المحادثات ستستمر.")
    assert by_name(doc)["جون سميث"].roles == ["المبعوث الأممي إلى سوريا"]
