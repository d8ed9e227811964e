"""Dates in text, in one place: how they are written, read, resolved and compared.

Reports state one day in many forms: "Tuesday, November 3, 2026", "3 Nov", "the 3rd of
November", "yesterday". Claim extraction picks them out as key terms, the matcher and the
full-text prefilter compare them by their canonical words, the discrepancy check resolves them to
calendar days (against the page's publication date when the text gives only a weekday or a
relative word), and the article reader and the date window read complete dates. Changing how a
date is read or compared means changing this module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from corroborate.text.lexicon import (
    FIGURE_WORDS_PATTERN,
    MONTH_SPELLINGS,
    MONTHS,
    WEEKDAY_NAMES,
    WEEKDAY_SPELLINGS,
    WEEKDAYS,
)
from corroborate.text.multilingual import (
    ForeignDate,
    calendar_word,
    foreign_dates,
    foreign_weekdays,
    resolve_day,
)

_MONTH_ALTERNATION = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY_NAMES = "|".join(WEEKDAY_NAMES)
_MONTH = "(?P<month>" + _MONTH_ALTERNATION + r")\.?"
_WEEKDAY = "(?:(?P<weekday>" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r")\.?,?\s+)?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(?P<year>(?:19|20)\d\d))?"
_DATE_FORMS = (
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)\b"),
    re.compile(rf"\b{_WEEKDAY}{_MONTH}\s+{_DAY}\b{_YEAR}", re.IGNORECASE),
    re.compile(rf"\b{_WEEKDAY}(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}{_YEAR}\b", re.IGNORECASE),
)
_LONE_WEEKDAY = re.compile(rf"\b(?P<weekday>{_WEEKDAY_NAMES})\b", re.IGNORECASE)
_RELATIVE_DAY = re.compile(r"\b(?P<word>yesterday|today)\b", re.IGNORECASE)
_RELATIVE_YEAR = re.compile(r"\b(?P<word>last|this|next)\s+year\b", re.IGNORECASE)
_DAY_OFFSETS = {"yesterday": -1, "today": 0}
_YEAR_OFFSETS = {"last": -1, "this": 0, "next": 1}

# A date as a claim's key term: any day, month, weekday, relative day or year it commits to
# ("November 3", "last week", "the 1990s"); a year is no date when it counts something ("2020
# people") or is part of a larger number.
_TERM_MONTH = rf"(?:{_MONTH_ALTERNATION})\.?"
DATE_TERM = re.compile(
    rf"\b(?:{_TERM_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_TERM_MONTH}(?:,?\s+\d{{4}})?"
    rf"|{_TERM_MONTH}\s+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2}"
    rf"|(?:last\s+|next\s+)?(?:{_WEEKDAY_NAMES})"
    r"|yesterday|today|tomorrow|last\s+(?:night|week|month|year)"
    rf"|(?<![$\u20ac\u00a3\d.,])(?:19|20)\d{{2}}s?(?![\d,.]\d|\s?(?:{FIGURE_WORDS_PATTERN})\b)"
    r")\b",
    re.IGNORECASE,
)
# A complete date, with its year: what an article's own dateline states.
_FULL_DATE = re.compile(
    rf"\b(?:(?P<m1>{_MONTH_ALTERNATION})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{{4}})"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{_MONTH_ALTERNATION})\.?,?\s+"
    rf"(?P<y2>\d{{4}})"
    r"|(?P<y3>\d{4})-(?P<m3>\d{2})-(?P<d3>\d{2}))\b",
    re.IGNORECASE,
)
_ISO_DATE_SHAPE = re.compile(r"\d{4}-\d{2}-\d{2}")
_LEADING_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
_ORDINAL = re.compile(r"^([0-9]+)(?:st|nd|rd|th)$")
# Any spelling of a month or weekday -> its canonical word (the first three letters of its name).
_CALENDAR_WORDS = {
    spelling: spellings[0][:3]
    for spellings in MONTH_SPELLINGS + WEEKDAY_SPELLINGS
    for spelling in spellings
}
# Any spelling of a month or weekday -> all its spellings, full name first.
_CALENDAR_SPELLINGS = {
    spelling: spellings
    for spellings in MONTH_SPELLINGS + WEEKDAY_SPELLINGS
    for spelling in spellings
}


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
        """ "Monday 2 November 2026", or the words as written when nothing resolves."""
        if self.day:
            return f"{self.day:%A} {self.day.day} {self.day:%B %Y}"
        return self.text


# -- complete dates ------------------------------------------------------------------------------


def parse_iso_date(value: str | None) -> date | None:
    """The day of an ISO date or timestamp ("2026-11-04T06:30:00Z"); None if absent or bad."""
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def iso_date_text(value: str | None) -> str | None:
    """The YYYY-MM-DD a metadata date starts with (trafilatura gives that shape), as written;
    None for any other shape."""
    if value and _ISO_DATE_SHAPE.fullmatch(value[:10]):
        return value[:10]
    return None


def leading_iso_date(text: str) -> date | None:
    """The YYYY-MM-DD a text opens with, whatever follows (a time, a zone); None when it opens
    with none. An impossible day ("2026-02-30") raises ValueError, so callers can tell a typo
    from another date format."""
    match = _LEADING_ISO_DATE.match(text)
    if match is None:
        return None
    return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))


def first_full_date(text: str) -> date | None:
    """The first complete, possible date written in ``text`` ("November 3, 2026", "3 Nov 2026",
    "2026-11-03"): a dateline states day, month and year."""
    for match in _FULL_DATE.finditer(text):
        parts = match.groupdict()
        month = MONTHS.get((parts["m1"] or parts["m2"] or "").lower()) or int(parts["m3"] or 0)
        try:
            return date(
                int(parts["y1"] or parts["y2"] or parts["y3"]),
                month,
                int(parts["d1"] or parts["d2"] or parts["d3"]),
            )
        except ValueError:
            continue
    return None


# -- dates resolved to days, for comparing values ------------------------------------------------


def find_dates(text: str, reference: date | None = None) -> list[DateMention]:
    """Every date the text states, resolved against ``reference`` (the page's date) when the
    text gives only a weekday, "yesterday" or "last year"."""
    found: list[DateMention] = []
    taken = Spans(len(text))
    for pattern in _DATE_FORMS:
        for match in pattern.finditer(text):
            if not taken.overlaps(match) and (mention := _absolute(match, reference)):
                found.append(mention)
                taken.add(match)
    for match in _LONE_WEEKDAY.finditer(text):
        if not taken.overlaps(match):
            found.append(_weekday(match, reference))
    found.extend(_foreign(text, reference, taken))
    found.extend(_relative(text, reference))
    return sorted(found, key=lambda mention: mention.start)


def _foreign(text: str, reference: date | None, taken: Spans) -> list[DateMention]:
    """Dates and weekdays as other languages write them ("19 октября", "10月19日", "dimanche")."""
    mentions = []
    for found in [*foreign_dates(text), *foreign_weekdays(text)]:
        if taken.overlaps_range(found.start, found.start + len(found.text)):
            continue
        mention = _foreign_mention(found, reference)
        if mention is not None:
            mentions.append(mention)
    return mentions


def _foreign_mention(found: ForeignDate, reference: date | None) -> DateMention | None:
    if found.weekday is not None:
        day = None
        if reference is not None:
            day = reference - timedelta(days=(reference.weekday() - found.weekday) % 7)
        return DateMention(found.text, found.start, day=day, weekday=found.weekday)
    day = resolve_day(found, reference)
    if day is None and not found.month:
        return None  # "19日" with no page date: no day to compare
    return DateMention(
        found.text,
        found.start,
        day=day,
        weekday=day.weekday() if day else None,
        month_day=(found.month, found.day) if found.month else None,
    )


class Spans:
    """Which characters of a text some match covers: one byte per character, so a test costs
    the match's length, not the number of matches so far (a list of ranges was quadratic in
    the number of dates)."""

    def __init__(self, size: int) -> None:
        self.covered = bytearray(size)

    def add(self, match: re.Match[str]) -> None:
        self.add_range(match.start(), match.end())

    def add_range(self, start: int, end: int) -> None:
        self.covered[start:end] = b"\x01" * (end - start)

    def overlaps(self, match: re.Match[str]) -> bool:
        return self.overlaps_range(match.start(), match.end())

    def overlaps_range(self, start: int, end: int) -> bool:
        return self.covered.find(1, start, max(end, start + 1)) != -1

    def __contains__(self, position: int) -> bool:
        return 0 <= position < len(self.covered) and self.covered[position] == 1


def date_spans(text: str) -> Spans:
    """The characters of explicit dates, so their day numbers are not read as quantities."""
    spans = Spans(len(text))
    for pattern in _DATE_FORMS:
        for match in pattern.finditer(text):
            spans.add(match)
    for found in foreign_dates(text):
        spans.add_range(found.start, found.start + len(found.text))
    return spans


def _absolute(match: re.Match[str], reference: date | None) -> DateMention | None:
    groups = match.groupdict()
    month = int(groups["mnum"]) if groups.get("mnum") else MONTHS[groups["month"].lower()]
    year = int(groups["year"]) if groups.get("year") else _likely_year(month, reference)
    weekday = WEEKDAYS[groups["weekday"].lower()] if groups.get("weekday") else None
    try:
        day = date(year, month, int(groups["day"])) if year else None
    except ValueError:
        return None
    return DateMention(
        match.group(0),
        match.start(),
        day=day,
        weekday=day.weekday() if day else weekday,
        month_day=(month, int(groups["day"])),
    )


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
        DateMention(
            m.group(0),
            m.start(),
            day=(day := reference + timedelta(days=_DAY_OFFSETS[m.group("word").lower()])),
            weekday=day.weekday(),
        )
        for m in _RELATIVE_DAY.finditer(text)
    ]
    mentions += [
        DateMention(
            m.group(0), m.start(), year=reference.year + _YEAR_OFFSETS[m.group("word").lower()]
        )
        for m in _RELATIVE_YEAR.finditer(text)
    ]
    return mentions


# -- date terms as words, for the matcher and the full-text prefilter ----------------------------


def canonical_date_word(word: str) -> str:
    """One form per date word, so spellings compare equal: "November" / "Nov" -> "nov",
    "2nd" / "02" -> "2"; other words stay as they are."""
    ordinal = _ORDINAL.match(word)
    if ordinal:
        return ordinal.group(1).lstrip("0") or "0"
    if is_number_word(word):
        return word.lstrip("0") or "0"
    return _CALENDAR_WORDS.get(word) or calendar_word(word) or word


def is_number_word(word: str) -> bool:
    """ASCII digits only: ``str.isdigit`` also accepts "፩" or "²", which ``int`` refuses."""
    return word.isascii() and word.isdigit()


def is_year_word(word: str) -> bool:
    """A four-digit word: the part of a date that reports often leave out."""
    return is_number_word(word) and len(word) == 4


def date_term_found(words: list[str], sentence_date_words: frozenset[str]) -> bool:
    """Does a sentence (its words in canonical form) state the date term of ``words``
    (normalised)? Day and month must appear; the year may be left out, as reports often do."""
    parts = [canonical_date_word(word) for word in words]
    needed = [part for part in parts if not is_year_word(part)] or parts
    return all(part in sentence_date_words for part in needed)


def calendar_spellings(word: str) -> tuple[str, ...]:
    """Every spelling of the month or weekday ``word`` spells (lower case), full name first;
    () for any other word."""
    return _CALENDAR_SPELLINGS.get(word, ())
