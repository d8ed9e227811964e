"""Dates resolve against the page's date; numbers carry their unit or the noun they count."""

from datetime import date

import pytest

from corroborate.text.normalise import find_dates, find_quantities, parse_iso_date

WEDNESDAY = date(2026, 11, 4)


@pytest.mark.parametrize("text", [
    "on Tuesday, November 3, 2026", "on November 3", "on 3 November", "on the 3rd of Nov.",
    "on 2026-11-03", "on Tuesday", "yesterday",
])
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


@pytest.mark.parametrize(("text", "value", "unit", "noun"), [
    ("Around 8,000 residents fled", 8000, "", "resident"),
    ("2.3 million people", 2_300_000, "", "people"),
    ("a $4.5m plan", 4_500_000, "USD", ""),
    ("rates rose to 4.75%", 4.75, "%", ""),
    ("a 20-kilometre stretch", 20, "km", ""),
    ("fourteen people died", 14, "", "people"),
])
def test_quantities_with_units_and_counted_nouns(text, value, unit, noun):
    [quantity] = find_quantities(text)
    assert (quantity.value, quantity.unit, quantity.noun) == (value, unit, noun)


def test_day_numbers_of_dates_and_idle_number_words_are_not_quantities():
    found = find_quantities("On November 3, one of the largest dams failed; 37 are missing.")
    assert [q.value for q in found] == [37]


def test_years_are_only_comparable_with_years():
    [year] = find_quantities("completed in 1968")
    [count] = find_quantities("2,300 residents")
    assert year.is_year and not count.is_year and not year.same_kind(count)


def test_iso_dates_and_timestamps():
    assert parse_iso_date("2026-11-04T06:30:00Z") == WEDNESDAY
    assert parse_iso_date(None) is None and parse_iso_date("soon") is None
