"""Proclitics on words written for the test (normalized spelling)."""

import pytest

from generator.clitics import (
    TITLE_PREFIXES,
    bare_forms,
    has_article,
    split_clitics,
    strip_article,
    strip_clitic_before,
    strip_conjunction,
)


@pytest.mark.parametrize(("word", "longer_than", "expected"), [
    ("وقال", 2, "قال"), ("فاضاف", 2, "اضاف"), ("وفد", 3, "وفد"), ("قال", 2, "قال"),
    ("وزير", 4, "وزير"), ("ووزير", 4, "وزير"),
])
def test_conjunction(word, longer_than, expected):
    assert strip_conjunction(word, longer_than) == expected


@pytest.mark.parametrize(("word", "expected"), [
    ("الرئيس", "رئيس"), ("الله", "الله"), ("رئيس", "رئيس"),
])
def test_article_off_long_words_only(word, expected):
    assert strip_article(word) == expected


@pytest.mark.parametrize(("word", "under", "definite"), [
    ("والرئيس", "وف", True), ("وزير", "وف", False), ("بالرئيس", "وف", False),
    ("بالرئيس", "وفلب", True),
])
def test_definite_under_clitics(word, under, definite):
    assert has_article(word, under) is definite


def test_clitic_before_a_wanted_word_longest_first():
    assert strip_clitic_before("لواشنطن", {"واشنطن"}) == ("ل", "واشنطن")
    assert strip_clitic_before("وبوزير", {"وزير"}) == ("وب", "وزير")
    assert strip_clitic_before("كوزير", {"وزير"}, TITLE_PREFIXES) is None  # ك: not for titles
    assert strip_clitic_before("واشنطن", {"لندن"}) is None


def test_bare_forms():
    assert bare_forms("وبحلول") == ("وبحلول", "بحلول", "حلول")
    assert bare_forms("لمده") == ("لمده", "مده")
    assert bare_forms("يوم") == ("يوم",)


@pytest.mark.parametrize(("word", "parts"), [
    ("وبالعراق", ("وبال", "عراق", "")), ("للحرس", ("لل", "حرس", "")),
    ("كتابهم", ("", "كتاب", "هم")), ("وكتابه", ("و", "كتاب", "ه")), ("بيت", ("", "بيت", "")),
])
def test_split_clitics(word, parts):
    assert split_clitics(word) == parts
