"""Does a sentence carry the specifics of a claim? Key terms compared the way reports vary them.

Names may shrink to a surname or lose a company suffix, numbers are compared as values ("1,200",
"1.2 thousand", "twelve hundred" are one number), dates as day and month in any common form,
quotes by fuzzy wording. A sentence is normalised only when a claim asks about it. How words,
numbers and dates are read is defined in corroborate/text/, which the full-text prefilter reads
too, so the two cannot drift apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from rapidfuzz import fuzz

from corroborate.models import KeyTerms
from corroborate.text.dates import canonical_date_word, date_term_found
from corroborate.text.lexicon import COMPANY_SUFFIXES
from corroborate.text.quantities import digit_numbers, number_values
from corroborate.text.words import normalise_words


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
        return frozenset(canonical_date_word(word) for word in set(self.words))

    @cached_property
    def numbers(self) -> frozenset[float]:
        return number_values(self.text, self.words)


_QUOTE_MIN_SIMILARITY = 90.0
# Runs of capitalised words: "Jane Doe", "U.S. Labor Department".
_NAME_RUN = re.compile(r"\b[A-Z][\w'.-]*\w(?:\s+[A-Z][\w'.-]*\w)*")


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
    numbers = digit_numbers(text)
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
    if all(word.casefold().strip(".") in COMPANY_SUFFIXES for word in words):
        return ""
    return " ".join(words)


def term_found(term: Term, view: SentenceTerms) -> bool:
    if f" {term.words} " in view.padded_words:
        return True
    if term.kind == "number":
        return bool(term.values) and term.values <= view.numbers
    if term.kind == "date":
        return date_term_found(term.words.split(), view.date_words)
    if term.kind == "quote":
        return fuzz.partial_ratio(term.words, view.padded_words) >= _QUOTE_MIN_SIMILARITY
    return _short_name_found(term, view)


def _short_name_found(term: Term, view: SentenceTerms) -> bool:
    """Reports name a person in full once, then by surname ("Joe Biden" -> "Biden"), and drop
    company suffixes ("Acme Corp" -> "Acme")."""
    words = term.words.split()
    if len(words) > 1 and words[-1] in COMPANY_SUFFIXES:
        return f" {' '.join(words[:-1])} " in view.padded_words
    last = term.text.split()[-1] if len(words) > 1 else ""
    if len(last) < 3 or not last[0].isupper():
        return False
    return re.search(rf"(?<!\w){re.escape(last)}(?!\w)", view.text) is not None
