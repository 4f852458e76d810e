"""Time expressions on hand-written sentences, anchored on a fixed article date."""

import datetime as dt

import pytest

from generator.stages.timex.calendar import iso_week, shift, weekday_date, year_for


def whens(doc):
    return [(e.when.text, e.when.value, e.when.granularity) for e in doc.events if e.when]


# 2021-07-31 is a Saturday.
@pytest.mark.parametrize(("sentence", "expected"), [
    ("وقع الانفجار يوم 19 يوليو 2021 في المدينة.", ("19 يوليو 2021", "2021-07-19", "day")),
    ("وقع الانفجار في 19 يوليو في المدينة.", ("19 يوليو", "2021-07-19", "day")),
    ("وقع الانفجار في 19 تموز في المدينة.", ("19 تموز", "2021-07-19", "day")),
    ("وقع الانفجار في 19 جويلية في المدينة.", ("19 جويلية", "2021-07-19", "day")),
    ("وقع الانفجار في 19 يوليو/تموز في المدينة.", ("19 يوليو/تموز", "2021-07-19", "day")),
    ("وقع الانفجار في 3 كانون الثاني في المدينة.", ("3 كانون الثاني", "2021-01-03", "day")),
    ("وقع الانفجار في ١٩ يوليو في المدينة.", ("١٩ يوليو", "2021-07-19", "day")),
    ("وقع الانفجار في 19/7/2021 في المدينة.", ("19/7/2021", "2021-07-19", "day")),
    ("وقع الانفجار في 2021-07-19 في المدينة.", ("2021-07-19", "2021-07-19", "day")),
    ("وقع الانفجار أمس في المدينة.", ("أمس", "2021-07-30", "day")),
    ("وقع الانفجار أول أمس في المدينة.", ("أول أمس", "2021-07-29", "day")),
    ("التقى الوزير الأسبوع الماضي نظيره.", ("الأسبوع الماضي", "2021-W29", "week")),
    ("التقى الوزير الشهر الماضي نظيره.", ("الشهر الماضي", "2021-06", "month")),
    ("التقى الوزير العام الماضي نظيره.", ("العام الماضي", "2020", "year")),
    ("وقعت هجمات منذ بداية العام الحالي في البلاد.", ("منذ بداية العام الحالي", "2021", "year")),
    ("ينتهي الانسحاب بنهاية العام الحالي كما أعلن.", ("بنهاية العام الحالي", "2021-12", "month")),
    ("وصل الوفد قبل ثلاثة أيام إلى المدينة.", ("قبل ثلاثة أيام", "2021-07-28", "day")),
    ("تأسست الشركة عام 2015 في المدينة.", ("عام 2015", "2015", "year")),
    ("وقعت الحادثة في مارس الماضي في المدينة.", ("مارس الماضي", "2021-03", "month")),
    ("وقعت الحادثة في شهر مارس في المدينة.", ("شهر مارس", "2021-03", "month")),
    ("وقعت الحادثة في أغسطس 2019 في المدينة.", ("أغسطس 2019", "2019-08", "month")),
])
def test_forms(analyze_body, sentence, expected):
    assert whens(analyze_body(sentence)) == [expected]


def test_weekday_past_is_on_or_before(analyze_body):
    # Saturday itself, then the Thursday before
    assert whens(analyze_body("اجتمع الوزير السبت مع نظيره.")) == [("السبت", "2021-07-31", "day")]
    assert whens(analyze_body("اجتمع الوزير يوم الخميس مع نظيره.")) == [
        ("يوم الخميس", "2021-07-29", "day")]


def test_weekday_future_is_on_or_after(analyze_body):
    assert whens(analyze_body("سوف يجتمع الوزير يوم الثلاثاء مع نظيره.")) == [
        ("يوم الثلاثاء", "2021-08-03", "day")]


def test_weekday_with_last_and_next(analyze_body):
    assert whens(analyze_body("اجتمع الوزير السبت الماضي مع نظيره.")) == [
        ("السبت الماضي", "2021-07-24", "day")]
    assert whens(analyze_body("يجتمع الوزير السبت المقبل مع نظيره.")) == [
        ("السبت المقبل", "2021-08-07", "day")]


def test_yearless_date_goes_to_next_year_only_for_the_future(analyze_body):
    assert whens(analyze_body("وقع الحادث في 5 ديسمبر في المدينة.")) == [
        ("5 ديسمبر", "2020-12-05", "day")]
    assert whens(analyze_body("من المقرر أن يعقد المؤتمر في 5 ديسمبر في المدينة.")) == [
        ("5 ديسمبر", "2021-12-05", "day")]


def test_year_boundary(analyze_body):
    doc = analyze_body("وقع الحادث في 30 ديسمبر وأمس في المدينة.", published="2022-01-02")
    assert whens(doc) == [("30 ديسمبر", "2021-12-30", "day"), ("أمس", "2022-01-01", "day")]
    doc = analyze_body("التقى الوزير الأسبوع الماضي نظيره.", published="2021-01-05")
    assert whens(doc) == [("الأسبوع الماضي", "2020-W53", "week")]


def test_leap_day(analyze_body):
    doc = analyze_body("وقع الحادث في 29 فبراير في المدينة.", published="2021-03-10")
    assert whens(doc) == [("29 فبراير", "2020-02-29", "day")]
    doc = analyze_body("وقع الحادث أمس في المدينة.", published="2024-03-01")
    assert whens(doc) == [("أمس", "2024-02-29", "day")]


def test_hijri_date_with_year(analyze_body):
    # Umm al-Qura: 1 Muharram 1443 is 9 August 2021
    doc = analyze_body("وقع الحادث في 10 محرم 1443 هـ في المدينة.")
    assert whens(doc) == [("10 محرم 1443 هـ", "2021-08-18", "day")]


def test_dual_date_is_one_expression(analyze_body):
    doc = analyze_body("وقع الحادث في 10 محرم 1443 هـ الموافق 18 أغسطس 2021 في المدينة.")
    assert whens(doc) == [("10 محرم 1443 هـ الموافق 18 أغسطس 2021", "2021-08-18", "day")]


def test_no_article_date_keeps_relative_values_null(analyze_body):
    doc = analyze_body("وقع الانفجار أمس والسبت في 19 يوليو 2021 في المدينة.", published=None)
    # «في» between them makes the weekday and the date two expressions; with no article date
    # only the full date has a value
    assert whens(doc) == [("أمس", None, None), ("السبت", None, None),
                          ("19 يوليو 2021", "2021-07-19", "day")]


def test_durations_are_not_times_and_vague_words_are_not_dated(analyze_body):
    doc = analyze_body("سجن الرجل لمدة 15 سنة وقد أفرج عنه مؤخرا.")
    assert whens(doc) == [("مؤخرا", None, None)]
    doc = analyze_body("وكان الوزير قد انتقد في تصريحات سابقة خطة الحكومة.")
    assert whens(doc) == [("في تصريحات سابقة", None, None)]
    doc = analyze_body("عادت الفصائل للتهديد بعد أيام قليلة من إعلان الرئيس، وأعلنت ذلك.")
    assert whens(doc) == [("بعد أيام قليلة من إعلان الرئيس", None, None)]


def test_ambiguous_month_word_alone_is_not_a_month(analyze_body):
    # «مارس» is also the verb "practised"
    assert whens(analyze_body("مارس اللاعب الرياضة في النادي.")) == []


def test_event_summary_is_the_clause(analyze_body):
    doc = analyze_body("قال الوزير في مؤتمر صحفي، إن الوفد وصل أمس إلى العاصمة، "
                       "وإن المحادثات بدأت.")
    (event,) = doc.events
    assert event.summary == "الوفد وصل أمس إلى العاصمة"
    assert event.sentence == doc.sentences[-1].id


@pytest.mark.parametrize(("sentence", "summary"), [
    # verb, subject with an apposition between commas, then the date: back to the verb
    ("أعلن وزير الخارجية، سمير العلي، الأحد، أن المحادثات انتهت.",
     "أعلن وزير الخارجية، سمير العلي"),
    # a short quoted name does not end the clause
    ("وذكرت صحيفة \"الأخبار\" يوم الأحد أن الوفد غادر.", "وذكرت صحيفة \"الأخبار\""),
    # the date opens its clause: the clause is what follows, to the next comma
    ("وفي 3 مايو الماضي، اجتمع المجلس في العاصمة، ثم انفض.", "اجتمع المجلس في العاصمة"),
    # a relative pronoun opens the clause
    ("وصل الوفد الذي غادر العاصمة المصرية القاهرة أمس بعد زيارة طويلة.",
     "الذي غادر العاصمة المصرية القاهرة أمس بعد زيارة طويلة"),
    # a thin relative clause takes the noun it describes
    ("ترقب الناس قرار الانسحاب من البلاد والذي يتوقع أن يكون بنهاية العام الحالي.",
     "قرار الانسحاب من البلاد والذي يتوقع أن يكون"),
])
def test_event_summary_is_a_whole_clause(analyze_body, sentence, summary):
    (event,) = analyze_body(sentence).events
    assert event.summary == summary


def test_pure_functions():
    saturday = dt.date(2021, 7, 31)
    assert weekday_date(saturday, 6, "past") == saturday
    assert weekday_date(saturday, 6, "last") == dt.date(2021, 7, 24)
    assert weekday_date(saturday, 1, "future") == dt.date(2021, 8, 2)
    assert shift(saturday, "week", -1) == ("2021-W29", "week")
    assert shift(dt.date(2021, 1, 15), "month", -1) == ("2020-12", "month")
    assert iso_week(dt.date(2021, 1, 3)) == "2020-W53"
    assert year_for(saturday, 12, 5, future=False) == 2020
    assert year_for(saturday, 12, 5, future=True) == 2021


@pytest.mark.parametrize(("sentence", "published", "expected"), [
    ("وأقلعت الطائرة الساعة 05,55 بالتوقيت المحلي من المطار.", "2018-07-27",
     [("الساعة 05,55 بالتوقيت المحلي", "2018-07-27", "day")]),
    ("وأقلعت الطائرة (20,55 بتوقيت غرينتش الخميس) من المطار.", "2018-07-27",
     [("20,55 بتوقيت غرينتش الخميس", "2018-07-26", "day")]),
    ("دعت الدول مساء الجمعة إلى وقف القتال.", "2018-05-19",
     [("مساء الجمعة", "2018-05-18", "day")]),
    ("استهل الرئيس جولته في وقت سابق، الأربعاء، في بروكسل.", "2018-07-11",
     [("في وقت سابق، الأربعاء", "2018-07-11", "day")]),
    ("قالت الحكومة اليوم السبت إنها ستتفاوض.", "2018-07-07",
     [("اليوم السبت", "2018-07-07", "day")]),
    ("استعادت البلاد بين العامين 1990 و2005 رفات الجنود.", "2018-07-27",
     [("1990", "1990", "year"), ("2005", "2005", "year")]),
    ("سقط الجنود خلال الحرب (1950-1953) في الشمال.", "2018-07-27",
     [("1950", "1950", "year"), ("1953", "1953", "year")]),
    # ordinal days, day ranges, «من عام», a night across two days
    ("وأعلنت النتائج في السادس من نوفمبر/تشرين الثاني.", "2018-12-01",
     [("السادس من نوفمبر/تشرين الثاني", "2018-11-06", "day")]),
    ("تجرى المناورات يومي 24 و25 فبراير في الشمال.", "2018-02-17",
     [("24 و25 فبراير", "2018-02-24", "day")]),
    ("وصلت القوات في 10 سبتمبر/أيلول من عام 1991 إلى المدينة.", "2018-02-17",
     [("10 سبتمبر/أيلول من عام 1991", "1991-09-10", "day")]),
    ("وقعت الاشتباكات ليل السبت إلى الأحد في المدينة.", "2018-02-18",
     [("ليل السبت إلى الأحد", "2018-02-17", "day")]),
    # «الماضي» after a month: the last one before the article, even far back
    ("وكان المجلس قد اجتمع في مايو الماضي في العاصمة.", "2018-03-12",
     [("مايو الماضي", "2017-05", "month")]),
    ("وكان المجلس قد اجتمع في يونيو من العام الماضي في العاصمة.", "2018-03-12",
     [("يونيو من العام الماضي", "2017-06", "month")]),
    # a year after في whatever word follows it
    ("وفي 1956 أعلن الرئيس تأميم الشركة.", "2018-03-12", [("1956", "1956", "year")]),
    # the article's own day, a season, a Hijri month of this year
    ("لم تعثر الشرطة حتى الآن على الأسلحة.", "2018-03-12",
     [("حتى الآن", "2018-03-12", "day")]),
    ("تراجعت الأسعار الصيف الماضي في البلاد.", "2018-03-12",
     [("الصيف الماضي", "2017", "year")]),
    ("ارتفعت الأسعار خلال شهر رمضان الحالي في البلاد.", "2018-05-20",
     [("شهر رمضان الحالي", "2018-05", "month")]),
    # the time named before: «آنذاك», «في العام نفسه»
    ("تولى الرجل منصبه عام 1999 وكان آنذاك في الأربعين.", "2018-03-12",
     [("عام 1999", "1999", "year"), ("آنذاك", "1999", "year")]),
    ("وقعت الحادثة في 3 مايو 2015 واستقال الوزير في العام نفسه.", "2018-03-12",
     [("3 مايو 2015", "2015-05-03", "day"), ("في العام نفسه", "2015", "year")]),
    # a stretch of time up to the article's date, dated by where it starts
    ("تحسنت الأوضاع خلال السنوات الثلاث الماضية في البلاد.", "2018-06-06",
     [("خلال السنوات الثلاث الماضية", "2015", "year")]),
    ("فاز الفريق باللقب في آخر خمس سنوات مرتين.", "2018-06-06",
     [("في آخر خمس سنوات", "2013", "year")]),
    ("تقدمت القوات خلال الأسبوعين الماضيين نحو المدينة.", "2018-06-06",
     [("خلال الأسبوعين الماضيين", "2018-W22", "week")]),
    ("ستدخل المحطات الخدمة خلال العامين المقبلين في البلاد.", "2018-06-06",
     [("خلال العامين المقبلين", None, None)]),
    # counted from now; «يوما بعد يوم» is an idiom, not a time
    ("وقالت الوزارة إن السن سيرفع بعد خمس سنوات من الآن في البلاد.", "2018-06-06",
     [("بعد خمس سنوات من الآن", "2023", "year")]),
    ("تتحسن الأوضاع يوما بعد يوم في المدينة.", "2018-06-06", []),
    # the same day of the month in another year
    ("وقعت الهجمات في 11 سبتمبر 2001، وفي نفس اليوم من عام 1973 وقع انقلاب.", "2018-09-11",
     [("11 سبتمبر 2001", "2001-09-11", "day"),
      ("في نفس اليوم من عام 1973", "1973-09-11", "day")]),
    # a range of months takes its year from the last one; a clock time, then its day
    ("ارتفعت الأسعار من يناير إلى يوليو 2018 في البلاد.", "2018-09-11",
     [("يناير إلى يوليو 2018", "2018-01", "month")]),
    ("دخل الصحفي المبنى الساعة 1:14 ظهر 2 أكتوبر في المدينة.", "2018-10-19",
     [("الساعة 1:14 ظهر 2 أكتوبر", "2018-10-02", "day")]),
    # decades and centuries are placed in time, not dated; one expression together
    ("تأسست الجماعة في الستينات في العاصمة.", "2018-06-06", [("الستينات", None, None)]),
    ("وقعت الفضيحة في سبعينيات القرن الماضي في البلاد.", "2018-06-06",
     [("سبعينيات القرن الماضي", None, None)]),
    # «صلاة الجمعة» is a prayer, not a day
    ("ألقى الشيخ خطبة الجمعة في المسجد.", "2018-03-12", []),
    ("قتل نحو 2000 شخص في المدينة.", "2018-07-27", []),
    ("وكان الوزير أعلن في18 تموز/يوليو أن الرفات ستعاد.", "2018-07-27",
     [("18 تموز/يوليو", "2018-07-18", "day")]),
    ("احتفل المصريون بذكرى حرب أكتوبر في القاهرة.", "2018-10-06", []),
    ("تولى منصبه منذ عام 2006 حتى عام 2009 في البلاد.", "2018-02-16",
     [("عام 2006", "2006", "year"), ("عام 2009", "2009", "year")]),
])
def test_more_forms(analyze_body, sentence, published, expected):
    assert whens(analyze_body(sentence, published=published)) == expected


def test_a_week_starts_on_sunday(analyze_body):
    # 2018-04-22 is a Sunday: «this week» is the ISO week starting the next day
    doc = analyze_body("يزور الرئيس واشنطن هذا الأسبوع للقاء نظيره.", published="2018-04-22")
    assert whens(doc) == [("هذا الأسبوع", "2018-W17", "week")]


def test_a_date_a_few_days_ahead_is_this_year(analyze_body):
    # five days after the article, not a year before it
    doc = analyze_body("وتجري المحادثات في 12 يوليو في المدينة.", published="2018-07-07")
    assert whens(doc) == [("12 يوليو", "2018-07-12", "day")]


def test_a_name_that_looks_like_a_future_verb_is_not_one(analyze_body):
    # «سنغافورة» starts like «سنـ…»; the summit was in the past
    doc = analyze_body("وعقدت القمة في 12 يونيو في سنغافورة.", published="2018-07-27")
    assert whens(doc) == [("12 يونيو", "2018-06-12", "day")]


def test_a_repeated_lead_dates_its_event_once(analyze_body):
    lead = "أعلنت الحكومة، الخميس، إرسال مساعدات إلى المدينة."
    doc = analyze_body(lead + "\n\n" + lead, published="2018-08-16")
    assert whens(doc) == [("الخميس", "2018-08-16", "day")]
    assert doc.events[0].summary == "أعلنت الحكومة، الخميس، إرسال مساعدات إلى المدينة"


def test_far_past_is_unresolved_not_a_crash(analyze_body):
    doc = analyze_body("بنيت المدينة قبل 2500 عام على ضفاف النهر.", published="2018-03-17")
    assert whens(doc) == [("قبل 2500 عام", None, None)]
    assert shift(dt.date(2018, 3, 17), "year", -2500) == (None, None)
