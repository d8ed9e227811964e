"""Does a sentence carry the specifics of a claim? Key terms compared the way reports vary them.

Names may shrink to a surname or lose a company suffix, numbers are compared as values ("1,200",
"1.2 thousand", "twelve hundred" are one number), dates as day and month in any common form,
quotes by fuzzy wording. A sentence is normalised only when a claim asks about it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property

from rapidfuzz import fuzz

from corroborate.models import KeyTerms


@dataclass(frozen=True)
class Term:
    """One key term of a claim, prepared for lookup in many sentences."""

    text: str  # as the claim extractor wrote it: what Evidence reports
    kind: str  # entity / number / date / quote
    words: str  # normalised, space-separated
    values: frozenset[float] = frozenset()  # numbers only


class SentenceTerms:
    """A shortlisted sentence; the term lookup parts are computed only if a claim asks."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.word_count = len(text.split())  # whitespace-separated, as for claims

    @cached_property
    def words(self) -> list[str]:
        return normalise_words(self.text)

    @cached_property
    def padded_words(self) -> str:
        """Normalised words with a space at each end, for whole-word lookup."""
        return f" {' '.join(self.words)} "

    @cached_property
    def date_words(self) -> frozenset[str]:
        return frozenset(_date_word(word) for word in set(self.words))

    @cached_property
    def numbers(self) -> frozenset[float]:
        return number_values(self.text, self.words)


_WORD = re.compile(r"\w+")
_DIGITS = re.compile(
    r"(?<![\w.,])(\d+(?:[.,]\d+)*)(?:st|nd|rd|th)?"
    r"(?:(k|m|mn|bn|tn)\b|\s+(hundred|thousand|million|billion|trillion)\b)?(?![\w])"
)
_SCALES = {
    "hundred": 1e2, "thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6,
    "billion": 1e9, "bn": 1e9, "trillion": 1e12, "tn": 1e12,
}  # fmt: skip
_UNITS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_NUMBER_WORDS = {word: float(value) for value, word in enumerate(_UNITS)}
_NUMBER_WORDS |= {word: float(20 + 10 * index) for index, word in enumerate(_TENS)}
_NUMBER_WORDS["dozen"] = 12.0
_MONTHS = "january february march april may june july august september october november december"
_WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday"
# Full names and the usual abbreviations of months and weekdays, to one canonical form each.
_CALENDAR_WORDS = {name: name[:3] for name in (_MONTHS + " " + _WEEKDAYS).split()}
_CALENDAR_WORDS |= {name[:3]: name[:3] for name in _CALENDAR_WORDS}
_CALENDAR_WORDS |= {"sept": "sep", "tues": "tue", "thur": "thu", "thurs": "thu"}
_COMPANY_SUFFIXES = frozenset(
    "co corp corporation inc incorporated ltd limited llc plc ag sa gmbh group company".split()
)
_ORDINAL = re.compile(r"^(\d+)(?:st|nd|rd|th)$")
_QUOTE_MIN_SIMILARITY = 90.0
# Runs of capitalised words: "Jane Doe", "U.S. Labor Department".
_NAME_RUN = re.compile(r"\b[A-Z][\w'.-]*\w(?:\s+[A-Z][\w'.-]*\w)*")


def normalise_words(text: str) -> list[str]:
    """Lower-case words without accents, so "São Paulo," and "Sao Paulo" compare equal."""
    folded = text.casefold()
    if not folded.isascii():
        decomposed = unicodedata.normalize("NFKD", folded)
        folded = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _WORD.findall(folded)


def claim_terms(key_terms: KeyTerms) -> tuple[Term, ...]:
    kinds = (
        ("entity", key_terms.entities),
        ("number", key_terms.numbers),
        ("date", key_terms.dates),
        ("quote", key_terms.quotes),
    )
    terms: dict[str, Term] = {}
    for kind, texts in kinds:
        for text in texts:
            words = " ".join(normalise_words(text))
            if words and text not in terms:
                values = number_values(text, words.split()) if kind == "number" else frozenset()
                terms[text] = Term(text, kind, words, values)
    return tuple(terms.values())


def implicit_terms(text: str) -> tuple[Term, ...]:
    """Numbers and capitalised names of a claim that came without key terms, so that
    sentences sharing only its common words do not pass as evidence."""
    numbers = tuple(match.group(0).strip() for match in _DIGITS.finditer(text))
    names = tuple(filter(None, (_name(text, match) for match in _NAME_RUN.finditer(text))))
    return claim_terms(KeyTerms(entities=names, numbers=numbers))


def _name(text: str, run: re.Match[str]) -> str:
    """The name in a run of capitalised words, without a short sentence opener ("The", "In")
    and never a bare company suffix."""
    words = run.group(0).split()
    before = text[: run.start()].rstrip()
    opens_sentence = not before or before[-1] in ".!?"
    if opens_sentence and len(words[0]) <= 3:
        words = words[1:]
    if all(word.casefold().strip(".") in _COMPANY_SUFFIXES for word in words):
        return ""
    return " ".join(words)


def term_found(term: Term, view: SentenceTerms) -> bool:
    if f" {term.words} " in view.padded_words:
        return True
    if term.kind == "number":
        return bool(term.values) and term.values <= view.numbers
    if term.kind == "date":
        return _date_found(term.words, view.date_words)
    if term.kind == "quote":
        return fuzz.partial_ratio(term.words, view.padded_words) >= _QUOTE_MIN_SIMILARITY
    return _short_name_found(term, view)


def _short_name_found(term: Term, view: SentenceTerms) -> bool:
    """Reports name a person in full once, then by surname ("Joe Biden" -> "Biden"), and drop
    company suffixes ("Acme Corp" -> "Acme")."""
    words = term.words.split()
    if len(words) > 1 and words[-1] in _COMPANY_SUFFIXES:
        return f" {' '.join(words[:-1])} " in view.padded_words
    last = term.text.split()[-1] if len(words) > 1 else ""
    if len(last) < 3 or not last[0].isupper():
        return False
    return re.search(rf"(?<!\w){re.escape(last)}(?!\w)", view.text) is not None


def _date_word(word: str) -> str:
    """Canonical form of a date word: "November" / "Nov" -> "nov", "2nd" -> "2"."""
    ordinal = _ORDINAL.match(word)
    if ordinal:
        return str(int(ordinal.group(1)))
    if word.isdigit():
        return str(int(word))
    return _CALENDAR_WORDS.get(word, word)


def _date_found(words: str, sentence_date_words: frozenset[str]) -> bool:
    """Day and month must appear; the year may be left out, as reports often do."""
    parts = [_date_word(word) for word in words.split()]
    needed = [part for part in parts if not (part.isdigit() and len(part) == 4)] or parts
    return all(part in sentence_date_words for part in needed)


def number_values(text: str, words: list[str]) -> frozenset[float]:
    """Every number in the text (``words``: its normalised words) as a value: "1,200", "1200"
    and "1.2 thousand" are one number; "$4.5m" is 4,500,000; "twelve" and "a dozen" are 12."""
    values = {
        _scaled(_digits_value(match.group(1)), match.group(2) or match.group(3))
        for match in _DIGITS.finditer(text.casefold())
    }
    values |= _word_number_values(words)
    return frozenset(round(value, 6) for value in values if value is not None)


def _digits_value(digits: str) -> float | None:
    """"1,200" and "1.200.000" use thousands separators; "3,5" and "3.5" are decimals."""
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", digits):
        return float(digits.replace(",", ""))
    if re.fullmatch(r"\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?", digits):
        return float(digits.replace(".", "").replace(",", "."))
    try:
        return float(digits.replace(",", "."))
    except ValueError:
        return None


def _scaled(value: float | None, scale: str | None) -> float | None:
    return None if value is None else value * _SCALES.get(scale or "", 1.0)


def _word_number_values(words: list[str]) -> set[float]:
    """Spelled-out numbers up to ninety-nine, optionally scaled: "twenty-five", "two million"."""
    values: set[float] = set()
    if _NUMBER_WORDS.keys().isdisjoint(words):
        return values
    index = 0
    while index < len(words):
        value = _NUMBER_WORDS.get(words[index])
        if value is not None:
            if value >= 20 and index + 1 < len(words) and words[index + 1] in _UNITS[1:10]:
                index += 1
                value += _NUMBER_WORDS[words[index]]
            if index + 1 < len(words) and words[index + 1] in _SCALES:
                index += 1
                value *= _SCALES[words[index]]
            values.add(value)
        index += 1
    return values
