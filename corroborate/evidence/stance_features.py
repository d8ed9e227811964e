"""Numeric signals for the stance of a text toward a claim.

A text is profiled once (tokens, sentences, cue positions, TF-IDF weights) and then compared
with any number of claims: at run time one page is checked against every claim of an article,
so the per-page work must not be repeated per claim. Everything here is plain Python plus
rapidfuzz, so the stance model needs no scikit-learn at run time.
"""

from __future__ import annotations

import math
import operator
import re
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from functools import cached_property
from itertools import chain, repeat
from typing import NamedTuple

from rapidfuzz import fuzz, utils

from corroborate.evidence.stance_stemmer import stem

_TOKEN = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
_BREAK = "\x00"  # between sentences when a whole text is tokenised at once
_TOKEN_OR_BREAK = re.compile(_TOKEN.pattern + "|" + _BREAK)
# No look-behind, so the scan skips ahead to the next [.!?\n]; the end mark is captured and
# given back to its sentence.
_SENTENCE_BREAK = re.compile(r"([.!?])[\"'”’)\]]*\s+|\n+")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_CAPITALISED = re.compile(r"\b[A-Z][a-zA-Z]+")
LEAD_SENTENCES = 3
MAX_SENTENCES = 120  # beyond this a page is mostly boilerplate; it bounds the per-pair cost
NEGATION_WINDOW = 4

# Frozen with the model, like its stemmer: which tokens count as content terms feeds its TF-IDF
# features. Not text/lexicon's lists, which may change with the rules they serve.
STOPWORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself of off on once only or other our ours ourselves out
    over own same she should so some such than that the their theirs them themselves then there
    these they this those through to too under until up very was we were what when where which
    while who whom why will with would you your yours yourself yourselves also s t said says
    say new one two us mr mrs ms""".split()
)

# Cue lexicons: what a report that disputes, hedges or affirms a claim tends to say.
REFUTING_CUES = """fake fraud hoax hoaxes false falsely deny denies denied denial refute refuted
    debunk debunked debunks bogus doubt doubts doubtful untrue nonsense rumor rumour rumours
    rumors myth satire satirical prank pranks retract retracted retraction fabricated fiction
    baseless unfounded misleading mistaken erroneous incorrect wrong dismissed dismiss
    rejects rejected reject disputed dispute contradicts contradicted nope scam spoof parody
    photoshopped doctored""".split()
REFUTING_PHRASES = (
    "not true",
    "no evidence",
    "not real",
    "isn't true",
    "never happened",
    "no truth",
    "no proof",
    "turned out",
    "made up",
)
HEDGING_CUES = """reportedly allegedly alleged claim claims claimed claiming unconfirmed
    unverified rumor rumored rumoured apparently purportedly purported supposedly possibly
    may might could appears appear seems suggests suggest speculation speculate speculated
    unclear uncertain believed thought suspected report reports reported according sources
    source purport""".split()
SUPPORTING_CUES = """confirmed confirms confirm officially announced announces announcement
    verified proves proved proof revealed reveals indeed definitely actually true genuine
    authentic footage photos video evidence""".split()
NEGATIONS = """not no never none nobody nothing neither nor cannot can't won't don't doesn't
    didn't isn't wasn't aren't weren't hasn't haven't hadn't shouldn't wouldn't couldn't
    without""".split()
ATTRIBUTION_CUES = "said says told tweeted wrote stated statement spokesman spokeswoman".split()


def tokenize(text: str) -> list[str]:
    """Lower-cased, stemmed word tokens, stopwords kept (cues and negations need them)."""
    return list(map(stem, _TOKEN.findall(text.lower())))


def _stem_set(words: list[str]) -> frozenset[str]:
    return frozenset(stem(word) for word in words)


def _phrase_stems(phrases: tuple[str, ...]) -> frozenset[tuple[str, str]]:
    return frozenset(tuple(tokenize(phrase)[:2]) for phrase in phrases)  # type: ignore[misc]


_STOP_STEMS = _stem_set(list(STOPWORDS))
# Tokens content_terms() drops: stopwords and single characters (what the token pattern allows).
_NOT_CONTENT = _STOP_STEMS | frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
_REFUTING = _stem_set(REFUTING_CUES)
_REFUTING_BIGRAMS = _phrase_stems(REFUTING_PHRASES)
_HEDGING = _stem_set(HEDGING_CUES)
_SUPPORTING = _stem_set(SUPPORTING_CUES)
_NEGATING = _stem_set(NEGATIONS)
_ATTRIBUTING = _stem_set(ATTRIBUTION_CUES)
CUE_KINDS = ("refuting", "hedging", "supporting", "negating", "attributing")


def content_terms(tokens: list[str]) -> list[str]:
    return [token for token in tokens if token not in _NOT_CONTENT]


class Idf:
    """Inverse document frequencies learnt at training time; unseen terms count as rare."""

    def __init__(self, terms: list[str], weights: list[float], unseen: float) -> None:
        self.weights = dict(zip(terms, weights))
        self.unseen = unseen

    def __call__(self, term: str) -> float:
        return self.weights.get(term, self.unseen)

    @classmethod
    def fit(cls, documents: list[str], min_df: int = 2) -> Idf:
        """Smoothed idf (as scikit-learn's) over the terms of at least ``min_df`` documents."""
        frequency: Counter[str] = Counter()
        for document in documents:
            frequency.update(set(content_terms(tokenize(document))))
        total = len(documents)
        kept = sorted(term for term, count in frequency.items() if count >= min_df)
        weights = [math.log((1 + total) / (1 + frequency[term])) + 1 for term in kept]
        return cls(kept, weights, unseen=math.log((1 + total) / 2) + 1)


class Sentence(NamedTuple):
    """One sentence of a profiled text (a named tuple: a page has dozens, built per page)."""

    text: str
    tokens: tuple[str, ...]
    terms: frozenset[str]
    cues: tuple[int, ...]  # counts per CUE_KINDS


@dataclass(frozen=True)
class TextProfile:
    """Everything about one text that does not depend on the claim it is compared with."""

    tokens: tuple[str, ...]
    weights: dict[str, float]  # unit-length sublinear TF-IDF vector
    lead_weights: dict[str, float]
    sentences: tuple[Sentence, ...]
    cues: tuple[int, ...]  # counts per CUE_KINDS over the whole text
    lead_cues: tuple[int, ...]
    vocabulary: frozenset[str]
    terms: tuple[str, ...]  # content terms in text order
    numbers: frozenset[str]
    capitalised: frozenset[str]
    quote_marks: int
    question_marks: int
    plain: str  # rapidfuzz's default_process of the whole text

    @cached_property
    def bigrams(self) -> frozenset[tuple[str, str]]:
        """Adjacent content terms; needed of claims only, so computed on first use."""
        return frozenset(zip(self.terms, self.terms[1:]))

    @cached_property
    def term_line(self) -> str:
        """ " a b c ": the content terms in order, to find a bigram by substring search."""
        return f" {' '.join(self.terms)} "


def _split_sentences(text: str) -> list[str]:
    """The sentences the model was trained on: cut at every end mark and line break. Frozen with
    the model, so not text/sentences.py, which keeps "Dr. Smith" and closing quotes together:
    on the test-web stories the two split 12 of 34 texts differently."""
    parts = _SENTENCE_BREAK.split(text)  # sentence, end mark (or None), sentence, ...
    marks = parts[1::2] + [None]
    pieces = ((piece + (mark or "")).strip() for piece, mark in zip(parts[::2], marks))
    return [piece for piece in pieces if piece][:MAX_SENTENCES]


def count_cues(tokens: tuple[str, ...] | list[str]) -> tuple[int, ...]:
    """How many refuting, hedging, supporting, negating and attributing cues the tokens hold.

    Cue words are few in any sentence, so they are found by set intersection and counted with
    ``tokens.count`` (both in C) rather than by a Python loop over every token.
    """
    present = _CUE_WORDS.intersection(tokens)
    if not present:
        return _NO_CUES
    counts = [0] * len(CUE_KINDS)
    for word in present:
        occurrences = tokens.count(word)
        for kind in _CUE_INDEX[word]:
            counts[kind] += occurrences
    for word in present & _BIGRAM_STARTS:
        counts[0] += _refuting_bigrams_from(word, tokens)
    return tuple(counts)


def _refuting_bigrams_from(word: str, tokens: tuple[str, ...] | list[str]) -> int:
    """Refuting phrases ("not true", "no evidence") opening with ``word``, a cue-less start."""
    found, index = 0, -1
    while True:
        try:
            index = tokens.index(word, index + 1)
        except ValueError:
            return found
        found += tuple(tokens[index : index + 2]) in _REFUTING_BIGRAMS


def _cue_index() -> dict[str, tuple[int, ...]]:
    """Stem -> the CUE_KINDS positions it counts for; one lookup per token instead of five."""
    lexicons = (_REFUTING, _HEDGING, _SUPPORTING, _NEGATING, _ATTRIBUTING)
    starts = {first for first, _ in _REFUTING_BIGRAMS}
    words = set().union(*lexicons, starts)
    return {
        word: tuple(kind for kind, lexicon in enumerate(lexicons) if word in lexicon)
        for word in words
    }


_CUE_INDEX = _cue_index()
_CUE_WORDS = frozenset(_CUE_INDEX)
# Phrase openers that are no refuting cue themselves (a refuting opener already counts once).
_BIGRAM_STARTS = frozenset(first for first, _ in _REFUTING_BIGRAMS if 0 not in _CUE_INDEX[first])
_NO_CUES = (0,) * len(CUE_KINDS)


def _unit_tfidf(terms: list[str], idf: Idf) -> dict[str, float]:
    """Unit-length sublinear TF-IDF; element-wise work runs in ``map`` (C), not in Python."""
    counts = Counter(terms)
    table = _SUBLINEAR.__getitem__ if len(terms) < len(_SUBLINEAR) else _sublinear
    sublinear = map(table, counts.values())
    weights = list(
        map(operator.mul, sublinear, map(idf.weights.get, counts.keys(), repeat(idf.unseen)))
    )
    norm = math.sqrt(sum(map(operator.mul, weights, weights))) or 1.0
    return dict(zip(counts.keys(), map(operator.truediv, weights, repeat(norm))))


_SUBLINEAR = [0.0] + [1 + math.log(count) for count in range(1, 256)]


def _sublinear(count: int) -> float:
    """1 + log(count), from a table for the usual small counts."""
    return _SUBLINEAR[count] if count < 256 else 1 + math.log(count)


def _profile_sentence(text: str, tokens: tuple[str, ...]) -> Sentence:
    return Sentence(text, tokens, frozenset(tokens).difference(_NOT_CONTENT), count_cues(tokens))


def _sentence_tokens(pieces: list[str]) -> list[tuple[str, ...]]:
    """Each sentence's tokens from one tokenisation of the whole text: the sentences joined by
    a marker no token contains, lower-cased, matched and stemmed once, then cut at the markers."""
    stems = list(map(stem, _TOKEN_OR_BREAK.findall(_BREAK.join(pieces).lower())))
    cut, start = [], 0
    for _ in range(len(pieces) - 1):
        end = stems.index(_BREAK, start)
        cut.append(tuple(stems[start:end]))
        start = end + 1
    cut.append(tuple(stems[start:]))
    return cut


def profile_text(text: str, idf: Idf) -> TextProfile:
    """Profile a claim or an evidence text once, to compare it with many others."""
    if _BREAK in text:
        text = text.replace(_BREAK, " ")  # no token holds it, so it changes nothing else
    pieces = _split_sentences(text)
    sentences = tuple(map(_profile_sentence, pieces, _sentence_tokens(pieces)))
    tokens = tuple(chain.from_iterable(sentence.tokens for sentence in sentences))
    lead = list(chain.from_iterable(s.tokens for s in sentences[:LEAD_SENTENCES]))
    terms = content_terms(list(tokens))
    return TextProfile(
        tokens=tokens,
        weights=_unit_tfidf(terms, idf),
        lead_weights=_unit_tfidf(content_terms(lead), idf),
        sentences=sentences,
        cues=_sum_cues(sentences),
        lead_cues=_sum_cues(sentences[:LEAD_SENTENCES]),
        vocabulary=frozenset(tokens),
        terms=tuple(terms),
        numbers=frozenset(_NUMBER.findall(text)),
        capitalised=frozenset(map(stem, map(str.lower, set(_CAPITALISED.findall(text))))),
        quote_marks=sum(text.count(mark) for mark in '"“”'),
        question_marks=text.count("?"),
        plain=utils.default_process(text),
    )


def _sum_cues(sentences: tuple[Sentence, ...]) -> tuple[int, ...]:
    return tuple(sum(column) for column in zip(*(s.cues for s in sentences))) or (0,) * 5


FEATURE_NAMES = (
    "cosine_text",
    "cosine_lead",
    "coverage_text",
    "coverage_lead",
    "coverage_best_sentence",
    "coverage_top3_mean",
    "share_matching_sentences",
    "best_sentence_position",
    "bigram_overlap",
    "fuzzy_sort_best",
    "fuzzy_partial_best",
    "numbers_found",
    "claim_has_numbers",
    "names_found",
    "log_text_tokens",
    "log_claim_tokens",
    *(f"text_{kind}_per_100" for kind in CUE_KINDS),
    *(f"lead_{kind}" for kind in CUE_KINDS),
    *(f"matched_{kind}" for kind in CUE_KINDS),
    *(f"claim_{kind}" for kind in CUE_KINDS),
    "negation_near_claim_terms",
    "claim_is_question",
    "matching_sentences",
    "quote_marks_per_sentence",
)
MATCH_COVERAGE = 0.3  # a sentence carrying this share of the claim's weight "talks about" it
TOP_SENTENCES = 3


def pair_features(claim: TextProfile, text: TextProfile) -> list[float]:
    """The feature vector (in FEATURE_NAMES order) of one claim against one profiled text."""
    coverages = _sentence_coverages(claim, text)
    ranked = sorted(range(len(coverages)), key=coverages.__getitem__, reverse=True)
    top = [index for index in ranked[:TOP_SENTENCES] if coverages[index] > 0]
    matched = [index for index in ranked if coverages[index] >= MATCH_COVERAGE] or top[:1]
    best = coverages[ranked[0]] if ranked else 0.0
    return [
        _dot(claim.weights, text.weights),
        _dot(claim.weights, text.lead_weights),
        _coverage(claim, text.vocabulary),
        _coverage(claim, text.lead_weights.keys()),
        best,
        sum(coverages[index] for index in top) / TOP_SENTENCES,
        sum(c >= MATCH_COVERAGE for c in coverages) / max(len(coverages), 1),
        ranked[0] / len(coverages) if ranked else 1.0,
        _shared_bigrams(claim, text) / max(len(claim.bigrams), 1),
        *_fuzzy_best(claim, text, top),
        len(claim.numbers & text.numbers) / max(len(claim.numbers), 1),
        float(bool(claim.numbers)),
        len(claim.capitalised & text.vocabulary) / max(len(claim.capitalised), 1),
        math.log1p(len(text.tokens)),
        math.log1p(len(claim.tokens)),
        *(100 * count / max(len(text.tokens), 1) for count in text.cues),
        *text.lead_cues,
        *_sum_cues(tuple(text.sentences[index] for index in matched)),
        *claim.cues,
        sum(_negations_near(claim, text.sentences[index]) for index in matched),
        float(claim.question_marks > 0),
        float(len(matched)),
        text.quote_marks / max(len(text.sentences), 1),
    ]


def _shared_bigrams(claim: TextProfile, text: TextProfile) -> int:
    """Claim bigrams that occur in the text: a substring search per claim bigram is far cheaper
    than building every text's bigram set."""
    return sum(f" {first} {second} " in text.term_line for first, second in claim.bigrams)


def _dot(left: dict[str, float], right: dict[str, float]) -> float:
    if len(left) > len(right):
        left, right = right, left
    get = right.get
    return sum([weight * get(term, 0.0) for term, weight in left.items()])


def _coverage(claim: TextProfile, terms: Collection[str]) -> float:
    """Share of the claim's TF-IDF weight whose terms appear in ``terms``."""
    total = sum(claim.weights.values()) or 1.0
    return sum([weight for term, weight in claim.weights.items() if term in terms]) / total


def _sentence_coverages(claim: TextProfile, text: TextProfile) -> list[float]:
    total = sum(claim.weights.values()) or 1.0
    items = claim.weights.items()
    return [
        sum([weight for term, weight in items if term in sentence.terms]) / total
        for sentence in text.sentences
    ]


def _fuzzy_best(claim: TextProfile, text: TextProfile, top: list[int]) -> tuple[float, float]:
    """Best rapidfuzz token-sort and partial ratios of the claim against its closest sentences."""
    if not top:
        return 0.0, 0.0
    choices = [utils.default_process(text.sentences[index].text) for index in top]
    sort = max(fuzz.token_sort_ratio(claim.plain, choice) for choice in choices)
    partial = max(fuzz.partial_ratio(claim.plain, choice) for choice in choices)
    return sort / 100, partial / 100


def _negations_near(claim: TextProfile, sentence: Sentence) -> int:
    """Negations within a few words of a claim term: "did not crash" against "plane crashed"."""
    near = 0
    tokens = sentence.tokens
    for index, token in enumerate(tokens):
        if token in _NEGATING:
            window = tokens[max(0, index - NEGATION_WINDOW) : index + NEGATION_WINDOW + 1]
            near += any(term in claim.weights for term in window)
    return near
