"""Find, for each claim, the sentence of each page that carries it best.

Two stages keep this fast on a million sentences. rapidfuzz's ``cdist`` scores the whole
claim x sentence matrix with ``token_set_ratio`` in C++ (all cores, GIL released), a chunk of
sentences at a time. Only the cells it shortlists get the Python checks:

- a length factor: ``token_set_ratio`` is 100 whenever one side's words are a subset of the
  other's, so "The council voted." would otherwise match every council claim;
- a coverage factor: the share of the claim's key terms (names, numbers compared as numbers,
  dates, quotes) the sentence carries, which tells a paraphrase from a same-topic sentence;
- a conflict factor when the sentence gives another figure where the claim has one.

The final score is the product, 0-100. The matrix score times the length factor (cheap for a
whole chunk) bounds it from above, so no cell below ``min_score`` there is ever looked at
again; of the rest, each claim keeps the best ``max_candidates``.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process

from corroborate.models import CandidateSentence, Claim, Evidence, KeyTerms

logger = logging.getLogger(__name__)

DEFAULT_MIN_SCORE = 50.0
# Sentences per cdist call. The matrix is claims x chunk bytes (20 x 50k = 1 MB); the bound
# that matters is rapidfuzz's preprocessed copy of the chunk's strings, tens of MB at most.
DEFAULT_CHUNK_SIZE = 50_000
SCORER = fuzz.token_set_ratio
# Per claim, at most this many sentences (those with the highest score bounds) get the key-term
# check. A run fetches a few hundred pages, whose best sentences sit at the top; the cap bounds
# the Python work when thousands of sentences share a claim's common words.
DEFAULT_MAX_CANDIDATES = 500
# A sentence with none of the claim's key terms keeps this share of its score.
COVERAGE_FLOOR = 0.4
# A claim with no name, number, date or quote can be matched on wording alone, and
# token_set_ratio gives unrelated news sentences up to about 50; such matches are discounted.
NO_TERMS_FACTOR = 0.7
# A sentence that gives another figure where the claim has one reports a different fact (or
# contradicts the claim); it is not corroboration, however alike the wording.
CONFLICTING_FIGURE_FACTOR = 0.5
# Below this share of the claim's length a sentence loses score in proportion.
SHORT_SENTENCE_RATIO = 0.8


@dataclass(frozen=True)
class _Term:
    """One key term of a claim, prepared for lookup in many sentences."""

    text: str  # as the claim extractor wrote it: what Evidence reports
    kind: str  # entity / number / date / quote
    words: str  # normalised, space-separated
    values: frozenset[float] = frozenset()  # numbers only


@dataclass(frozen=True)
class _ClaimProfile:
    """What scoring needs from a claim, computed once per call."""

    claim: Claim
    processed: str
    word_count: int
    terms: tuple[_Term, ...]
    numbers: frozenset[float]  # every number the claim states, in its text or its terms


class _SentenceView:
    """A shortlisted sentence; the term lookup parts are computed only if a claim asks."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.word_count = len(text.split())  # whitespace-separated, as for claims

    @cached_property
    def words(self) -> list[str]:
        return _normalise_words(self.text)

    @cached_property
    def padded_words(self) -> str:
        """Normalised words with a space at each end, for whole-word lookup."""
        return f" {' '.join(self.words)} "

    @cached_property
    def date_words(self) -> frozenset[str]:
        return frozenset(_date_word(word) for word in set(self.words))

    @cached_property
    def numbers(self) -> frozenset[float]:
        return _number_values(self.text, self.words)


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
    shortlists = _shortlist(profiles, sentences, min_score, max(1, chunk_size), max_candidates)
    views: dict[int, _SentenceView] = {}
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


def _profile(claim: Claim) -> _ClaimProfile:
    terms = _claim_terms(claim.key_terms) or _implicit_terms(claim.text)
    numbers = _number_values(claim.text, _normalise_words(claim.text))
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
    views: dict[int, _SentenceView],
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
        if index not in views:
            views[index] = _SentenceView(candidate.text)
        evidence = _evidence(profile, candidate, views[index], similarity, floor)
        if evidence is not None and (held is None or _better(evidence, held)):
            best[candidate.page_id] = evidence
    return list(best.values())


def _evidence(
    profile: _ClaimProfile,
    candidate: CandidateSentence,
    view: _SentenceView,
    similarity: float,
    floor: float,
) -> Evidence | None:
    """The sentence as evidence for the claim, or None when it scores below ``floor``."""
    score = similarity * _length_factor(profile.word_count, view.word_count)
    terms = profile.terms
    missing = _missing_terms(terms, view, score, floor)
    if missing is None:
        return None
    coverage = 1 - len(missing) / len(terms) if terms else 1.0
    score *= _coverage_factor(coverage) if terms else NO_TERMS_FACTOR
    if _states_another_figure(profile, view, missing):
        score *= CONFLICTING_FIGURE_FACTOR
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
    )


def _missing_terms(
    terms: tuple[_Term, ...], view: _SentenceView, score: float, floor: float
) -> list[str] | None:
    """The claim's terms the sentence lacks; None as soon as so many are missing that the
    score cannot reach ``floor`` (most shortlisted sentences stop at the first term)."""
    missing: list[str] = []
    for term in terms:
        if not _term_found(term, view):
            missing.append(term.text)
            if score * _coverage_factor(1 - len(missing) / len(terms)) < floor:
                return None
    return missing


def _length_factor(claim_words: int, sentence_words: int) -> float:
    """1 for sentences about as long as the claim or longer; shorter ones carry only part of
    it, however well their few words match."""
    if claim_words == 0 or sentence_words >= SHORT_SENTENCE_RATIO * claim_words:
        return 1.0
    return sentence_words / (SHORT_SENTENCE_RATIO * claim_words)


def _states_another_figure(
    profile: _ClaimProfile, view: _SentenceView, missing: list[str]
) -> bool:
    """The sentence lacks one of the claim's figures and gives a figure the claim does not:
    "2,300 residents were evacuated" against "8,000 residents were evacuated"."""
    missing_figure = any(term.kind == "number" and term.text in missing for term in profile.terms)
    return missing_figure and not view.numbers <= profile.numbers


def _coverage_factor(coverage: float) -> float:
    """A sentence with none of the claim's key terms keeps COVERAGE_FLOOR of its score."""
    return COVERAGE_FLOOR + (1 - COVERAGE_FLOOR) * coverage


def _better(new: Evidence, held: Evidence) -> bool:
    """Higher score wins; ties go to the earlier sentence so chunking cannot change results."""
    return (new.score, -new.sentence_id) > (held.score, -held.sentence_id)


# Key-term lookup: does a sentence carry the specifics of the claim?

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


def _normalise_words(text: str) -> list[str]:
    """Lower-case words without accents, so "São Paulo," and "Sao Paulo" compare equal."""
    folded = text.casefold()
    if not folded.isascii():
        decomposed = unicodedata.normalize("NFKD", folded)
        folded = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _WORD.findall(folded)


def _claim_terms(key_terms: KeyTerms) -> tuple[_Term, ...]:
    kinds = (
        ("entity", key_terms.entities),
        ("number", key_terms.numbers),
        ("date", key_terms.dates),
        ("quote", key_terms.quotes),
    )
    terms: dict[str, _Term] = {}
    for kind, texts in kinds:
        for text in texts:
            words = " ".join(_normalise_words(text))
            if words and text not in terms:
                values = _number_values(text, words.split()) if kind == "number" else frozenset()
                terms[text] = _Term(text, kind, words, values)
    return tuple(terms.values())


def _implicit_terms(text: str) -> tuple[_Term, ...]:
    """Numbers and capitalised names of a claim that came without key terms, so that
    sentences sharing only its common words do not pass as evidence."""
    numbers = tuple(match.group(0).strip() for match in _DIGITS.finditer(text))
    names = tuple(filter(None, (_name(text, match) for match in _NAME_RUN.finditer(text))))
    return _claim_terms(KeyTerms(entities=names, numbers=numbers))


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


def _term_found(term: _Term, view: _SentenceView) -> bool:
    if f" {term.words} " in view.padded_words:
        return True
    if term.kind == "number":
        return bool(term.values) and term.values <= view.numbers
    if term.kind == "date":
        return _date_found(term.words, view.date_words)
    if term.kind == "quote":
        return fuzz.partial_ratio(term.words, view.padded_words) >= _QUOTE_MIN_SIMILARITY
    return _short_name_found(term, view)


def _short_name_found(term: _Term, view: _SentenceView) -> bool:
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


def _number_values(text: str, words: list[str]) -> frozenset[float]:
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
