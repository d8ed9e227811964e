"""Narrow a large run's sentences to those that can match a claim, with SQLite full-text search.

Matching scores every sentence against every claim, so its cost grows with the run. But a
sentence keeps only part of its score for the claim's key terms it lacks (the coverage factor
in matching.py): with none of them it is below any useful minimum score, and with k of n terms
it can reach at most 40 + 60 * k / n. One full-text query per key term, an OR of every spelling
under which matching would find that term, tells how many terms each sentence can carry; the
sentences with too few can never be evidence and are left out. The index answers in time that
grows with the hits, not with the run.

The spellings follow matching's term lookup: a name by its first or last word (surnames,
"Acme" for "Acme Corp"), a number by its value in any common notation ("8,000", "8000",
"8 thousand", "8k", "eight"), a date by its month or weekday in full or abbreviated, a quote by
its longer words. A claim without key terms is selected by its words."""

from __future__ import annotations

import logging
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence

from corroborate.evidence.matching import COVERAGE_FLOOR, DEFAULT_MIN_SCORE
from corroborate.models import CandidateSentence, Claim
from corroborate.settings import DEFAULT_SETTINGS
from corroborate.store import Store

logger = logging.getLogger(__name__)

# Per claim, at most this many sentences (those with the most of its terms first) go on to
# matching, which itself gives the full check to its best 500 per claim. Only a claim whose key
# terms are among the commonest words of a huge run reaches the bound.
DEFAULT_LIMIT_PER_CLAIM = DEFAULT_SETTINGS.prefilter_limit
# Runs with more sentences than this are prefiltered; smaller ones are matched whole, exactly.
PREFILTER_THRESHOLD = DEFAULT_SETTINGS.prefilter_threshold

_TOKEN = re.compile(r"\w+")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_COMPANY_SUFFIXES = frozenset(
    "co corp corporation inc incorporated ltd limited llc plc ag sa gmbh group company".split()
)
_STOPWORDS = frozenset(
    "the and for with that from was were has have had its are but not this which who will "
    "would said says after before over about than into".split()
)
_MONTHS = ("january february march april may june july august september october november "
           "december").split()
_WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday".split()
_CALENDAR_SPELLINGS: dict[str, tuple[str, ...]] = {
    **{name: (name, name[:3]) for name in _MONTHS + _WEEKDAYS},
    "september": ("september", "sep", "sept"),
    "tuesday": ("tuesday", "tue", "tues"),
    "thursday": ("thursday", "thu", "thur", "thurs"),
}
_CALENDAR_WORDS = {spelling: name for name, spellings in _CALENDAR_SPELLINGS.items()
                   for spelling in spellings}
_UNIT_WORDS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
               "fourteen fifteen sixteen seventeen eighteen nineteen").split()
_TENS_WORDS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_SCALES = (("hundred", 1e2, ()), ("thousand", 1e3, ("k",)), ("million", 1e6, ("m", "mn")),
           ("billion", 1e9, ("bn",)), ("trillion", 1e12, ("tn",)))
_SCALE_WORDS = {word: size for name, size, short in _SCALES for word in (name, *short)}


def claim_term_expressions(claim: Claim) -> list[str]:
    """One FTS5 MATCH expression per key term of ``claim`` (as matching counts its terms: one
    per distinct text), satisfied by every sentence in which matching would find that term. A
    claim without usable key terms gets one expression, over its words."""
    terms = claim.key_terms
    kinds = ((_name_spellings, terms.entities), (_number_spellings, terms.numbers),
             (_date_spellings, terms.dates), (_quote_spellings, terms.quotes))
    spellings: dict[str, list[str]] = {}
    for spell, texts in kinds:
        for text in texts:
            if text not in spellings and _tokens(text):
                spellings[text] = spell(text)
    groups = list(spellings.values()) or [_plain_claim_spellings(claim.text)]
    return [" OR ".join(f'"{phrase}"' for phrase in dict.fromkeys(group) if phrase)
            for group in groups]


def terms_needed(term_count: int, min_score: float = DEFAULT_MIN_SCORE) -> int:
    """How many of a claim's terms a sentence must carry to possibly score ``min_score``: with
    k of n terms it keeps at most COVERAGE_FLOOR + (1 - COVERAGE_FLOOR) * k / n of 100."""
    share = (min_score / 100 - COVERAGE_FLOOR) / (1 - COVERAGE_FLOOR)
    return max(1, math.ceil(term_count * share - 1e-9))


def _quote_spellings(quote: str) -> list[str]:
    """A quote is found by fuzzy comparison, which keeps most of its longer words intact."""
    words = _tokens(quote)
    return [word for word in words if len(word) >= 4] or words[:1]


def _tokens(text: str) -> list[str]:
    """Words as the full-text index sees them: lower case, accents removed."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    return _TOKEN.findall("".join(char for char in folded if not unicodedata.combining(char)))


def _name_spellings(name: str) -> list[str]:
    """A name is found in full, by its last word, or without a company suffix: each of those
    contains its first or its last word."""
    words = _tokens(name)
    if len(words) > 1 and words[-1] in _COMPANY_SUFFIXES:
        words = words[:-1]
    return list(dict.fromkeys(words[:1] + words[-1:]))


def _number_spellings(number: str) -> list[str]:
    values = list(_values(number))
    if not values:
        return [" ".join(_tokens(number))]
    return [spelling for value in values for spelling in _value_spellings(value)]


def _values(text: str) -> Iterator[float]:
    """The numbers in a term as written: "1,200", "3.5 million", "$4.5m", "twelve"."""
    for match in _NUMBER.finditer(text):
        scale = _SCALE_WORDS.get(_next_word(text, match.end()), 1.0)
        for value in _digits_values(match.group(0)):
            yield value * scale
    for word in _tokens(text):
        if word in _UNIT_WORDS:
            yield float(_UNIT_WORDS.index(word))
        elif word in _TENS_WORDS:
            yield float(20 + 10 * _TENS_WORDS.index(word))
        elif word == "dozen":
            yield 12.0


def _next_word(text: str, position: int) -> str:
    following = re.match(r"\s*([a-z]+)", text[position:].casefold())
    return following.group(1) if following else ""


def _digits_values(digits: str) -> set[float]:
    """The value matching reads: "1,200" and "1.200.000" group thousands, "3,5" and "1.200" are
    decimals."""
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", digits):
        return {float(digits.replace(",", ""))}
    if re.fullmatch(r"\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?", digits):
        return {float(digits.replace(".", "").replace(",", "."))}
    try:
        return {float(digits.replace(",", "."))}
    except ValueError:
        return set()


def _value_spellings(value: float) -> list[str]:
    """The ways a text may write ``value``, as token phrases."""
    spellings = [_plain_digits(value), _grouped_digits(value)]
    if value == int(value):
        spellings += [f"{int(value)}{suffix}" for suffix in ("st", "nd", "rd", "th")]
        spellings += _number_words(int(value))
    for name, size, short in _SCALES:
        mantissa = round(value / size, 6)
        if value >= size and mantissa == round(mantissa, 2):
            digits = _plain_digits(mantissa)
            spellings.append(f"{digits} {name}")
            head, _, last = digits.rpartition(" ")
            spellings += [f"{head} {last}{suffix}".strip() for suffix in short]
    return spellings


def _plain_digits(value: float) -> str:
    """"8000" or "1 2" (the tokens of "1.2" and "1,2")."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return text.replace(".", " ")


def _grouped_digits(value: float) -> str:
    """"8 000" (the tokens of "8,000" and "8.000")."""
    whole = f"{int(value):,}".replace(",", " ")
    fraction = _plain_digits(value).partition(" ")[2]
    return f"{whole} {fraction}".strip()


def _number_words(value: int) -> list[str]:
    if value < 20:
        return [_UNIT_WORDS[value]] + (["dozen"] if value == 12 else [])
    if value < 100:
        return [_TENS_WORDS[value // 10 - 2]]
    return []


def _date_spellings(date: str) -> list[str]:
    """A date is found only with its month or weekday (any spelling) and its day; the year may
    be left out. So any one required part, in all its spellings, selects a superset."""
    words = _tokens(date)
    calendar = [_CALENDAR_WORDS[word] for word in words if word in _CALENDAR_WORDS]
    if calendar:
        return list(_CALENDAR_SPELLINGS[calendar[0]])
    days = [word for word in words if word.isdigit() and len(word) != 4]
    if days:
        return _value_spellings(float(int(days[0]))) + [days[0].zfill(2)]
    return words


def _plain_claim_spellings(text: str) -> list[str]:
    """A claim without key terms: its names, numbers and content words."""
    spellings = [word for word in _tokens(text) if len(word) >= 3 and word not in _STOPWORDS]
    names = (word.casefold() for word in re.findall(r"\b[A-Z]\w*", text))
    spellings += [word for word in names if word not in _STOPWORDS]
    for value in _values(text):
        spellings += _value_spellings(value)
    return spellings


def claim_sentence_ids(store: Store, run_id: int, claim: Claim, limit: int,
                       min_score: float = DEFAULT_MIN_SCORE) -> list[int]:
    """The run's sentences that can match ``claim``: those with enough of its terms, the ones
    with the most terms first (their attainable score is highest), at most ``limit``."""
    expressions = claim_term_expressions(claim)
    hits = Counter(sentence_id for expression in expressions
                   for sentence_id in store.search_index.sentence_ids_matching(run_id, expression))
    needed = terms_needed(len(expressions), min_score)
    kept = [sentence_id for sentence_id, count in hits.items() if count >= needed]
    kept.sort(key=lambda sentence_id: (-hits[sentence_id], sentence_id))
    return kept[:limit]


def run_candidates(
    store: Store, run_id: int, claims: Sequence[Claim],
    threshold: int = PREFILTER_THRESHOLD, limit_per_claim: int = DEFAULT_LIMIT_PER_CLAIM,
    min_score: float = DEFAULT_MIN_SCORE,
) -> list[CandidateSentence]:
    """The sentences to match ``claims`` against: all of a small run's (exact), the full-text
    selection of a large one's (cost grows with the hits, not the run). The sentences stored
    since the last selection are indexed first, in bulk."""
    if store.scoring.sentence_count(run_id) <= threshold:
        return store.scoring.candidate_sentences(run_id)
    logger.info("run %d: selecting sentences by full-text search", run_id)
    indexed = store.search_index.index_new_sentences()
    if indexed:
        logger.info("indexed %d new sentences for full-text search", indexed)
    selected = {sentence_id for claim in claims
                for sentence_id in claim_sentence_ids(store, run_id, claim, limit_per_claim,
                                                      min_score)}
    return store.scoring.sentences_by_id(sorted(selected))
