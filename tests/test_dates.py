"""Dates resolve against the page's date, in every common form."""

from datetime import date

import pytest

from corroborate.text.dates import (
    calendar_spellings,
    canonical_date_word,
    date_term_found,
    find_dates,
    first_full_date,
    leading_iso_date,
    parse_iso_date,
)
from corroborate.text.lexicon import MONTH_SPELLINGS, WEEKDAY_SPELLINGS
from corroborate.text.words import normalise_words

WEDNESDAY = date(2026, 11, 4)


@pytest.mark.parametrize(
    "text",
    [
        "on Tuesday, November 3, 2026",
        "on November 3",
        "on 3 November",
        "on the 3rd of Nov.",
        "on 2026-11-03",
        "on Tuesday",
        "yesterday",
    ],
)
def test_one_day_in_every_common_form(text):
    [mention] = find_dates(text, WEDNESDAY)
    assert mention.day == date(2026, 11, 3)
    assert mention.describe() == "Tuesday 3 November 2026"


def test_a_bare_weekday_is_the_latest_such_day_up_to_the_page_date():
    [same_day] = find_dates("It happened on Wednesday.", WEDNESDAY)
    [last_week] = find_dates("It happened on Thursday.", WEDNESDAY)
    assert same_day.day == WEDNESDAY
    assert last_week.day == date(2026, 10, 29)


def test_without_a_reference_weekdays_and_days_still_compare():
    [claim] = find_dates("on Tuesday, November 3")
    [weekday] = find_dates("on Monday")
    [day] = find_dates("on 3 November")
    assert claim.day is None
    assert claim.agrees_with(weekday) is False
    assert claim.agrees_with(day) is True


def test_relative_years_and_a_month_without_a_year():
    [last_year] = find_dates("Profits fell last year.", WEDNESDAY)
    assert last_year.year == 2025
    [december] = find_dates("on December 30", date(2026, 1, 2))
    assert december.day == date(2025, 12, 30)  # late last year, not next December


def test_may_is_a_month_only_next_to_a_day():
    assert find_dates("Officials may act.", WEDNESDAY) == []
    assert find_dates("on May 5", WEDNESDAY)[0].day == date(2026, 5, 5)


def test_iso_dates_and_timestamps():
    assert parse_iso_date("2026-11-04T06:30:00Z") == WEDNESDAY
    assert parse_iso_date(None) is None and parse_iso_date("soon") is None


def test_complete_dates_need_a_year_and_a_possible_day():
    assert first_full_date("Published November 3, 2026 at 10:00") == date(2026, 11, 3)
    assert first_full_date("on the 3rd of Nov. 2026") == date(2026, 11, 3)
    assert first_full_date("2026-02-30, then 2026-11-03") == date(2026, 11, 3)
    assert first_full_date("on November 3") is None


def test_a_leading_iso_date_tells_a_bad_day_from_another_format():
    assert leading_iso_date(" 2026-11-03T10:00:00Z") == date(2026, 11, 3)
    assert leading_iso_date("Tue, 03 Nov 2026 10:00:00 GMT") is None
    with pytest.raises(ValueError):
        leading_iso_date("2026-02-30")


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        ("on Nov. 3", True),
        ("on the 3rd of November", True),
        ("Tuesday, 03 Nov", True),
        ("on 3 October", False),
        ("in November", False),
    ],
)
def test_a_date_term_needs_its_day_and_month_but_not_its_year(sentence, found):
    words = frozenset(canonical_date_word(word) for word in normalise_words(sentence))
    assert date_term_found(["november", "3", "2026"], words) is found


def test_every_spelling_the_prefilter_searches_is_one_the_matcher_accepts():
    for spellings in MONTH_SPELLINGS + WEEKDAY_SPELLINGS:
        for spelling in spellings:
            assert calendar_spellings(spelling) == spellings
            assert {canonical_date_word(other) for other in spellings} == {spellings[0][:3]}
    assert calendar_spellings("3") == ()
