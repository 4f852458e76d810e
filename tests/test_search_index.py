"""The sharded search index answers every query as a scan over the whole folded texts would:
a query word anywhere in the text (inside a word too: Arabic glues clitics on), every word;
when no entry has them all, the word skeletons («أمريكا/أميركا»)."""

from __future__ import annotations

import random
import re

import numpy as np
import pytest

from generator import search_index
from generator.arabic import search_key
from generator.arabic import search_skeleton as skeleton
from generator.search_index import SearchIndex, decode, encode, encode_all, write_index

# invented words: stems with spelling variants, clitics to glue on them, filler
STEMS = ["مدينة", "أمريكا", "أميركا", "ترامب", "ترمب", "حكومة", "مؤتمر", "اتفاق", "سلام",
         "زراعة", "مستشفى", "الأمم", "قمح", "مياه", "إسكندرية", "شتاء", "مُعلّم", "بحيرة",
         "طريق", "٢٠٢٤", "Oslo"]
CLITICS = ["", "", "و", "ب", "ال", "وال", "لل", "فـ"]
FILLER = ["في", "من", "على", "إلى", "قال", "أن", "هذا", "عام", "ثم"]


def invented_entries(count: int, seed: int) -> list[tuple[str, dict]]:
    rng = random.Random(seed)
    entries = []
    for i in range(count):
        text = " ".join(rng.choice(CLITICS) + rng.choice(STEMS) if rng.random() < 0.5
                        else rng.choice(FILLER) for _ in range(rng.randint(1, 25)))
        entries.append((search_key(text), {"type": "briefing", "t": f"خبر {i}", "u": f"{i}.html",
                                           "d": None, "s": [["s1", text]]}))
    return entries


def scan(entries: list[tuple[str, dict]], query: str) -> list[int]:
    """What the page did with one whole index: a substring test over every folded text."""
    words = search_key(query).split()
    hits = [i for i, (key, _) in enumerate(entries) if all(w in key for w in words)]
    if hits:
        return hits
    skeletons = [skeleton(w) for w in words]
    return [i for i, (key, _) in enumerate(entries)
            if all(s in " ".join(skeleton(t) for t in key.split()) for s in skeletons)]


def queries(seed: int) -> list[str]:
    rng = random.Random(seed)
    spelled = [c + s for c in CLITICS for s in STEMS]
    picked = rng.sample(spelled, 40)
    return (picked + STEMS + FILLER
            + [w[1:4] for w in rng.sample(spelled, 20)]  # inside words
            + [a + " " + b for a, b in zip(picked, reversed(picked), strict=True)]
            + ["ا", "ال", "م", "أَمريكا", "امريكا", "ترمب", "ميركا", "زلزال", "ومدينه",
               "مستشفي", "oslo", "2024", "مياه زلزال"])


@pytest.mark.parametrize("leaf_bytes", [200, 1_000_000])  # a deep tree, and one of leaves
def test_the_shards_answer_as_a_scan_of_every_text(tmp_path, monkeypatch, leaf_bytes):
    monkeypatch.setattr(search_index, "LEAF_BYTES", leaf_bytes)
    entries = invented_entries(300, seed=1)  # the last 100 as actors, 32 to a file
    assert write_index(iter(entries[:200]), iter(entries[200:]), tmp_path) == 300
    inner = list((tmp_path / "w").glob("*.all.json"))
    assert bool(inner) == (leaf_bytes == 200)
    index = SearchIndex(tmp_path)
    for query in queries(seed=2):
        expected = scan(entries, query)
        answer = index.query(query)
        assert answer.total == len(expected), query
        assert [hit["t"] for hit in answer.shown] == [entries[i][1]["t"] for i in expected[:50]]


def test_a_spelling_variant_finds_the_other_spelling_only_when_nothing_matches(tmp_path):
    entries = [(search_key(t), {"t": t}) for t in
               ("زار الرئيس أميركا أمس", "وصل الوفد إلى أمريكا", "قال ترمب إن الاتفاق قريب")]
    write_index(iter(entries), [], tmp_path)
    index = SearchIndex(tmp_path)
    assert [h["t"] for h in index.query("امريكا").shown] == ["وصل الوفد إلى أمريكا"]
    assert [h["t"] for h in index.query("ترامب").shown] == ["قال ترمب إن الاتفاق قريب"]
    assert index.query("أمريكا زار").total == 1  # no exact match: the skeletons
    assert index.query("اكتوبر").total == 0


def test_a_site_without_entries_has_an_index_that_finds_nothing(tmp_path):
    assert write_index([], [], tmp_path) == 0
    assert SearchIndex(tmp_path).query("خبر").total == 0


def test_a_query_reads_a_few_files_and_only_the_results_shown(tmp_path, monkeypatch):
    monkeypatch.setattr(search_index, "LEAF_BYTES", 200)
    entries = invented_entries(400, seed=3)
    write_index(iter(entries), [], tmp_path)
    answer = SearchIndex(tmp_path).query("مدينة")
    assert answer.total > 50 and len(answer.shown) == 50
    docs = [name for name in answer.read if name.startswith("d/")]
    assert len(docs) == 50
    # meta, the nodes down the word's letters, and one leaf or union
    assert len(answer.read) - len(docs) <= 1 + len("مدينه")


@pytest.mark.parametrize("ids", [[0], [5], [0, 1, 2, 3], [31, 32, 1023, 1024, 40000],
                                 list(range(0, 3000, 2)), [7, 100_000_000]])
def test_entry_numbers_read_back_as_written(ids):
    text = encode(np.array(ids))
    assert decode(text) == ids
    assert re.fullmatch("~?[0-9A-Za-z_-]+", text)


def test_runs_encode_alike_in_one_go_or_in_chunks(monkeypatch):
    rng = np.random.default_rng(5)
    runs = [np.unique(rng.integers(0, rng.choice([40, 5000]), rng.integers(1, 60)))
            for _ in range(200)]
    offsets = np.concatenate([[0], np.cumsum([len(r) for r in runs])])
    whole = encode_all(np.concatenate(runs), offsets)
    monkeypatch.setattr(search_index, "ENCODE_CHUNK", 50)
    assert encode_all(np.concatenate(runs), offsets) == whole
    assert [decode(code) for code in whole] == [r.tolist() for r in runs]
