"""Numbers carry their unit or the noun they count; dates are not read as quantities."""

import pytest

from corroborate.text.quantities import (
    find_quantities,
    number_values,
    parse_digits,
    value_spellings,
)
from corroborate.text.words import normalise_words


@pytest.mark.parametrize(
    ("text", "value", "unit", "noun"),
    [
        ("Around 8,000 residents fled", 8000, "", "resident"),
        ("2.3 million people", 2_300_000, "", "people"),
        ("a $4.5m plan", 4_500_000, "USD", ""),
        ("rates rose to 4.75%", 4.75, "%", ""),
        ("a 20-kilometre stretch", 20, "km", ""),
        ("fourteen people died", 14, "", "people"),
    ],
)
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


@pytest.mark.parametrize(
    ("digits", "value"),
    [
        ("1,200", 1200),
        ("1.200.000", 1_200_000),
        ("1,200.5", 1200.5),
        ("3,5", 3.5),
        ("3.5", 3.5),
        ("1.200", 1.2),
        ("1.2.3", None),
    ],
)
def test_one_reading_of_thousands_separators_and_decimals(digits, value):
    assert parse_digits(digits) == value


@pytest.mark.parametrize(
    "text",
    [
        "1,200",
        "1200",
        "1.2 thousand",
        "1.2k",
        "twelve hundred",
        "$1.2 thousand",
    ],
)
def test_one_number_in_many_notations(text):
    assert 1200 in number_values(text, normalise_words(text))


def test_the_spellings_the_prefilter_searches_for_a_value():
    # as full-text index tokens: "8 000" is "8,000" or "8.000"
    assert {"8000", "8 000", "8000th", "8 thousand", "8k"} <= set(value_spellings(8000.0))
    assert {"12", "twelve", "dozen"} <= set(value_spellings(12.0))
    assert {"4", "04", "4th", "four"} <= set(value_spellings(4.0))  # "04" in "2026-11-04"
    assert {"4 5 million", "4 5m", "4 5mn", "4500 thousand"} <= set(value_spellings(4_500_000.0))
    assert {"25", "twenty five"} <= set(value_spellings(25.0))  # "twenty-five"
    assert {"2 million", "2m", "two million"} <= set(value_spellings(2_000_000.0))
    assert {"1 200", "12 hundred", "twelve hundred"} <= set(value_spellings(1200.0))
