"""Dates and counts as the pages write them in Arabic."""

import datetime as dt

import pytest

from generator.display import arabic_count, arabic_date


@pytest.mark.parametrize(("value", "granularity", "shown"), [
    ("2021-07-19", "day", "19 يوليو/تموز 2021"),
    (dt.date(2020, 1, 3), None, "3 يناير/كانون الثاني 2020"),
    # an ISO week is named by its Monday
    ("2021-W29", "week", "الأسبوع الذي بدأ 19 يوليو/تموز 2021"),
    ("2020-W53", None, "الأسبوع الذي بدأ 28 ديسمبر/كانون الأول 2020"),
    ("2019-10", "month", "أكتوبر/تشرين الأول 2019"),
    ("2015", "year", "2015"),
    # not a date: shown as it is, never a crash
    ("2021-02-30", "day", "2021-02-30"),
    (None, None, ""),
])
def test_dates_are_written_in_arabic(value, granularity, shown):
    assert arabic_date(value, granularity) == shown


@pytest.mark.parametrize(("n", "noun", "shown"), [
    (0, "حدث", "لا أحداث"),
    (1, "حدث", "حدث واحد"),
    (1, "إشارة", "إشارة واحدة"),  # a feminine noun takes «واحدة»
    (2, "حدث", "حدثان"),
    (2, "إشارة", "إشارتان"),
    (3, "حدث", "3 أحداث"),
    (10, "اقتباس", "10 اقتباسات"),
    (11, "حدث", "11 حدثاً"),
    (99, "فاعل", "99 فاعلاً"),
    (11, "نتيجة", "11 نتيجة"),  # ta marbuta: no alif of the accusative
    (100, "حدث", "100 حدث"),
    (102, "موجز", "102 موجز"),
    (105, "حدث", "105 أحداث"),  # the last two digits decide
    (1013, "حدث", "1013 حدثاً"),
])
def test_counted_nouns_agree_with_their_number(n, noun, shown):
    assert arabic_count(n, noun) == shown
