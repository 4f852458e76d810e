import pytest

from generator.arabic import arabic_share, name_key, normalize, remove_diacritics
from generator.clitics import strip_conjunction_and_preposition, strip_known_clitic


@pytest.mark.parametrize("variant", ["أسامة", "اسامه", "إسامة", "آسامة", "أُسَامَة", "أسـامة"])
def test_spelling_variants_share_one_key(variant):
    assert normalize(variant) == normalize("اسامه")


def test_remove_diacritics_keeps_letters():
    assert remove_diacritics("مُحَمَّدٌ") == "محمد"


def test_alef_maksura_and_digits():
    assert normalize("مصطفى ١٩") == "مصطفي 19"


@pytest.mark.parametrize(("word", "expected"), [
    ("والعراق", "العراق"), ("بالعراق", "العراق"), ("للحرس", "الحرس"), ("وللحرس", "الحرس"),
    ("واشنطن", "واشنطن"), ("لبنان", "لبنان"), ("العراق", "العراق"),
])
def test_clitics_before_the_article(word, expected):
    assert strip_conjunction_and_preposition(normalize(word)) == normalize(expected)


def test_known_clitic_needs_evidence():
    known = {"روسيا"}
    assert strip_known_clitic("لروسيا", known) == "روسيا"
    assert strip_known_clitic("واشنطن", known) == "واشنطن"  # «اشنطن» is not a word
    assert strip_known_clitic("بوتين", {"وتين"}, names={"بوتين"}) == "بوتين"


def test_a_conjunction_before_a_listed_name_takes_the_least_off():
    # «وكندا» is «و» + «كندا», not «وك» + the listed name «ندا»
    assert strip_known_clitic("وكندا", set(), names={"كندا", "ندا"}) == "كندا"
    # a word the article uses alone wins: «وبروسيا» is «روسيا» where «روسيا» stands alone
    assert strip_known_clitic("وبروسيا", {"روسيا"}, names={"بروسيا", "روسيا"}) == "روسيا"


def test_name_key_ignores_clitic_and_spelling():
    assert name_key("والحرس الثوري") == name_key("الحرس الثوري")
    assert name_key("أسامة") == name_key("اسامه")


def test_arabic_share():
    assert arabic_share("قال الوزير") == 1.0
    assert arabic_share("The minister said") == 0.0
    assert arabic_share("12 34") == 0.0
