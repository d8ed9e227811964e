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
its longer words. A claim without key terms is selected by its words. The rules for words,
numbers and dates are read from corroborate/text/, as the matcher reads them."""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from collections.abc import Sequence

from corroborate.evidence.matching import COVERAGE_FLOOR, DEFAULT_MIN_SCORE
from corroborate.models import CandidateSentence, Claim
from corroborate.settings import DEFAULT_SETTINGS
from corroborate.store import Store
from corroborate.text.dates import calendar_spellings, is_number_word
from corroborate.text.lexicon import COMPANY_SUFFIXES, TOO_COMMON_TO_SEARCH
from corroborate.text.quantities import number_values, value_spellings
from corroborate.text.words import normalise_words

logger = logging.getLogger(__name__)

# Per claim, at most this many sentences (those with the most of its terms first) go on to
# matching, which itself gives the full check to its best 500 per claim. Only a claim whose key
# terms are among the commonest words of a huge run reaches the bound.
DEFAULT_LIMIT_PER_CLAIM = DEFAULT_SETTINGS.prefilter_limit
# Runs with more sentences than this are prefiltered; smaller ones are matched whole, exactly.
PREFILTER_THRESHOLD = DEFAULT_SETTINGS.prefilter_threshold


def claim_term_expressions(claim: Claim) -> list[str]:
    """One FTS5 MATCH expression per key term of ``claim`` (as matching counts its terms: one
    per distinct text), satisfied by every sentence in which matching would find that term. A
    claim without usable key terms gets one expression, over its words."""
    terms = claim.key_terms
    kinds = (
        (_name_spellings, terms.entities),
        (_number_spellings, terms.numbers),
        (_date_spellings, terms.dates),
        (_quote_spellings, terms.quotes),
    )
    spellings: dict[str, list[str]] = {}
    for spell, texts in kinds:
        for text in texts:
            if text not in spellings and normalise_words(text):
                spellings[text] = spell(text)
    groups = list(spellings.values()) or [_plain_claim_spellings(claim.text)]
    return [
        " OR ".join(f'"{phrase}"' for phrase in dict.fromkeys(group) if phrase) for group in groups
    ]


def terms_needed(term_count: int, min_score: float = DEFAULT_MIN_SCORE) -> int:
    """How many of a claim's terms a sentence must carry to possibly score ``min_score``: with
    k of n terms it keeps at most COVERAGE_FLOOR + (1 - COVERAGE_FLOOR) * k / n of 100."""
    share = (min_score / 100 - COVERAGE_FLOOR) / (1 - COVERAGE_FLOOR)
    return max(1, math.ceil(term_count * share - 1e-9))


def _quote_spellings(quote: str) -> list[str]:
    """A quote is found by fuzzy comparison, which keeps most of its longer words intact."""
    words = normalise_words(quote)
    return [word for word in words if len(word) >= 4] or words[:1]


def _name_spellings(name: str) -> list[str]:
    """A name is found in full, by its last word, or without a company suffix: each of those
    contains its first or its last word."""
    words = normalise_words(name)
    if len(words) > 1 and words[-1] in COMPANY_SUFFIXES:
        words = words[:-1]
    return list(dict.fromkeys(words[:1] + words[-1:]))


def _number_spellings(number: str) -> list[str]:
    """A number is found as written, or by each of its values (as the matcher reads them) in
    any spelling."""
    words = normalise_words(number)
    values = sorted(number_values(number, words))
    spellings = [spelling for value in values for spelling in value_spellings(value)]
    return [" ".join(words), *spellings]


def _date_spellings(date: str) -> list[str]:
    """A date is found only with its month or weekday (any spelling) and its day; the year may
    be left out. So any one required part, in all its spellings, selects a superset."""
    words = normalise_words(date)
    calendar = [spellings for word in words if (spellings := calendar_spellings(word))]
    if calendar:
        return list(calendar[0])
    days = [word for word in words if is_number_word(word) and len(word) <= 2]
    if days:
        return value_spellings(float(int(days[0]))) + [days[0].zfill(2)]
    return words


def _plain_claim_spellings(text: str) -> list[str]:
    """A claim without key terms: its names, numbers and content words."""
    words = normalise_words(text)
    spellings = [word for word in words if len(word) >= 3 and word not in TOO_COMMON_TO_SEARCH]
    names = (word.casefold() for word in re.findall(r"\b[A-Z]\w*", text))
    spellings += [word for word in names if word not in TOO_COMMON_TO_SEARCH]
    for value in sorted(number_values(text, words)):
        spellings += value_spellings(value)
    return spellings


def claim_sentence_ids(
    store: Store, run_id: int, claim: Claim, limit: int, min_score: float = DEFAULT_MIN_SCORE
) -> list[int]:
    """The run's sentences that can match ``claim``: those with enough of its terms, the ones
    with the most terms first (their attainable score is highest), at most ``limit``."""
    expressions = claim_term_expressions(claim)
    hits = Counter(
        sentence_id
        for expression in expressions
        for sentence_id in store.search_index.sentence_ids_matching(run_id, expression)
    )
    needed = terms_needed(len(expressions), min_score)
    kept = [sentence_id for sentence_id, count in hits.items() if count >= needed]
    kept.sort(key=lambda sentence_id: (-hits[sentence_id], sentence_id))
    return kept[:limit]


def run_candidates(
    store: Store,
    run_id: int,
    claims: Sequence[Claim],
    threshold: int = PREFILTER_THRESHOLD,
    limit_per_claim: int = DEFAULT_LIMIT_PER_CLAIM,
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
    selected = {
        sentence_id
        for claim in claims
        for sentence_id in claim_sentence_ids(store, run_id, claim, limit_per_claim, min_score)
    }
    return store.scoring.sentences_by_id(sorted(selected))
