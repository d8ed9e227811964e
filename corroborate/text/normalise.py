"""Dates and quantities as values, so "Tuesday" in a page of 4 November and "November 3" compare.

Reports state one fact in many forms: "2,300 residents", "2.3 thousand people", "$4.5m";
"Tuesday, November 3, 2026", "3 Nov", "yesterday". A discrepancy check needs values: a day
(resolved against the page's publication date when the text gives only a weekday or a relative
word) and a number with its unit or the noun it counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = {
    name: number
    for number, names in enumerate(
        ("january jan", "february feb", "march mar", "april apr", "may", "june jun",
         "july jul", "august aug", "september sep sept", "october oct", "november nov",
         "december dec"), start=1)
    for name in names.split()
}  # fmt: skip
WEEKDAYS = {
    name: number
    for number, names in enumerate(
        ("monday mon", "tuesday tue tues", "wednesday wed", "thursday thu thur thurs",
         "friday fri", "saturday sat", "sunday sun"))
    for name in names.split()
}  # fmt: skip
_MONTH = "(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = "(?:(?P<weekday>" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r")\.?,?\s+)?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(?P<year>(?:19|20)\d\d))?"
_DATE_FORMS = (
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)\b"),
    re.compile(rf"\b{_WEEKDAY}{_MONTH}\s+{_DAY}\b{_YEAR}", re.IGNORECASE),
    re.compile(rf"\b{_WEEKDAY}(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}{_YEAR}\b", re.IGNORECASE),
)
_LONE_WEEKDAY = re.compile(
    r"\b(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.IGNORECASE
)
_RELATIVE_DAY = re.compile(r"\b(?P<word>yesterday|today)\b", re.IGNORECASE)
_RELATIVE_YEAR = re.compile(r"\b(?P<word>last|this|next)\s+year\b", re.IGNORECASE)
_DAY_OFFSETS = {"yesterday": -1, "today": 0}
_YEAR_OFFSETS = {"last": -1, "this": 0, "next": 1}


@dataclass(frozen=True)
class DateMention:
    """A date in a text, as precise as the text and its reference date allow."""

    text: str
    start: int
    day: date | None = None  # resolved calendar day
    weekday: int | None = None  # 0 = Monday
    year: int | None = None  # for "last year" and the like
    month_day: tuple[int, int] | None = None  # as written, when the year is unknown

    def agrees_with(self, other: DateMention) -> bool | None:
        """True / False when the two can be compared, None when they cannot."""
        if self.day and other.day:
            return self.day == other.day
        if self.month_day and other.month_day:
            return self.month_day == other.month_day
        if self.weekday is not None and other.weekday is not None:
            return self.weekday == other.weekday
        if self.year and other.year:
            return self.year == other.year
        return None

    def describe(self) -> str:
        """"Monday 2 November 2026", or the words as written when nothing resolves."""
        if self.day:
            return f"{self.day:%A} {self.day.day} {self.day:%B %Y}"
        return self.text


def parse_iso_date(value: str | None) -> date | None:
    """The day of an ISO date or timestamp ("2026-11-04T06:30:00Z"); None if absent or bad."""
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def find_dates(text: str, reference: date | None = None) -> list[DateMention]:
    """Every date the text states, resolved against ``reference`` (the page's date) when the
    text gives only a weekday, "yesterday" or "last year"."""
    found: list[DateMention] = []
    taken: list[range] = []
    for pattern in _DATE_FORMS:
        for match in pattern.finditer(text):
            if not _overlaps(match, taken) and (mention := _absolute(match, reference)):
                found.append(mention)
                taken.append(range(match.start(), match.end()))
    for match in _LONE_WEEKDAY.finditer(text):
        if not _overlaps(match, taken):
            found.append(_weekday(match, reference))
    found.extend(_relative(text, reference))
    return sorted(found, key=lambda mention: mention.start)


def date_spans(text: str) -> list[range]:
    """Character ranges of explicit dates, so their day numbers are not read as quantities."""
    return [range(m.start(), m.end()) for pattern in _DATE_FORMS for m in pattern.finditer(text)]


def _overlaps(match: re.Match[str], taken: list[range]) -> bool:
    return any(match.start() < span.stop and span.start < match.end() for span in taken)


def _absolute(match: re.Match[str], reference: date | None) -> DateMention | None:
    groups = match.groupdict()
    month = int(groups["mnum"]) if groups.get("mnum") else MONTHS[groups["month"].lower()]
    year = int(groups["year"]) if groups.get("year") else _likely_year(month, reference)
    weekday = WEEKDAYS[groups["weekday"].lower()] if groups.get("weekday") else None
    try:
        day = date(year, month, int(groups["day"])) if year else None
    except ValueError:
        return None
    return DateMention(match.group(0), match.start(), day=day,
                       weekday=day.weekday() if day else weekday,
                       month_day=(month, int(groups["day"])))


def _likely_year(month: int, reference: date | None) -> int | None:
    """News without a year means the latest such month up to a little after the reference."""
    if reference is None:
        return None
    return reference.year - 1 if month > reference.month + 1 else reference.year


def _weekday(match: re.Match[str], reference: date | None) -> DateMention:
    """A bare weekday in news is the latest such day on or before publication."""
    weekday = WEEKDAYS[match.group("weekday").lower()]
    day = None
    if reference is not None:
        day = reference - timedelta(days=(reference.weekday() - weekday) % 7)
    return DateMention(match.group(0), match.start(), day=day, weekday=weekday)


def _relative(text: str, reference: date | None) -> list[DateMention]:
    if reference is None:
        return []
    mentions = [
        DateMention(m.group(0), m.start(),
                    day=(day := reference + timedelta(days=_DAY_OFFSETS[m.group("word").lower()])),
                    weekday=day.weekday())
        for m in _RELATIVE_DAY.finditer(text)
    ]
    mentions += [
        DateMention(m.group(0), m.start(),
                    year=reference.year + _YEAR_OFFSETS[m.group("word").lower()])
        for m in _RELATIVE_YEAR.finditer(text)
    ]
    return mentions


# -- quantities ------------------------------------------------------------------------------

_CURRENCIES = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}
_SCALES = {"hundred": 1e2, "thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6,
           "billion": 1e9, "bn": 1e9, "trillion": 1e12, "tn": 1e12}
_UNITS = {
    "%": "%", "percent": "%", "per cent": "%", "km": "km", "kilometre": "km", "kilometer": "km",
    "mile": "mile", "metre": "m", "meter": "m", "kg": "kg", "tonne": "t", "ton": "t",
    "dollar": "USD", "euro": "EUR", "pound": "GBP", "hour": "hour", "day": "day",
    "week": "week", "month": "month", "year": "year",
}
_NUMBER_WORDS = {word: value for value, word in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen".split())}
_NUMBER_WORDS |= {word: 20 + 10 * index for index, word in enumerate(
    "twenty thirty forty fifty sixty seventy eighty ninety".split())}
_NUMBER_WORDS["dozen"] = 12
_QUANTITY = re.compile(
    r"(?<![\w.,])(?P<currency>[$€£¥])?\s?"
    r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|"
    + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")(?![\w,.]\d)"
    r"(?:-?\s?(?P<scale>hundred|thousand|million|billion|trillion|k|mn|m|bn|tn)\b)?"
    r"(?:[\s-]?(?P<unit>%|(?:per cent|percent|[a-z]+)\b))?",
    re.IGNORECASE,
)
_NOT_COUNTED = frozenset(
    "a an the and or of to in on at by for from with as is are was were be been had has have "
    "am pm a.m p.m o'clock".split()
)


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
        return (not self.unit and not self.noun and "," not in self.text
                and self.value.is_integer() and 1000 <= self.value <= 2100)

    def same_kind(self, other: Quantity) -> bool:
        """Could the two state the same fact? Units must agree, a year stays a year."""
        return self.unit == other.unit and self.is_year == other.is_year


def find_quantities(text: str) -> list[Quantity]:
    """Every number the text states outside its dates, with unit and counted noun."""
    dates = date_spans(text)
    found = []
    for match in _QUANTITY.finditer(text):
        if any(match.start() in span for span in dates):
            continue
        quantity = _quantity(match)
        if quantity is not None:
            found.append(quantity)
    return found


def _quantity(match: re.Match[str]) -> Quantity | None:
    number = match.group("number").lower()
    value = float(_NUMBER_WORDS.get(number, 0)) if number in _NUMBER_WORDS else float(
        number.replace(",", ""))
    value *= _SCALES.get((match.group("scale") or "").lower(), 1.0)
    word = (match.group("unit") or "").lower()
    word_unit = _UNITS.get(_singular(word), "")
    unit = _CURRENCIES.get(match.group("currency") or "", "") or word_unit
    noun = "" if unit or word in _NOT_COUNTED else _singular(word)
    if number in _NUMBER_WORDS and not (unit or noun):
        return None  # "one of the", "the two": a word number must count something
    uses_word = bool(noun) or (word_unit and unit == word_unit)
    last = "unit" if uses_word else "scale" if match.group("scale") else "number"
    return Quantity(match.string[match.start() : match.end(last)].strip(), round(value, 6),
                    unit, noun)


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word
