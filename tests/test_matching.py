"""Claim-to-sentence matching: paraphrases win, traps lose, key terms are compared as facts."""

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz
from rapidfuzz.utils import default_process

from corroborate.evidence.matching import DEFAULT_MIN_SCORE, match_claims
from corroborate.models import CandidateSentence, Claim, KeyTerms

BUDGET = Claim(
    1,
    "The Springfield city council approved a $4.5 million budget for new bike lanes on Tuesday.",
    KeyTerms(entities=("Springfield",), numbers=("$4.5 million",), dates=("Tuesday",)),
)
HEATWAVE = Claim(
    2,
    "Health officials said 1,200 people were treated for heat stroke in Madrid during the "
    "first week of July.",
    KeyTerms(entities=("Madrid",), numbers=("1,200",), dates=("July",)),
)
LAYOFFS = Claim(
    3,
    "Acme Corp will lay off 300 workers at its Ohio plant, chief executive Jane Doe told "
    "employees.",
    KeyTerms(entities=("Acme Corp", "Ohio", "Jane Doe"), numbers=("300",)),
)
QUAKE = Claim(
    4,
    "A magnitude 6.1 earthquake struck off the coast of Chile near Valparaiso on Sunday, "
    "killing twelve people.",
    KeyTerms(entities=("Chile", "Valparaiso"), numbers=("6.1", "twelve"), dates=("Sunday",)),
)

# (claim, paraphrase by another outlet, same topic but a different fact)
PAIRS = [
    (
        BUDGET,
        "On Tuesday, Springfield's council voted to spend $4.5m on building new bike lanes "
        "across the city.",
        "The Springfield city council rejected a $2 million plan for new parking garages on "
        "Monday.",
    ),
    (
        HEATWAVE,
        "About 1200 people needed treatment for heat stroke in Madrid in the first week of "
        "July, health authorities said.",
        "Heat stroke cases rose in Barcelona, where 300 people were treated last week.",
    ),
    (
        LAYOFFS,
        "Doe told staff that Acme would cut 300 jobs at the Ohio factory.",
        "Acme Corp said it would hire 300 workers at a new plant in Texas.",
    ),
    (
        QUAKE,
        "Twelve people died when a 6.1-magnitude quake hit near Valparaiso, Chile, on Sunday.",
        "A magnitude 5.2 earthquake shook northern Peru on Friday, with no reports of damage.",
    ),
]


def sentence(sentence_id: int, text: str, page_id: int | None = None) -> CandidateSentence:
    page = sentence_id if page_id is None else page_id
    url = f"https://outlet{page}.test/a"
    return CandidateSentence(sentence_id, page, text, url, f"outlet{page}.test")


def evidence_for(claim: Claim, text: str, min_score: float = 0.0):
    [evidence] = match_claims([claim], [sentence(1, text)], min_score=min_score)
    return evidence


@pytest.mark.parametrize(("claim", "paraphrase", "different_fact"), PAIRS)
def test_paraphrase_passes_and_beats_a_same_topic_sentence_with_other_facts(
    claim, paraphrase, different_fact
):
    good = evidence_for(claim, paraphrase)
    other = evidence_for(claim, different_fact)
    assert good.score >= DEFAULT_MIN_SCORE
    assert other.score < DEFAULT_MIN_SCORE
    assert good.score > other.score + 10


@pytest.mark.parametrize(
    ("claim", "short"),
    [(BUDGET, "The city council approved."), (HEATWAVE, "Officials said people were treated.")],
)
def test_short_sentence_contained_in_the_claim_is_not_a_strong_match(claim, short):
    assert fuzz.token_set_ratio(default_process(claim.text), default_process(short)) == 100
    assert evidence_for(claim, short).score < DEFAULT_MIN_SCORE
    assert match_claims([claim], [sentence(1, short)]) == []


def test_long_sentence_that_contains_the_whole_claim_is_a_strong_match():
    text = "In a statement, " + BUDGET.text.rstrip(".") + ", ending months of debate at city hall."
    assert evidence_for(BUDGET, text).score >= 90


@pytest.mark.parametrize(
    ("written", "in_sentence"),
    [
        ("1,200", "1200"),
        ("1200", "1,200"),
        ("$4.5 million", "$4.5m"),
        ("3.5 million", "3,500,000"),
        ("40%", "40 percent"),
        ("twelve", "12"),
        ("12", "a dozen"),
        ("25", "twenty-five"),
    ],
)
def test_numbers_are_compared_as_numbers(written, in_sentence):
    claim = Claim(
        1, f"Officials counted {written} cases in the region.", KeyTerms(numbers=(written,))
    )
    evidence = evidence_for(claim, f"Officials counted {in_sentence} cases in the region.")
    assert evidence.matched_terms == (written,)
    assert evidence.coverage == 1.0


def test_a_different_number_is_missing_and_costs_score():
    claim = Claim(1, "Officials counted 1,200 cases in the region.", KeyTerms(numbers=("1,200",)))
    right = evidence_for(claim, "Officials counted 1200 cases in the region.")
    wrong = evidence_for(claim, "Officials counted 2,100 cases in the region.")
    assert wrong.missing_terms == ("1,200",) and wrong.coverage == 0.0
    assert right.score > wrong.score + 30


def test_a_sentence_giving_another_figure_is_kept_as_differing_evidence():
    claim = Claim(
        1,
        "Around 8,000 residents of the town of Lindqvist, downstream of the dam, were evacuated "
        "overnight.",
        KeyTerms(entities=("Lindqvist",), numbers=("8,000",)),
    )
    other_figure = "Around 2,300 residents of Lindqvist, below the dam, were evacuated overnight."
    same_figure = "About 8000 residents of Lindqvist, below the dam, were evacuated overnight."
    differing = evidence_for(claim, other_figure)
    assert differing.differing_terms == differing.missing_terms == ("8,000",)
    assert differing.coverage == 0.5
    agreeing = evidence_for(claim, same_figure)
    assert agreeing.coverage == 1.0 and agreeing.differing_terms == ()
    assert agreeing.score > differing.score


def test_another_figure_in_a_sentence_lacking_other_specifics_is_no_difference():
    claim = Claim(
        1,
        "At least 14 people died when the dam collapsed on November 3.",
        KeyTerms(numbers=("14",), dates=("November 3",)),
    )
    own_figures_only = evidence_for(claim, "The dam collapsed on November 3 and many people died.")
    another_figure = evidence_for(claim, "The dam collapsed on November 3 and 19 people died.")
    assert another_figure.differing_terms == ("14",)
    assert own_figures_only.differing_terms == ()
    other_event = match_claims(
        [claim],
        [sentence(1, "At least 19 people died when the bridge fell on Monday.")],
        min_score=0,
    )
    assert all(evidence.differing_terms == () for evidence in other_event)


def test_a_year_is_never_read_as_another_count():
    claim = Claim(
        1,
        "About 2,300 residents of Lindqvist were evacuated overnight.",
        KeyTerms(entities=("Lindqvist",), numbers=("2,300",)),
    )
    year = evidence_for(claim, "Residents of Lindqvist, a town founded in 1968, were evacuated.")
    assert year.differing_terms == ()


def test_coverage_reports_matched_and_missing_terms():
    evidence = evidence_for(
        QUAKE, "A 6.1 magnitude earthquake hit Chile on Sunday, officials in Santiago said."
    )
    assert set(evidence.matched_terms) == {"Chile", "6.1", "Sunday"}
    assert set(evidence.missing_terms) == {"Valparaiso", "twelve"}
    assert evidence.coverage == pytest.approx(3 / 5, abs=1e-3)


def test_names_dates_and_quotes_survive_rewording():
    claim = Claim(
        1,
        'Joe Biden said in São Paulo on November 2, 2023 that "we will not back down".',
        KeyTerms(
            entities=("Joe Biden", "São Paulo"),
            dates=("November 2, 2023",),
            quotes=("we will not back down",),
        ),
    )
    evidence = evidence_for(
        claim, 'Biden, speaking in Sao Paulo on Nov. 2nd, said: "We will not back down."'
    )
    assert evidence.coverage == 1.0, evidence.missing_terms


def test_dates_match_their_abbreviations_but_not_lookalike_words():
    claim = Claim(1, "Shares fell on March 3.", KeyTerms(dates=("March 3",)))
    assert evidence_for(claim, "Shares fell on Mar. 3rd.").matched_terms == ("March 3",)
    assert evidence_for(claim, "Shares fell 3 percent in the market.").missing_terms == ("March 3",)


def test_claim_without_key_terms_uses_its_names_and_numbers():
    claim = Claim(1, "Acme Corp will close its plant in Dayton next year, cutting 450 jobs.")
    same = evidence_for(claim, "Next year Acme will close its Dayton plant, cutting 450 jobs.")
    other = evidence_for(
        claim, "Acme Corp will close its plant in Toledo next year, cutting 90 jobs."
    )
    assert same.coverage == 1.0
    assert set(other.missing_terms) == {"Dayton", "450"}
    assert same.score > other.score + 20


def test_claim_with_nothing_checkable_needs_close_wording():
    claim = Claim(1, "man chops off his own finger after his girlfriend breaks up with him")
    close = "a man chopped off his own finger after his girlfriend broke up with him"
    loose = "he said his girlfriend was happy with him after the trip"
    assert match_claims([claim], [sentence(1, close)])
    assert not match_claims([claim], [sentence(1, loose)])
    assert fuzz.token_set_ratio(claim.text, loose) >= DEFAULT_MIN_SCORE


def test_one_evidence_per_claim_and_page_keeping_the_best_sentence():
    claim, paraphrase, different_fact = PAIRS[0]
    sentences = [
        sentence(10, different_fact, page_id=7),
        sentence(11, paraphrase, page_id=7),
        sentence(12, "Springfield has many parks.", page_id=7),
    ]
    [evidence] = match_claims([claim], sentences, min_score=0)
    assert (evidence.sentence_id, evidence.page_id, evidence.sentence) == (11, 7, paraphrase)
    assert evidence.url == "https://outlet7.test/a" and evidence.outlet == "outlet7.test"
    assert evidence.stance is None


def test_results_sorted_by_claim_position_then_score():
    claims = [QUAKE, BUDGET]  # article order as given, not by position value
    sentences = [sentence(i, text) for i, text in enumerate(
        [PAIRS[0][1], PAIRS[3][1], PAIRS[0][1].replace("$4.5m", "money"), PAIRS[3][2]]
    )]  # fmt: skip
    evidence = match_claims(claims, sentences, min_score=20)
    positions = [e.claim_position for e in evidence]
    assert positions == sorted(positions, key=[4, 1].index)
    for position in (4, 1):
        scores = [e.score for e in evidence if e.claim_position == position]
        assert scores == sorted(scores, reverse=True) and scores


def test_min_score_filters_weak_evidence():
    sentences = [sentence(1, PAIRS[0][1]), sentence(2, PAIRS[0][2])]
    assert len(match_claims([BUDGET], sentences, min_score=0)) == 2
    [strong] = match_claims([BUDGET], sentences)
    assert strong.sentence_id == 1
    assert match_claims([BUDGET], sentences, min_score=100.1) == []


def test_empty_inputs_give_no_evidence():
    assert match_claims([], [sentence(1, "text")]) == []
    assert match_claims([BUDGET], []) == []


def haystack(count: int, seed: int) -> list[CandidateSentence]:
    """Many pages of filler with the pairs' sentences planted, several pages sharing words."""
    rng = random.Random(seed)
    words = " ".join(text for _, good, bad in PAIRS for text in (good, bad)).split()
    texts = [" ".join(rng.choices(words, k=rng.randint(3, 25))) for _ in range(count)]
    for _, good, bad in PAIRS:
        for text in (good, bad):
            texts[rng.randrange(count)] = text
    return [sentence(i, text, page_id=i // 6) for i, text in enumerate(texts)]


def test_chunking_gives_the_same_results_as_one_chunk():
    claims = [claim for claim, _, _ in PAIRS]
    sentences = haystack(600, seed=3)
    whole = match_claims(claims, sentences, min_score=30, chunk_size=10_000)
    assert len(whole) > len(PAIRS)
    for chunk_size in (1, 7, 64):
        assert match_claims(claims, sentences, min_score=30, chunk_size=chunk_size) == whole


def test_paraphrase_is_found_among_many_sentences_sharing_its_words():
    claim, paraphrase, _ = PAIRS[1]
    sentences = haystack(3000, seed=5)
    found = match_claims([claim], sentences)
    assert paraphrase in {evidence.sentence for evidence in found}
    assert found[0].sentence == paraphrase


def test_max_candidates_caps_the_sentences_given_the_full_check():
    claims = [claim for claim, _, _ in PAIRS]
    sentences = haystack(600, seed=3)
    capped = match_claims(claims, sentences, min_score=0, max_candidates=2)
    assert 0 < len(capped) <= 2 * len(claims)
    assert len(match_claims(claims, sentences, min_score=0)) > len(capped)


def test_word_for_word_reprints_do_not_crowd_other_outlets_out_of_the_shortlist():
    """Hundreds of pages carrying one wire sentence take one shortlist slot between them."""
    claim, paraphrase, _ = PAIRS[0]
    wire = claim.text.replace("approved", "has approved")
    reprints = [
        CandidateSentence(i, i, wire, f"https://r{i}.example/a", f"r{i}.example")
        for i in range(1, 301)
    ]
    own = CandidateSentence(999, 999, paraphrase, "https://own.example/a", "own.example")
    found = match_claims([claim], [*reprints, own], max_candidates=5)
    assert {evidence.page_id for evidence in found} == {*range(1, 301), 999}


claim_texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=120)


@settings(max_examples=60, deadline=None)
@given(
    claims=st.lists(claim_texts, min_size=1, max_size=4),
    sentences=st.lists(claim_texts, max_size=12),
    terms=st.lists(claim_texts, max_size=3),
)
def test_random_text_never_crashes_and_scores_stay_in_range(claims, sentences, terms):
    key_terms = KeyTerms(*(tuple(terms),) * 4)  # the same strings as every kind of term
    claim_objects = [Claim(i + 1, text, key_terms) for i, text in enumerate(claims)]
    candidates = [sentence(i, text, page_id=i % 3) for i, text in enumerate(sentences)]
    for evidence in match_claims(claim_objects, candidates, min_score=0):
        assert 0 <= evidence.score <= 100
        assert 0 <= evidence.coverage <= 1
        assert set(evidence.matched_terms).isdisjoint(evidence.missing_terms)
