"""Analyst corrections: the file format, every kind of correction, provenance, stale and
malformed files, idempotence, robustness to analysis changes, caching and the review file."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from generator import pipeline
from generator.build import build
from generator.builders.json_builder import briefing_data
from generator.corrections import ProjectCorrections, for_seed, parse
from generator.errors import ConfigError, InputError
from generator.pipeline import analyze
from generator.readers import reader_for
from generator.review import review
from generator.seed_files import read_seed_bytes
from generator.stages.corrections import correct_article, correct_facts

from .conftest import (
    PROJECT,
    SCRATCH,
    build_settings,
    fetch,
    page_once_it_shows,
    serving,
    write_seed,
)

# A hand-written article without a date: its first line is a kicker, the headline follows.
SEED = "\n\n".join([
    "لقاء في عمان",
    "محادثات أردنية مصرية حول الحل السياسي",
    "قال وزير الخارجية الأردني أيمن الصفدي أمس إن الحل السياسي هو الطريق الوحيد للأزمة.",
    "وأضاف الصفدي أن بلاده تدعم الحوار بين الأطراف كلها، مشيرا إلى أن الأمم المتحدة "
    "ستشارك في الجولة المقبلة.",
    "وقالت مصادر دبلوماسية إن الاجتماع المقبل سيعقد يوم الأحد في العاصمة.",
    "والتقى الصفدي نظيره المصري سامح شكري في عمان يوم 3 مارس، وقال شكري: «نحن نعمل معا "
    "من أجل السلام في المنطقة».",
    "ونقلت وكالة تسنيم عن دبلوماسي أن الوكالة علمت بموعد الاجتماع قبل أسبوع، وأن الوفد "
    "غادر اليوم.",
]) + "\n"


def corrected(tmp_path: Path, corrections: str | None, seed: str = SEED):
    """The seed analysed with ``corrections`` as its corrections file: (document, stale)."""
    path = write_seed(tmp_path, "article.txt", seed)
    if corrections is not None:
        write_seed(tmp_path, "article.corrections.yaml", corrections)
    raw = read_seed_bytes(path, str(path))
    entries = for_seed(path, str(path), raw.data, None)
    doc, _ = reader_for(path).read(raw, path.stem)
    return analyze(doc, entries), entries.stale


def actor(doc, name):
    return next((a for a in doc.actors if a.name == name), None)


def quote(doc, first_words):
    return next(q for q in doc.quotes if q.text.startswith(first_words))


def names(doc, ids):
    by_id = {a.id: a.name for a in doc.actors}
    return sorted(by_id[i] for i in ids)


def project(doc) -> dict:
    """The briefing with ids resolved to names (ids may differ between analyses)."""
    data = briefing_data(doc)
    by_id = {a["id"]: a["name"] for a in data["actors"]}
    return {
        "title": data["title"], "published": data["published"],
        "actors": sorted((a["name"], a["type"], a["aliases"], a["roles"],
                          sorted(by_id[x] for x in a["affiliations"]), a["mentions"])
                         for a in data["actors"]),
        "quotes": [(q["text"], q["kind"], by_id.get(q["speaker"]), q["speaker_label"])
                   for q in data["quotes"]],
        "events": [(e["when"], sorted(by_id[x] for x in e["actors"])) for e in data["events"]],
        "corrections": [(c["source"], c["change"], c["value"]) for c in data["corrections"]],
    }


# --- the article's metadata ---------------------------------------------------------------


def test_date_and_headline_apply_before_the_chronology(tmp_path):
    before, _ = corrected(tmp_path, None)
    assert before.published is None
    assert {e.when.text: e.when.value for e in before.events}["أمس"] is None
    doc, stale = corrected(tmp_path, "article:\n  title: محادثات أردنية مصرية حول الحل "
                                     "السياسي\n  date: 2021-03-06\n  note: من موقع الصحيفة\n")
    assert stale == []
    assert doc.title == "محادثات أردنية مصرية حول الحل السياسي"
    # the headline's line is the headline block, the kicker a sub-headline
    assert [b.kind for b in doc.blocks[:2]] == ["subtitle", "title"]
    when = {e.when.text: (e.when.value, e.when.granularity) for e in doc.events}
    assert when["أمس"] == ("2021-03-05", "day")
    assert when["3 مارس"] == ("2021-03-03", "day")
    assert when["قبل أسبوع"][0] is not None
    data = briefing_data(doc)
    assert data["published"] == "2021-03-06"
    assert [c["change"] for c in data["corrections"]] == ["title", "date"]
    assert data["corrected"] == [0, 1]
    assert data["corrections"][0]["note"] == "من موقع الصحيفة"


def test_outlet_and_url_and_a_title_not_in_the_text(tmp_path):
    doc, _ = corrected(tmp_path, "article:\n  title: عنوان من خارج النص\n  outlet: تسنيم\n"
                                 "  url: https://example.org/a\n")
    assert (doc.title, doc.outlet, doc.url) == ("عنوان من خارج النص", "تسنيم",
                                                "https://example.org/a")
    assert doc.blocks[0].kind == "title"


# --- actors -------------------------------------------------------------------------------


def test_rename_type_role_alias_and_affiliation(tmp_path):
    before, _ = corrected(tmp_path, None)
    assert len(actor(before, "وكالة تسنيم").mentions) == 1
    doc, stale = corrected(tmp_path, """
actors:
  - actor: الصفدي          # any form of the actor names it
    rename: أيمن حسين الصفدي
    roles: [نائب رئيس الوزراء]
    affiliations: الأمم المتحدة
  - actor: عمان
    type: organization
    note: هنا اسم الحكومة
  - actor: وكالة تسنيم
    aliases: [الوكالة]
""")
    assert stale == []
    safadi = actor(doc, "أيمن حسين الصفدي")
    assert safadi.key == "person:ايمن حسين الصفدي"
    assert safadi.roles == ["وزير الخارجية الأردني", "نائب رئيس الوزراء"]
    assert names(doc, safadi.affiliations) == ["الأمم المتحدة"]
    assert quote(doc, "إن الحل").speaker == safadi.id
    amman = actor(doc, "عمان")
    assert amman.type == "organization" and {m.type for m in amman.mentions} == {"organization"}
    paper = actor(doc, "وكالة تسنيم")
    assert paper.aliases == ["الوكالة"] and len(paper.mentions) == 2  # the alias found in text
    data = briefing_data(doc)
    marked = {a["name"]: a.get("corrected") for a in data["actors"]}
    assert marked["أيمن حسين الصفدي"] == [0, 1, 2] and marked["سامح شكري"] is None
    assert data["corrections"][3]["note"] == "هنا اسم الحكومة"


def test_merge_moves_mentions_quotes_and_events(tmp_path):
    doc, stale = corrected(tmp_path, "actors:\n  - actor: شكري\n    merge_into: الصفدي\n")
    assert stale == []
    assert actor(doc, "سامح شكري") is None
    safadi = actor(doc, "أيمن الصفدي")
    assert "سامح شكري" in safadi.aliases and len(safadi.mentions) == 5
    assert quote(doc, "نحن نعمل").speaker == safadi.id
    event = next(e for e in doc.events if e.when.text == "3 مارس")
    assert names(doc, event.actors) == ["أيمن الصفدي", "عمان"]


def test_merge_into_a_name_absent_here_gives_one_identity(tmp_path):
    doc, _ = corrected(tmp_path, "actors:\n  - actor: عمان\n    merge_into: العاصمة الأردنية\n")
    amman = actor(doc, "العاصمة الأردنية")
    assert amman.aliases == ["عمان"] and amman.key == "location:العاصمه الاردنيه"


def test_drop_removes_every_reference(tmp_path):
    doc, _ = corrected(tmp_path, "actors:\n  - actor: سامح شكري\n    drop: true\n")
    assert actor(doc, "سامح شكري") is None
    assert quote(doc, "نحن نعمل").speaker is None
    assert all("a2" not in e.actors for e in doc.events)
    data = briefing_data(doc)
    assert data["corrections"][0]["facts"] == [] and data["corrections"][0]["value"] == \
        "سامح شكري"


def test_an_added_actor_is_found_in_the_text(tmp_path):
    before, _ = corrected(tmp_path, None)
    assert actor(before, "الوفد") is None
    doc, stale = corrected(tmp_path, "actors:\n  - add: الوفد\n    type: organization\n"
                                     "    roles: [وفد التفاوض]\n")
    assert stale == []
    added = actor(doc, "الوفد")
    assert added.type == "organization" and added.roles == ["وفد التفاوض"]
    assert [m.text for m in added.mentions] == ["الوفد"]
    assert added.id not in {a.id for a in before.actors}
    # the event of its clause lists it
    assert added.id in next(e for e in doc.events if e.when.text == "اليوم").actors


# --- quotes -------------------------------------------------------------------------------


def test_quote_speakers_set_cleared_and_unnamed(tmp_path):
    doc, stale = corrected(tmp_path, """
quotes:
  - quote: أن بلاده تدعم
    speaker: سامح شكري
  - quote: «نحن نعمل معا
    speaker: null
  - quote: إن الاجتماع المقبل
    unnamed: دبلوماسيون عرب
""")
    assert stale == []
    q = quote(doc, "أن بلاده")
    assert (q.speaker, q.speaker_label) == (actor(doc, "سامح شكري").id, "سامح شكري")
    assert (quote(doc, "نحن نعمل").speaker, quote(doc, "نحن نعمل").speaker_label) == (None, "")
    assert (quote(doc, "إن الاجتماع").speaker,
            quote(doc, "إن الاجتماع").speaker_label) == (None, "دبلوماسيون عرب")
    # a speaker the analyst gave is not marked uncertain; a cleared one has no confidence
    assert q.confidence == 1.0 and quote(doc, "إن الاجتماع").confidence == 1.0
    assert quote(doc, "نحن نعمل").confidence is None


def test_quotes_dropped_added_and_made_key(tmp_path):
    doc, stale = corrected(tmp_path, """
quotes:
  - quote: إن الحل السياسي
    drop: true
  - add: الوكالة علمت بموعد الاجتماع قبل أسبوع
    speaker: وكالة تسنيم
    key: true
    note: نقلته الصحيفة عن دبلوماسي
""")
    assert stale == []
    assert not any(q.text.startswith("إن الحل") for q in doc.quotes)
    added = quote(doc, "الوكالة علمت")
    assert added.kind == "indirect" and added.speaker == actor(doc, "وكالة تسنيم").id
    assert added.rank == 1 and sorted(q.rank for q in doc.quotes) == list(
        range(1, len(doc.quotes) + 1))
    assert [q.start for q in doc.quotes] == sorted(q.start for q in doc.quotes)


def test_an_added_quote_in_quotation_marks_is_direct_and_replaces_an_overlapping_one(tmp_path):
    doc, _ = corrected(tmp_path, "quotes:\n  - add: نحن نعمل معا من أجل السلام\n")
    assert [q.text for q in doc.quotes if "نحن" in q.text] == ["نحن نعمل معا من أجل السلام"]
    assert quote(doc, "نحن نعمل").kind == "direct"


# --- events -------------------------------------------------------------------------------


def test_event_dates_set_cleared_and_dropped(tmp_path):
    doc, stale = corrected(tmp_path, """
article:
  date: 2021-03-06
events:
  - when: يوم الأحد
    date: 2021-W10
  - when: قبل أسبوع
    date: null
  - when: أمس
    in: الحل السياسي
    drop: true
""")
    assert stale == []
    when = {e.when.text: (e.when.value, e.when.granularity) for e in doc.events}
    assert when["يوم الأحد"] == ("2021-W10", "week")
    assert when["قبل أسبوع"] == (None, None)
    assert "أمس" not in when


# --- provenance on the page, idempotence, robustness ---------------------------------------

ALL_KINDS = """
article:
  title: محادثات أردنية مصرية حول الحل السياسي
  date: 2021-03-06
actors:
  - actor: شكري
    rename: سامح حسن شكري
  - actor: عمان
    merge_into: العاصمة الأردنية
  - actor: الأمم المتحدة
    drop: true
  - add: الوفد
    type: organization
  - actor: وكالة تسنيم
    aliases: الوكالة
quotes:
  - quote: أن بلاده تدعم
    speaker: سامح حسن شكري
    note: السياق يدل على شكري
  - quote: إن الاجتماع المقبل
    drop: true
  - add: الوكالة علمت بموعد الاجتماع
    unnamed: دبلوماسي
events:
  - when: قبل أسبوع
    date: 2021-02
  - when: اليوم
    drop: true
"""


def test_applying_twice_equals_applying_once(tmp_path):
    doc, stale = corrected(tmp_path, ALL_KINDS)
    assert stale == []
    once = json.dumps(briefing_data(doc), ensure_ascii=False)
    entries = for_seed(tmp_path / "article.txt", str(tmp_path / "article.txt"), b"", None)
    again = correct_facts(correct_article(doc, entries), entries)
    assert entries.stale == []  # what was dropped before is not "stale" now
    assert json.dumps(briefing_data(again), ensure_ascii=False) == once


def test_the_same_corrections_hold_when_the_analysis_changes(tmp_path, monkeypatch):
    expected = project(corrected(tmp_path, ALL_KINDS)[0])

    def changed_quotes(doc):
        """A different speaker ranker: no speakers, and the actors numbered backwards."""
        doc = original(doc)
        for q in doc.quotes:
            q.speaker, q.speaker_label = None, ""
        return doc

    def changed_actors(doc):
        doc = original_actors(doc)
        doc.actors.reverse()
        mapping = {a.id: f"a{i}" for i, a in enumerate(doc.actors, start=1)}
        for a in doc.actors:
            a.id = mapping[a.id]
            a.affiliations = [mapping[x] for x in a.affiliations]
        return doc

    stages = dict((name, fn) for name, fn, _ in pipeline.STAGES)
    original, original_actors = stages["quotes"], stages["actors"]
    monkeypatch.setattr(pipeline, "STAGES", [
        (name, {"quotes": changed_quotes, "actors": changed_actors}.get(name, fn), adds)
        for name, fn, adds in pipeline.STAGES])
    changed = project(corrected(tmp_path, ALL_KINDS)[0])
    # the corrected facts are the same; facts no correction touches may differ
    assert changed["title"] == expected["title"] and changed["published"] == \
        expected["published"]
    assert changed["actors"] == expected["actors"]
    assert changed["events"] == expected["events"]
    assert changed["corrections"] == expected["corrections"]
    fixed = ("أن بلاده", "الوكالة علمت")
    assert [q for q in changed["quotes"] if q[0].startswith(fixed)] == \
        [q for q in expected["quotes"] if q[0].startswith(fixed)]
    assert not any(q[0].startswith("إن الاجتماع") for q in changed["quotes"])


@pytest.mark.slow
def test_briefing_json_follows_the_schema_and_the_page_marks_corrections(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    write_seed(seeds, "article.txt", SEED)
    write_seed(seeds, "article.corrections.yaml", ALL_KINDS)
    report = build(build_settings(seeds=seeds, output=tmp_path / "out", pdf=False,
                                cache_dir=None, quiet=True))
    assert report.problems == [] and report.built == [str(seeds / "article.txt")]
    data = json.loads((tmp_path / "out/article/briefing.json").read_text(encoding="utf-8"))
    schema = json.loads((PROJECT / "schema/briefing.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    assert {c["source"].rsplit(":", 1)[0] for c in data["corrections"]} == {
        str(seeds / "article.corrections.yaml")}
    page = (tmp_path / "out/article/index.html").read_text(encoding="utf-8")
    assert page.count('class="corrected"') >= 5
    assert "ملاحظة المحلل: السياق يدل على شكري" in page
    assert 'id="corrections"' in page


# --- reported problems --------------------------------------------------------------------


def test_a_stale_correction_warns_with_file_and_line(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    write_seed(seeds, "article.txt", SEED)
    write_seed(seeds, "article.corrections.yaml",
               "actors:\n  - actor: الصفدي\n    roles: [وزير]\n"
               "  - actor: اسم لا يرد في المقال\n    drop: true\n"
               "events:\n  - when: غدا\n    drop: true\n")
    report = build(build_settings(seeds=seeds, output=tmp_path / "out", pdf=False,
                                cache_dir=None, quiet=True))
    corrections = seeds / "article.corrections.yaml"
    assert [str(p) for p in report.problems] == [
        f"{corrections}:4: warning: actor «اسم لا يرد في المقال» matches no actor of this "
        "briefing [correction-stale]",
        f"{corrections}:7: warning: no event of this briefing has the time expression «غدا» "
        "[correction-stale]",
    ]
    assert report.built == [str(seeds / "article.txt")]


@pytest.mark.parametrize(("text", "line", "message"), [
    ("actors:\n  - actor: [غير مغلق\n", 3, "not valid YAML"),
    ("actors:\n  - actor: الصفدي\n    colour: أحمر\n", 3, "unknown key 'colour'"),
    ("article:\n  date: 6 مارس\n", 2, "is not a date as YYYY-MM-DD"),
    ("events:\n  - when: أمس\n    date: الأمس\n", 3, "is not YYYY-MM-DD"),
    ("actors:\n  - actor: الصفدي\n    drop: true\n    rename: س\n", 3, "takes no other"),
    ("actors:\n  - add: الوفد\n", 2, "needs its type"),
    ("quotes:\n  - quote: إن\n    speaker: أ\n    unnamed: ب\n", 4, "not both"),
    ("actors:\n  - actor: أ\n    actor: ب\n", 3, "given twice"),
    ("article:\n  url: javascript:alert(1)\n", 2, "http"),
    ("sources:\n  - x\n", 1, "not a section"),
])
def test_malformed_files_are_errors_at_their_line(text, line, message):
    with pytest.raises(InputError) as caught:
        parse(text, "x.corrections.yaml")
    assert caught.value.line == line and message in str(caught.value)


def test_a_malformed_file_fails_only_its_seed(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    write_seed(seeds, "good.txt", SEED)
    write_seed(seeds, "bad.txt", SEED)
    write_seed(seeds, "bad.corrections.yaml", "actors:\n  - actor: الصفدي\n    type: إنسان\n")
    report = build(build_settings(seeds=seeds, output=tmp_path / "out", pdf=False,
                                cache_dir=None, quiet=True))
    assert report.failed == [str(seeds / "bad.txt")] and report.built == [
        str(seeds / "good.txt")]
    assert [str(p) for p in report.problems] == [
        f"{seeds / 'bad.corrections.yaml'}:3: error: type: 'إنسان' is not one of person, "
        f"organization, location; {seeds / 'bad.txt'} is left out [corrections]"]
    assert (tmp_path / "out/good/index.html").exists()
    assert not (tmp_path / "out/bad").exists()


def test_corrections_files_are_not_seeds_and_orphans_are_reported(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    write_seed(seeds, "article.txt", SEED)
    write_seed(seeds, "corrections.yaml", "actors:\n  - actor: الصفدي\n    roles: وزير\n")
    write_seed(seeds, "gone.corrections.yaml", "actors:\n")
    (seeds / "sub").mkdir()
    write_seed(seeds / "sub", "corrections.yaml", "actors:\n")
    report = build(build_settings(seeds=seeds, output=tmp_path / "out", pdf=False,
                                cache_dir=None, quiet=True))
    assert report.built == [str(seeds / "article.txt")] and report.skipped == []
    assert [(p.path, p.code) for p in report.problems] == [
        (str(seeds / "gone.corrections.yaml"), "correction-stale"),
        (str(seeds / "sub" / "corrections.yaml"), "correction-stale")]


# --- the project-wide file ------------------------------------------------------------------


def test_project_wide_corrections_apply_to_every_briefing(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    write_seed(seeds, "one.txt", SEED)
    write_seed(seeds, "two.txt", "خبر آخر\n\nوصل سامح شكري إلى بغداد في زيارة رسمية.\n")
    write_seed(seeds, "corrections.yaml", "actors:\n  - actor: سامح شكري\n"
               "    roles: [وزير الخارجية المصري]\n  - actor: اسم غائب\n    drop: true\n")
    report = build(build_settings(seeds=seeds, output=tmp_path / "out", pdf=False,
                                cache_dir=None, quiet=True))
    for name in ("one", "two"):
        data = json.loads((tmp_path / f"out/{name}/briefing.json").read_text(encoding="utf-8"))
        shoukry = next(a for a in data["actors"] if a["name"] == "سامح شكري")
        assert "وزير الخارجية المصري" in shoukry["roles"] and shoukry["corrected"]
    # stale only when no briefing at all matches
    assert [str(p) for p in report.problems] == [
        f"{seeds / 'corrections.yaml'}:4: warning: actor «اسم غائب» matches no actor of any "
        "briefing [correction-stale]"]


def test_a_malformed_project_file_stops_the_build(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    write_seed(seeds, "corrections.yaml", "article:\n  date: 2021-01-01\n")
    with pytest.raises(ConfigError) as caught:
        ProjectCorrections.load(seeds)
    assert caught.value.path == f"{seeds / 'corrections.yaml'}:1"


# --- caching ------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_changed_correction_rerenders_only_the_briefings_it_touches(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    write_seed(seeds, "one.txt", SEED)
    write_seed(seeds, "two.txt", "خبر آخر\n\nوصل سامح شكري إلى بغداد في زيارة رسمية.\n")
    write_seed(seeds, "three.txt", "خبر ثالث\n\nقال رئيس البلدية إن الطريق سيفتح غدا.\n")

    def run():
        return build(build_settings(seeds=seeds, output=tmp_path / "out", pdf=False,
                                  cache_dir=tmp_path / "cache", quiet=True))

    run()
    write_seed(seeds, "one.corrections.yaml", "article:\n  date: 2021-03-06\n")
    assert run().cached == {"render": 2}
    assert json.loads((tmp_path / "out/one/briefing.json").read_text(
        encoding="utf-8"))["published"] == "2021-03-06"
    # a project-wide entry about an actor of two briefings re-renders those two
    write_seed(seeds, "corrections.yaml", "actors:\n  - actor: سامح شكري\n    roles: وزير\n")
    assert run().cached == {"render": 1}
    assert run().cached == {"render": 3}


# --- the review file and the shipped example -----------------------------------------------


def test_review_writes_a_commented_starter_with_uncertain_items_first(tmp_path):
    path = write_seed(tmp_path, "article.txt", SEED)
    text = review(path)
    assert yaml.safe_load(text) == {"article": None, "actors": None, "quotes": None,
                                    "events": None}
    lines = text.splitlines()
    actors = [line for line in lines if line.startswith("  # - actor:")]
    # named once before named three times
    assert actors.index(next(x for x in actors if "الأمم المتحدة" in x)) < actors.index(
        next(x for x in actors if "أيمن الصفدي" in x))
    quotes = [line for line in lines if line.startswith("  # - quote:")]
    assert "مصادر دبلوماسية" in quotes[0] or "no speaker" in quotes[0]
    events = [line for line in lines if line.startswith("  # - when:")]
    assert all("no date" in line for line in events)  # the article has no date
    # uncommenting an entry gives a valid correction
    start = lines.index(actors[0])
    entry = "\n".join(line.replace("# ", "", 1) for line in lines[start:start + 2])
    assert parse("actors:\n" + entry + "\n", "x")[0].changes[0][0] == "rename"


def test_the_shipped_example_dates_the_seed():
    seed = PROJECT / "seeds" / "000_41286b5b96cfbe56.txt"
    raw = read_seed_bytes(seed, str(seed))
    doc, _ = reader_for(seed).read(raw, seed.stem)
    entries = for_seed(seed, str(seed), raw.data, None)
    doc = analyze(doc, entries)
    assert entries.stale == []
    assert doc.published.isoformat() == "2021-07-31"
    # the reader already keeps the first line as the kicker; the correction agrees with it
    assert doc.blocks[0].kind == "kicker" and doc.title == doc.block_text(doc.blocks[1])
    when = {e.when.text: e.when.value for e in doc.events}
    assert when["اليوم السبت"] == "2021-07-31"
    assert when["19 يوليو"] == "2021-07-19"
    assert when["الأسبوع الماضي"] == "2021-W29"  # the ISO week before 2021-W30


def test_the_readme_example_applies_to_the_seed_without_stale_entries(tmp_path):
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    example = readme.split("```yaml\narticle:", 1)[1].split("```", 1)[0]
    seed = write_seed(tmp_path, "seed.txt",
                      (PROJECT / "seeds" / "000_41286b5b96cfbe56.txt").read_bytes())
    write_seed(tmp_path, "seed.corrections.yaml", "article:" + example)
    raw = read_seed_bytes(seed, str(seed))
    doc, _ = reader_for(seed).read(raw, seed.stem)
    entries = for_seed(seed, str(seed), raw.data, None)
    doc = analyze(doc, entries)
    assert entries.stale == []
    changed = {(c.target, c.change) for c in doc.corrections}
    assert {("actor", "add"), ("quote", "add"), ("quote", "speaker"), ("event", "drop")} <= \
        changed


@pytest.mark.slow
def test_serve_rebuilds_when_a_seeds_corrections_change(tmp_path):
    seed = write_seed(tmp_path, "article.txt", SEED)  # one seed file: its folder is not watched
    options = build_settings(seeds=seed, output=tmp_path / "out", pdf=False,
                           cache_dir=tmp_path / "cache", jobs=1, quiet=True)
    with serving(options) as site:
        url = site + "article/index.html"
        assert "عنوان المحلل" not in fetch(url)
        write_seed(tmp_path, "article.corrections.yaml", "article:\n  title: عنوان المحلل\n")
        assert "عنوان المحلل" in page_once_it_shows(url, "عنوان المحلل")


@pytest.mark.slow
def test_hostile_corrections_files_are_errors_not_crashes():
    with pytest.raises(InputError, match="nested too deeply"):
        parse("actors: " + "[" * 20000 + "]" * 20000, "x.corrections.yaml")
    with pytest.raises(InputError, match="mapping"):
        parse("- just a list\n", "x.corrections.yaml")


@pytest.mark.slow
def test_the_pdf_shows_the_mark_and_the_note(tmp_path):
    import re
    import subprocess

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    write_seed(seeds, "article.txt", SEED)
    write_seed(seeds, "article.corrections.yaml",
               "actors:\n  - actor: سامح شكري\n    roles: [وزير الخارجية]\n"
               "    note: من بيان الوزارة\n")
    build(build_settings(seeds=seeds, output=tmp_path / "out", pdf=True, cache_dir=None,
                       quiet=True))
    text = subprocess.run(["pdftotext", str(tmp_path / "out/article/article.pdf"), "-"],
                          capture_output=True, text=True, check=True, timeout=120).stdout
    plain = re.sub("[\u200e\u200f\u202a-\u202e]", "", " ".join(text.split()))
    assert "من بيان الوزارة" in plain
    assert "تصحيحات المحلل" in plain


@pytest.mark.slow
def test_review_command_writes_beside_the_seed_and_keeps_an_existing_file(tmp_path):
    import subprocess
    import sys

    seed = write_seed(tmp_path, "article.txt", SEED)

    def review_cmd(*args):
        return subprocess.run([sys.executable, "-m", "generator", "review", str(seed), *args],
                              cwd=SCRATCH, capture_output=True, text=True, timeout=300)

    first = review_cmd()
    target = tmp_path / "article.corrections.yaml"
    assert first.returncode == 0 and target.read_text(encoding="utf-8").startswith(
        "# Corrections for")
    target.write_text("article:\n  date: 2021-03-06\n", encoding="utf-8")
    again = review_cmd()
    assert again.returncode == 2 and f"{target}: error: {target} exists" in again.stderr
    assert target.read_text(encoding="utf-8") == "article:\n  date: 2021-03-06\n"
    printed = review_cmd("--output", "-")
    assert printed.returncode == 0 and printed.stdout.startswith("# Corrections for")


def test_an_actor_to_add_inside_another_actors_name_says_so(tmp_path):
    _, stale = corrected(tmp_path, "actors:\n  - add: تسنيم\n    type: organization\n",
                         seed=SEED.replace("أن الوكالة علمت", "أنها علمت"))
    assert [p.message for p in stale] == [
        "actor «تسنيم» to add is only inside other actors' names (rename or merge those "
        "instead)"]
