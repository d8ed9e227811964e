"""Dates and figures as other languages write them, read from CLDR (via babel).

Much of a story's coverage is in other languages: "19 octobre", "19. Oktober", "19 октября",
"10月19日", "10월 19일" are one day; "1,8 Milliarden Euro", "88 millions d'euros", "8800万ユーロ"
are figures with a scale and a currency. Writing month names, weekday names, scale words and
currency names by hand for every language would be a second, worse CLDR, so they come from the
one babel ships. ``text.dates`` and ``text.quantities`` call this module, so every stage that
reads dates and figures (matching, prefilter, discrepancies) reads these too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from babel import Locale
from babel.dates import get_day_names, get_month_names
from babel.numbers import get_currency_name

from corroborate.text.lexicon import MONTH_SPELLINGS, SCALES, WEEKDAY_SPELLINGS, WEEKDAYS

# Languages whose month, weekday, scale and currency words are read in any text. CJK dates are
# read by their markers (年月日, 년월일) and so need no names.
READ_LOCALES = (
    "fr", "de", "es", "it", "pt", "nl", "sv", "da", "nb", "pl", "cs", "ro", "hu", "tr", "id",
    "ru", "uk", "bg", "el", "ja", "ko", "zh", "zh_Hant",
)  # fmt: skip
CURRENCIES = ("EUR", "USD", "GBP", "JPY", "CNY", "KRW", "RUB", "CHF", "INR")
_PLURAL_SAMPLES = (1, 2, 5, 1.5, 21)  # one of each plural category in most languages
# A word ends where no letter follows, or at once in scripts written without spaces ("万ユーロ").
_WORD_END = r"(?:(?<=[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af])|(?![^\W\d_]))"
_SPACE_GROUPS = re.compile(r"[\u00a0\u202f ]")  # "2 300 000": French and Russian group so
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")  # same length: spans hold


@dataclass(frozen=True)
class ForeignDate:
    """A date written the way another language writes it; ``month`` 0 for a bare day of the
    month ("19日"), which only the page's date can place."""

    text: str
    start: int
    day: int
    month: int = 0
    year: int | None = None
    weekday: int | None = None


@dataclass(frozen=True)
class ForeignFigure:
    """A figure with a scale word or currency another language writes ("1,8 Milliarden Euro")."""

    text: str
    start: int
    value: float
    unit: str  # ISO currency code, or "" when the figure has only a scale word


# -- the words, from CLDR --------------------------------------------------------------------------


@cache
def month_words() -> dict[str, int]:
    """Every language's full month names (format and stand-alone forms), lower case -> 1..12.
    Abbreviations are left out: "out" (Portuguese October) or "set" are English words too."""
    words: dict[str, int] = {}
    for code in READ_LOCALES:
        for context in ("format", "stand-alone"):
            for number, name in get_month_names("wide", context, locale=code).items():
                if not re.search(r"\d", name):  # CJK month names are "10月": read by marker
                    words.setdefault(name.lower(), number)
    return words  # English names too: German writes "3. November"


@cache
def weekday_words() -> dict[str, int]:
    """Every language's full weekday names, as written (case kept) -> 0 (Monday)..6."""
    words: dict[str, int] = {}
    for code in READ_LOCALES:
        for context in ("format", "stand-alone"):
            for number, name in get_day_names("wide", context, locale=code).items():
                words.setdefault(name, number)
    return {word: number for word, number in words.items() if word.lower() not in WEEKDAYS}


@cache
def scale_words() -> dict[str, float]:
    """Scale words of every language ("Milliarden", "millions", "млн", "万", "억") -> factor,
    from CLDR's compact number formats ("0 Milliarden" at 10^9, "0000万" at 10^7)."""
    sizes: dict[str, set[float]] = {}
    for code in READ_LOCALES:
        formats = Locale.parse(code).compact_decimal_formats
        for kind in ("long", "short"):
            for by_magnitude in formats.get(kind, {}).values():
                for magnitude, pattern in by_magnitude.items():
                    word, size = _scale_of(pattern.pattern, int(magnitude))
                    if word and (kind == "long" or len(word.strip(".")) >= 3):
                        sizes.setdefault(word.lower(), set()).add(size)
    # A word languages disagree on ("billions": 10^12 in French) or that English reads its own
    # way is left out: a wrong factor is worse than none.
    return {
        word: min(size)
        for word, size in sizes.items()
        if len(size) == 1 and word.rstrip(".") not in SCALES and _english_agrees(word, min(size))
    }


def _english_agrees(word: str, size: float) -> bool:
    """False for a plural English reads otherwise ("billions" is 10^12 in French)."""
    singular = word.removesuffix("s")
    return singular not in SCALES or SCALES[singular] == size


def _scale_of(pattern: str, magnitude: int) -> tuple[str, float]:
    """ "00 Millionen" at 10^7 -> ("millionen", 10^6); "" for a pattern without a word."""
    zeros = pattern.count("0")
    word = pattern.replace("0", "").replace("'", "").replace("\u00a0", " ").strip()
    if not zeros or not word or re.search(r"[#¤%]", word):
        return "", 0.0
    return word, magnitude / 10 ** (zeros - 1)


@cache
def currency_words() -> dict[str, str]:
    """Currency names in every language, each plural form ("euros", "евро", "ユーロ", "유로",
    "долларов") -> ISO code."""
    words: dict[str, str] = {}
    for code in READ_LOCALES:
        for currency in CURRENCIES:
            for count in (None, *_PLURAL_SAMPLES):
                name = get_currency_name(currency, count=count, locale=code)
                if name and name != currency:
                    words.setdefault(name.lower(), currency)
                    words.setdefault(name.split()[0].lower(), currency)  # "долларов США"
    return words


def _alternation(words: Iterable[str]) -> str:
    """A regex alternation of the words, longest first (so "Milliarden" beats "Milliarde")."""
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    months = _alternation(month_words())
    sign = r"[$€£¥₩₽]"
    return {
        # "19 octobre 2025", "19. Oktober", "19 de octubre de 2025", "19 октября 2025 года"
        "day_month": re.compile(
            rf"(?<![\w.,])(?P<day>[0-3]?\d)\.?\s+(?:de\s+)?(?P<month>{months})\b"
            r"(?:,?\s+(?:de\s+)?(?P<year>(?:19|20)\d\d)\b)?",
            re.IGNORECASE,
        ),
        # "2025年10月19日", "10月19日", "2025년 10월 19일"
        "cjk": re.compile(
            r"(?:(?P<year>(?:19|20)\d\d)\s*[年년]\s*)?(?<!\d)(?P<month>1[0-2]|0?[1-9])\s*[月월]\s*"
            r"(?P<day>[0-3]?\d)\s*[日일]"
        ),
        # "19日" (in a page dated 20 October: 19 October), "19일"
        "cjk_day": re.compile(r"(?<![\d月월])(?P<day>[0-3]?\d)\s*(?:日(?!本)|일)"),
        "weekday": re.compile(rf"(?<!\w)(?P<weekday>{_alternation(weekday_words())}){_WORD_END}"),
        "figure": re.compile(
            rf"(?<![0-9A-Za-z\u00c0-\u024f\u0370-\u04ff_.,])(?P<sign>{sign})?\s?"
            r"(?P<number>\d{1,3}(?:[\u00a0\u202f ]\d{3})+(?![\d.,])|\d+(?:[.,]\d+)*)\s?"
            rf"(?:(?P<scale>{_alternation(scale_words())}){_WORD_END})?\s?"
            rf"(?:(?:de|d'|d’)\s?)?(?:(?P<currency>{_alternation(currency_words())}){_WORD_END}"
            rf"|(?P<after>{sign}))?",
            re.IGNORECASE,
        ),
    }


# -- reading ---------------------------------------------------------------------------------------


def foreign_dates(text: str) -> list[ForeignDate]:
    """The dates in ``text`` written as other languages write them (not the English forms)."""
    text = text.translate(_FULLWIDTH_DIGITS)
    found: list[ForeignDate] = []
    taken: list[range] = []
    for kind in ("cjk", "day_month", "cjk_day"):
        for match in _patterns()[kind].finditer(text):
            if any(match.start() < span.stop and span.start < match.end() for span in taken):
                continue
            mention = _foreign_date(match, kind)
            if mention is not None:
                found.append(mention)
                taken.append(range(match.start(), match.end()))
    return found


def _foreign_date(match: re.Match[str], kind: str) -> ForeignDate | None:
    groups = match.groupdict()
    day = int(groups["day"])
    month = 0 if kind == "cjk_day" else _month_number(groups["month"])
    if not 1 <= day <= 31:
        return None
    year = int(groups["year"]) if groups.get("year") else None
    return ForeignDate(match.group(0), match.start(), day, month, year)


def _month_number(month: str) -> int:
    return int(month) if month.isdigit() else month_words()[month.lower()]


def foreign_weekdays(text: str) -> Iterator[ForeignDate]:
    """Weekday names of other languages. Latin-script names count only in lower case (French,
    Spanish, Russian write them so): capitalised, "Domingo" is as often a surname."""
    for match in _patterns()["weekday"].finditer(text):
        word = match.group("weekday")
        if word[0].isupper() and word.isascii():
            continue
        yield ForeignDate(word, match.start(), 0, weekday=weekday_words()[word])


def resolve_day(mention: ForeignDate, reference: date | None) -> date | None:
    """The calendar day a foreign date names: its year as written, else the latest such day up
    to a little after ``reference`` (news reports the recent past); None when unplaceable."""
    if mention.month == 0:  # a bare day of the month: the latest one on or before the reference
        if reference is None:
            return None
        day = reference
        for _ in range(62):
            if day.day == mention.day:
                return day
            day -= timedelta(days=1)
        return None
    year = mention.year
    if year is None and reference is not None:
        year = reference.year - 1 if mention.month > reference.month + 1 else reference.year
    try:
        return date(year, mention.month, mention.day) if year else None
    except ValueError:
        return None


def foreign_figures(text: str) -> list[ForeignFigure]:
    """Figures with another language's scale word or currency name: "1,8 Milliarden Euro" is
    1.8e9 EUR, "8800万ユーロ" 8.8e7 EUR, "88 миллионов" 8.8e7. Bare numbers are left to
    ``text.quantities``."""
    from corroborate.text.quantities import parse_digits  # it imports this module

    found = []
    for match in _patterns()["figure"].finditer(text.translate(_FULLWIDTH_DIGITS)):
        scale, currency = match.group("scale"), match.group("currency")
        sign = match.group("sign") or match.group("after")
        number = match.group("number")
        if not (scale or currency or match.group("after") or _SPACE_GROUPS.search(number)):
            continue  # nothing another language adds: "€88" alone is read in English already
        value = parse_digits(_SPACE_GROUPS.sub("", number))
        if value is None:
            continue
        value *= scale_words().get(scale.lower(), 1.0) if scale else 1.0
        unit = _currency_code(currency) or _currency_code(sign)
        found.append(ForeignFigure(match.group(0).strip(), match.start(), round(value, 6), unit))
    return found


def _currency_code(word: str | None) -> str:
    if not word:
        return ""
    return {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₩": "KRW", "₽": "RUB"}.get(
        word, currency_words().get(word.lower(), "")
    )


def calendar_word(word: str) -> str | None:
    """The canonical English word ("oct", "sun") of another language's month or weekday name
    (lower case), so "octobre" and "October" compare equal; None for any other word."""
    month = month_words().get(word)
    if month:
        return MONTH_SPELLINGS[month - 1][0][:3]
    weekday = _lower_weekday_words().get(word)
    return None if weekday is None else WEEKDAY_SPELLINGS[weekday][0][:3]


@cache
def _lower_weekday_words() -> dict[str, int]:
    return {word.lower(): number for word, number in weekday_words().items()}
