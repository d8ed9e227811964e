"""Numbers in text, in one place: how they are written, read as values and spelled again.

Reports state one figure in many forms: "2,300 residents", "2.3 thousand people", "$4.5m",
"twelve", "a dozen". The matcher compares numbers as values, the full-text prefilter looks a value
up under every spelling the matcher would accept, and the discrepancy check needs each number
with its unit or the noun it counts. All of them read digits with the one parser here.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from corroborate.text.dates import date_spans
from corroborate.text.lexicon import (
    CURRENCY_SIGNS,
    NOT_COUNTED_WORDS,
    NUMBER_WORDS,
    SCALE_SPELLINGS,
    SCALES,
    SMALL_NUMBER_WORDS,
    TENS_WORDS,
    UNITS,
)
from corroborate.text.multilingual import foreign_figures

_THOUSANDS_BY_COMMA = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_THOUSANDS_BY_DOT = re.compile(r"\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?")
_LONG_SCALES = "|".join(name for name, _, _ in SCALE_SPELLINGS)
_SHORT_SCALES = "|".join(short for _, _, shorts in SCALE_SPELLINGS for short in shorts)
# Digits as the matcher reads them: "1,200", "3.5", "2nd", "$4.5m", "8 thousand".
_DIGITS = re.compile(
    r"(?<![\w.,])(\d+(?:[.,]\d+)*)(?:st|nd|rd|th)?"
    rf"(?:({_SHORT_SCALES})\b|\s+({_LONG_SCALES})\b)?(?![\w])"
)
_QUANTITY = re.compile(
    r"(?<![\w.,])(?P<currency>[$€£¥])?\s?"
    r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|"
    + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
    + r")(?![\w,.]\d)"
    rf"(?:-?\s?(?P<scale>{_LONG_SCALES}|k|mn|m|bn|tn)\b)?"
    r"(?:[\s-]?(?P<unit>%|(?:per cent|percent|[a-z]+)\b))?",
    re.IGNORECASE,
)
_DIGIT_WORDS = frozenset(SMALL_NUMBER_WORDS[1:10])  # "one" .. "nine", after "twenty-"


def parse_digits(digits: str) -> float | None:
    """The value of a run of digits and separators: "1,200" and "1.200.000" group thousands;
    "3,5", "3.5" and "1.200" are decimals. None when it is no number ("1.2.3")."""
    if _THOUSANDS_BY_COMMA.fullmatch(digits):
        return float(digits.replace(",", ""))
    if _THOUSANDS_BY_DOT.fullmatch(digits):
        return float(digits.replace(".", "").replace(",", "."))
    try:
        return float(digits.replace(",", "."))
    except ValueError:
        return None


# -- values, for the matcher ---------------------------------------------------------------------


def number_values(text: str, words: list[str]) -> frozenset[float]:
    """Every number in the text (``words``: its normalised words) as a value: "1,200", "1200"
    and "1.2 thousand" are one number; "$4.5m" is 4,500,000; "twelve" and "a dozen" are 12."""
    values = {
        _scaled(parse_digits(match.group(1)), match.group(2) or match.group(3))
        for match in _DIGITS.finditer(text.casefold())
    }
    values |= _word_number_values(words)
    values |= {figure.value for figure in foreign_figures(text)}
    return frozenset(round(value, 6) for value in values if value is not None)


def digit_numbers(text: str) -> tuple[str, ...]:
    """The numbers written in digits, as written ("1,200", "$4.5m" -> "4.5m")."""
    return tuple(match.group(0).strip() for match in _DIGITS.finditer(text))


def _scaled(value: float | None, scale: str | None) -> float | None:
    return None if value is None else value * SCALES.get(scale or "", 1.0)


def _word_number_values(words: list[str]) -> set[float]:
    """Spelled-out numbers up to ninety-nine, optionally scaled: "twenty-five", "two million"."""
    values: set[float] = set()
    if NUMBER_WORDS.keys().isdisjoint(words):
        return values
    index = 0
    while index < len(words):
        if words[index] in NUMBER_WORDS:
            value = float(NUMBER_WORDS[words[index]])
            if value >= 20 and index + 1 < len(words) and words[index + 1] in _DIGIT_WORDS:
                index += 1
                value += NUMBER_WORDS[words[index]]
            if index + 1 < len(words) and words[index + 1] in SCALES:
                index += 1
                value *= SCALES[words[index]]
            values.add(value)
        index += 1
    return values


# -- spellings, for the full-text prefilter ------------------------------------------------------


def value_spellings(value: float) -> list[str]:
    """The ways a text may write ``value`` that number_values reads as it, as phrases of
    full-text index tokens: "8000", "8 000" ("8,000"), "8000th", "8 thousand", "8k",
    "eight thousand"."""
    if not math.isfinite(value):  # "1e999" or a 400-digit number reads as infinity
        return []
    spellings = [_plain_digits(value), _grouped_digits(value)]
    if value == int(value):
        spellings += [f"{int(value)}{suffix}" for suffix in ("st", "nd", "rd", "th")]
        spellings += [f"{int(value):02d}"] if value < 10 else []  # "04" in "2026-11-04"
        spellings += _number_words(int(value))
    for name, size, short in SCALE_SPELLINGS:
        mantissa = round(value / size, 6)
        if value >= size and mantissa == round(mantissa, 2):
            digits = _plain_digits(mantissa)
            spellings.append(f"{digits} {name}")
            head, _, last = digits.rpartition(" ")
            spellings += [f"{head} {last}{suffix}".strip() for suffix in short]
            if mantissa == int(mantissa):
                spellings += [f"{words} {name}" for words in _number_words(int(mantissa))]
    return spellings


def _plain_digits(value: float) -> str:
    """ "8000" or "1 2" (the tokens of "1.2" and "1,2")."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return text.replace(".", " ")


def _grouped_digits(value: float) -> str:
    """ "8 000" (the tokens of "8,000" and "8.000")."""
    whole = f"{int(value):,}".replace(",", " ")
    fraction = _plain_digits(value).partition(" ")[2]
    return f"{whole} {fraction}".strip()


def _number_words(value: int) -> list[str]:
    """ "twelve" and "dozen", "twenty five" (the tokens of "twenty-five"); none from 100 up."""
    if value < 20:
        return [SMALL_NUMBER_WORDS[value]] + (["dozen"] if value == 12 else [])
    if value < 100:
        tens, units = TENS_WORDS[value // 10 - 2], value % 10
        return [f"{tens} {SMALL_NUMBER_WORDS[units]}" if units else tens]
    return []


# -- quantities with units, for the discrepancy check --------------------------------------------


@dataclass(frozen=True)
class Quantity:
    """A number as written and as a value, with its unit or the noun it counts ("residents")."""

    text: str
    value: float
    unit: str  # "%", "km", "USD", ... or "" when none is written
    noun: str  # the counted noun, singular ("resident"); "" when none follows

    @property
    def is_year(self) -> bool:
        """A bare four-digit number ("in 1968"); "1,968 people" counts something."""
        return (
            not self.unit
            and not self.noun
            and "," not in self.text
            and self.value.is_integer()
            and 1000 <= self.value <= 2100
        )

    def same_kind(self, other: Quantity) -> bool:
        """Could the two state the same fact? Units must agree, a year stays a year."""
        return self.unit == other.unit and self.is_year == other.is_year


def find_quantities(text: str) -> list[Quantity]:
    """Every number the text states outside its dates, with unit and counted noun."""
    dates = date_spans(text)
    figures = [figure for figure in foreign_figures(text) if figure.start not in dates]
    found = [Quantity(figure.text, figure.value, figure.unit, "") for figure in figures]
    for figure in figures:
        dates.add_range(figure.start, figure.start + len(figure.text))
    for match in _QUANTITY.finditer(text):
        if match.start() in dates:
            continue
        quantity = _quantity(match)
        if quantity is not None:
            found.append(quantity)
    return found


def _quantity(match: re.Match[str]) -> Quantity | None:
    number = match.group("number").lower()
    value = float(NUMBER_WORDS[number]) if number in NUMBER_WORDS else parse_digits(number)
    assert value is not None  # the pattern admits only parsable digits
    value *= SCALES.get((match.group("scale") or "").lower(), 1.0)
    word = (match.group("unit") or "").lower()
    word_unit = UNITS.get(_singular(word), "")
    unit = CURRENCY_SIGNS.get(match.group("currency") or "", "") or word_unit
    noun = "" if unit or word in NOT_COUNTED_WORDS else _singular(word)
    if number in NUMBER_WORDS and not (unit or noun):
        return None  # "one of the", "the two": a word number must count something
    uses_word = bool(noun) or (word_unit and unit == word_unit)
    last = "unit" if uses_word else "scale" if match.group("scale") else "number"
    return Quantity(
        match.string[match.start() : match.end(last)].strip(), round(value, 6), unit, noun
    )


def _singular(word: str) -> str:
    """The counted noun in the singular, so "3 residents" and "1 resident" count one thing."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word
