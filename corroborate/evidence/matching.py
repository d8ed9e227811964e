"""Find, for each claim, the sentence of each page that carries it best.

Two stages keep this fast on a million sentences. rapidfuzz's ``cdist`` scores the whole
claim x sentence matrix with ``token_set_ratio`` in C++ (all cores, GIL released), a chunk of
sentences at a time. Only the cells it shortlists get the Python checks:

- a length factor: ``token_set_ratio`` is 100 whenever one side's words are a subset of the
  other's, so "The council voted." would otherwise match every council claim;
- a coverage factor: the share of the claim's key terms (names, numbers compared as numbers,
  dates, quotes) the sentence carries, which tells a paraphrase from a same-topic sentence;
- figures: a sentence giving another figure where the claim has one describes the same event
  with a different fact; the figure counts as covered, is reported in ``differing_terms`` and
  costs a little score, so contradicting sentences stay visible to the discrepancy check.

The final score is the product, 0-100. The matrix score times the length factor (cheap for a
whole chunk) bounds it from above, so no cell below ``min_score`` there is ever looked at
again; of the rest, each claim keeps the best ``max_candidates``.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process

from corroborate.evidence.key_terms import (
    SentenceTerms,
    Term,
    claim_terms,
    implicit_terms,
    term_found,
)
from corroborate.models import CandidateSentence, Claim, Evidence
from corroborate.settings import DEFAULT_SETTINGS
from corroborate.text.quantities import number_values
from corroborate.text.words import normalise_words

logger = logging.getLogger(__name__)

DEFAULT_MIN_SCORE = DEFAULT_SETTINGS.min_evidence_score
# Sentences per cdist call. The matrix is claims x chunk bytes (20 x 50k = 1 MB); the bound
# that matters is rapidfuzz's preprocessed copy of the chunk's strings, tens of MB at most.
DEFAULT_CHUNK_SIZE = 50_000
SCORER = fuzz.token_set_ratio
# Per claim, at most this many sentences (those with the highest score bounds) get the key-term
# check. A run fetches a few hundred pages, whose best sentences sit at the top; the cap bounds
# the Python work when thousands of sentences share a claim's common words.
DEFAULT_MAX_CANDIDATES = DEFAULT_SETTINGS.max_candidates
# A sentence with none of the claim's key terms keeps this share of its score.
COVERAGE_FLOOR = 0.4
# A claim with no name, number, date or quote can be matched on wording alone, and
# token_set_ratio gives unrelated news sentences up to about 50; such matches are discounted.
NO_TERMS_FACTOR = 0.7
# A sentence that gives another figure where the claim has one describes the same event with a
# different fact: it is kept (as contradicting evidence, for the discrepancy check) but ranks
# below a sentence that agrees, so a page's agreeing sentence is preferred as its evidence.
DIFFERING_FIGURE_FACTOR = 0.9
# Below this share of the claim's length a sentence loses score in proportion.
SHORT_SENTENCE_RATIO = 0.8


@dataclass(frozen=True)
class _ClaimProfile:
    """What scoring needs from a claim, computed once per call."""

    claim: Claim
    processed: str
    word_count: int
    terms: tuple[Term, ...]
    numbers: frozenset[float]  # every number the claim states, in its text or its terms


@dataclass(frozen=True)
class _Shortlist:
    """One claim's candidate sentences, best bound first: matrix similarity, score bound
    (similarity x length factor) and global sentence index."""

    similarities: np.ndarray
    bounds: np.ndarray
    indices: np.ndarray

    @classmethod
    def empty(cls) -> _Shortlist:
        return cls(np.empty(0, np.uint8), np.empty(0, np.float32), np.empty(0, np.int64))

    def merged(self, other: _Shortlist, limit: int) -> _Shortlist:
        similarities = np.concatenate([self.similarities, other.similarities])
        bounds = np.concatenate([self.bounds, other.bounds])
        indices = np.concatenate([self.indices, other.indices])
        order = np.lexsort((indices, -bounds))[:limit]
        return _Shortlist(similarities[order], bounds[order], indices[order])


def match_claims(
    claims: Sequence[Claim],
    sentences: Sequence[CandidateSentence],
    min_score: float = DEFAULT_MIN_SCORE,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    max_candidates: int = DEFAULT_MAX_CANDIDATES,
) -> list[Evidence]:
    """Best sentence per (claim, page) scoring at least ``min_score`` (0-100), sorted by claim
    position, then score (best first).

    ``chunk_size`` sentences are scored at a time (memory); ``max_candidates`` per claim get
    the full check (speed). Neither changes the result for a given input except that a
    larger ``max_candidates`` can add weak evidence when very many sentences are alike.
    """
    if not claims or not sentences:
        return []
    profiles = [_profile(claim) for claim in claims]
    first_rows, copies = _distinct_texts(sentences)
    distinct = [sentences[row] for row in first_rows]
    shortlists = [
        _with_copies(shortlist, copies)
        for shortlist in _shortlist(
            profiles, distinct, min_score, max(1, chunk_size), max_candidates
        )
    ]
    views: dict[str, SentenceTerms] = {}
    evidence: list[Evidence] = []
    for profile, shortlist in zip(profiles, shortlists):
        evidence.extend(_best_per_page(profile, shortlist, sentences, views, min_score))
    logger.debug(
        "%d claims x %d sentences: %d shortlisted, %d evidence",
        len(claims), len(sentences), sum(len(s.indices) for s in shortlists), len(evidence),
    )  # fmt: skip
    order = {profile.claim.position: index for index, profile in enumerate(profiles)}
    return sorted(
        evidence, key=lambda e: (order[e.claim_position], -e.score, e.page_id, e.sentence_id)
    )


def _distinct_texts(sentences: Sequence[CandidateSentence]) -> tuple[list[int], list[list[int]]]:
    """The first row of each distinct sentence text, and every row carrying that text.

    A wire story reprinted by hundreds of outlets repeats its sentences word for word; scored
    once per text, the copies take one shortlist slot instead of crowding out other outlets'
    own wording.
    """
    rows_of: dict[str, list[int]] = {}
    for row, sentence in enumerate(sentences):
        rows_of.setdefault(sentence.text, []).append(row)
    copies = list(rows_of.values())
    return [rows[0] for rows in copies], copies


def _with_copies(shortlist: _Shortlist, copies: list[list[int]]) -> _Shortlist:
    """The shortlist of distinct texts expanded to every sentence carrying each text."""
    counts = np.array([len(copies[i]) for i in shortlist.indices.tolist()], dtype=np.int64)
    rows = np.array([row for i in shortlist.indices.tolist() for row in copies[i]], dtype=np.int64)
    similarities = np.repeat(shortlist.similarities, counts)
    bounds = np.repeat(shortlist.bounds, counts)
    order = np.lexsort((rows, -bounds))
    return _Shortlist(similarities[order], bounds[order], rows[order])


def _profile(claim: Claim) -> _ClaimProfile:
    terms = claim_terms(claim.key_terms) or implicit_terms(claim.text)
    numbers = number_values(claim.text, normalise_words(claim.text))
    return _ClaimProfile(
        claim=claim,
        processed=default_process(claim.text),
        word_count=len(claim.text.split()),
        terms=terms,
        numbers=numbers.union(*(term.values for term in terms)),
    )


def _shortlist(
    profiles: list[_ClaimProfile],
    sentences: Sequence[CandidateSentence],
    min_score: float,
    chunk_size: int,
    max_candidates: int,
) -> list[_Shortlist]:
    """Per claim, the sentences whose score bound reaches ``min_score``, the best
    ``max_candidates`` kept over all chunks (ties to the earlier sentence, so the chunk size
    never changes the result)."""
    shortlists = [_Shortlist.empty() for _ in profiles]
    for start in range(0, len(sentences), chunk_size):
        chunk = sentences[start : start + chunk_size]
        columns, similarities, bounds = _score_bounds(profiles, chunk, min_score)
        for row, shortlist in enumerate(shortlists):
            keep = np.flatnonzero(bounds[row] >= min_score)
            found = _Shortlist(similarities[row, keep], bounds[row, keep], columns[keep] + start)
            shortlists[row] = shortlist.merged(found, max_candidates)
    return shortlists


def _score_bounds(
    profiles: list[_ClaimProfile], chunk: Sequence[CandidateSentence], min_score: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The chunk's sentences that some claim may match (their column numbers), with their
    similarities (rounded to whole points) and upper bounds of the final scores: similarity
    times length factor, leaving out only the coverage factor (at most 1)."""
    similarity = process.cdist(
        [profile.processed for profile in profiles],
        [candidate.text for candidate in chunk],
        scorer=SCORER,
        processor=default_process,
        dtype=np.uint8,
        workers=-1,
    )
    columns = np.flatnonzero((similarity >= min_score).any(axis=0))
    similarity = similarity[:, columns]
    sentence_words = np.array([len(chunk[int(c)].text.split()) for c in columns], np.float32)
    claim_words = np.array([[profile.word_count] for profile in profiles], dtype=np.float32)
    length = np.minimum(1.0, sentence_words / np.maximum(SHORT_SENTENCE_RATIO * claim_words, 1))
    return columns, similarity, similarity * length


def _best_per_page(
    profile: _ClaimProfile,
    shortlist: _Shortlist,
    sentences: Sequence[CandidateSentence],
    views: dict[str, SentenceTerms],
    min_score: float,
) -> list[Evidence]:
    """Score the shortlist in bound order; a page skips sentences whose bound cannot beat the
    evidence it already has."""
    best: dict[int, Evidence] = {}
    cells = zip(
        shortlist.similarities.tolist(), shortlist.bounds.tolist(), shortlist.indices.tolist()
    )
    for similarity, bound, index in cells:
        candidate = sentences[index]
        held = best.get(candidate.page_id)
        floor = min_score if held is None else held.score
        if bound < floor:
            continue
        if candidate.text not in views:
            views[candidate.text] = SentenceTerms(candidate.text)
        evidence = _evidence(profile, candidate, views[candidate.text], similarity, floor)
        if evidence is not None and (held is None or _better(evidence, held)):
            best[candidate.page_id] = evidence
    return list(best.values())


def _evidence(
    profile: _ClaimProfile,
    candidate: CandidateSentence,
    view: SentenceTerms,
    similarity: float,
    floor: float,
) -> Evidence | None:
    """The sentence as evidence for the claim, or None when it scores below ``floor``."""
    score = similarity * _length_factor(profile.word_count, view.word_count)
    terms = profile.terms
    other_figures = _other_figures(profile, view)
    found = _term_lookup(terms, view, score, floor, other_figures)
    if found is None:
        return None
    missing, differing = found
    if differing and not _same_event(terms, missing, differing):
        differing = []
    coverage = 1 - len(missing) / len(terms) if terms else 1.0
    same_event_coverage = 1 - (len(missing) - len(differing)) / len(terms) if terms else 1.0
    score *= _coverage_factor(same_event_coverage) if terms else NO_TERMS_FACTOR
    if differing:
        score *= DIFFERING_FIGURE_FACTOR
    if score < floor:
        return None
    return Evidence(
        claim_position=profile.claim.position,
        sentence_id=candidate.sentence_id,
        page_id=candidate.page_id,
        url=candidate.url,
        outlet=candidate.outlet,
        sentence=candidate.text,
        score=round(score, 2),
        coverage=round(coverage, 4),
        matched_terms=tuple(term.text for term in terms if term.text not in missing),
        missing_terms=tuple(missing),
        differing_terms=tuple(differing),
    )


def _term_lookup(
    terms: tuple[Term, ...],
    view: SentenceTerms,
    score: float,
    floor: float,
    other_figures: frozenset[float],
) -> tuple[list[str], list[str]] | None:
    """The claim's terms the sentence lacks, and of those the figures it states differently;
    None as soon as so many are missing that the score cannot reach ``floor`` (most
    shortlisted sentences stop at the first term)."""
    missing: list[str] = []
    differing: list[str] = []
    for term in terms:
        if term_found(term, view):
            continue
        missing.append(term.text)
        if term.kind == "number" and _comparable(term.values, other_figures):
            differing.append(term.text)
        elif score * _coverage_factor(1 - (len(missing) - len(differing)) / len(terms)) < floor:
            return None
    return missing, differing


def _same_event(terms: tuple[Term, ...], missing: list[str], differing: list[str]) -> bool:
    """A sentence that gives another figure tells the claim's event when it has all the other
    specifics, or agrees on another figure ("19 killed and 37 missing" against "14 killed and
    37 missing"); otherwise it is another event, not another figure for this one."""
    if len(missing) == len(differing):
        return len(missing) < len(terms)
    return any(term.kind == "number" and term.text not in missing for term in terms)


def _length_factor(claim_words: int, sentence_words: int) -> float:
    """1 for sentences about as long as the claim or longer; shorter ones carry only part of
    it, however well their few words match."""
    if claim_words == 0 or sentence_words >= SHORT_SENTENCE_RATIO * claim_words:
        return 1.0
    return sentence_words / (SHORT_SENTENCE_RATIO * claim_words)


def _other_figures(profile: _ClaimProfile, view: SentenceTerms) -> frozenset[float]:
    """Figures the sentence gives that the claim does not: "2,300 residents were evacuated"
    against "8,000 residents were evacuated"."""
    if not any(term.kind == "number" for term in profile.terms):
        return frozenset()
    return view.numbers - profile.numbers


def _comparable(claim_values: frozenset[float], other_figures: frozenset[float]) -> bool:
    """A year is replaced only by a year, a count only by a count: "completed in 1968" does
    not restate "2,300 residents"."""
    return any(_is_year(a) == _is_year(b) for a in claim_values for b in other_figures)


def _is_year(value: float) -> bool:
    return value.is_integer() and 1000 <= value <= 2100


def _coverage_factor(coverage: float) -> float:
    """A sentence with none of the claim's key terms keeps COVERAGE_FLOOR of its score."""
    return COVERAGE_FLOOR + (1 - COVERAGE_FLOOR) * coverage


def _better(new: Evidence, held: Evidence) -> bool:
    """Higher score wins; ties go to the earlier sentence so chunking cannot change results."""
    return (new.score, -new.sentence_id) > (held.score, -held.sentence_id)
