"""Per-claim verdicts count independent outlets: one outlet once, reprints once, article never."""

import random
import string
from dataclasses import replace

import pytest

from corroborate.models import Claim, Difference, Evidence, PageFingerprint
from corroborate.pages.fingerprints import text_fingerprint
from corroborate.settings import DEFAULT_SETTINGS, ScoringSettings
from corroborate.verdicts.labels import (
    CONTRADICTED,
    CORROBORATED,
    NOT_CHECKABLE,
    NOT_FOUND,
    PARTLY_CORROBORATED,
    SINGLE_SOURCE,
)
from corroborate.verdicts.scoring import MAX_VERDICT_EVIDENCE, score_claims

STRONG_EVIDENCE_SCORE = DEFAULT_SETTINGS.min_evidence_score

CLAIMS = [Claim(1, "First claim."), Claim(2, "Second claim."), Claim(3, "Third claim.")]


def story(topic: str, length: int = 300) -> str:
    """A distinct text per topic (its own words in its own order), long enough to fingerprint."""
    rng = random.Random(topic)
    words = ["".join(rng.choices(string.ascii_lowercase, k=rng.randint(2, 9))) for _ in range(400)]
    return " ".join(rng.choices(words, k=length))


def page(page_id: int, outlet: str, text: str) -> PageFingerprint:
    return PageFingerprint(page_id, outlet, text_fingerprint(text))


def evidence(page_id: int, outlet: str, score: float = 80.0, claim: int = 1) -> Evidence:
    return Evidence(
        claim_position=claim,
        sentence_id=page_id * 100,
        page_id=page_id,
        url=f"https://{outlet}/story-{page_id}",
        outlet=outlet,
        sentence=f"Sentence on page {page_id}.",
        score=score,
        coverage=1.0,
    )


def test_verdict_per_claim_in_article_order_with_thresholds():
    fingerprints = [page(i, f"outlet{i}.test", story(f"t{i}")) for i in range(1, 5)]
    found = [
        evidence(1, "outlet1.test", claim=1),
        evidence(2, "outlet2.test", claim=1),
        evidence(3, "outlet3.test", claim=1),
        evidence(4, "outlet4.test", claim=2),
    ]
    verdicts = score_claims(CLAIMS, found, fingerprints)
    assert [v.claim_position for v in verdicts] == [1, 2, 3]
    assert [v.verdict for v in verdicts] == [CORROBORATED, SINGLE_SOURCE, NOT_FOUND]
    assert [v.independent_outlets for v in verdicts] == [3, 1, 0]
    assert verdicts[0].explanation == "3 independent outlets (3 pages) carry this claim"
    assert verdicts[2].evidence == () and verdicts[2].score == 0


def test_two_independent_outlets_are_the_corroboration_threshold():
    fingerprints = [page(1, "a.test", story("a")), page(2, "b.test", story("b"))]
    [two] = score_claims(CLAIMS[:1], [evidence(1, "a.test"), evidence(2, "b.test")], fingerprints)
    [one] = score_claims(CLAIMS[:1], [evidence(1, "a.test")], fingerprints)
    assert (two.verdict, one.verdict) == (CORROBORATED, SINGLE_SOURCE)


def test_pages_of_one_outlet_count_once():
    fingerprints = [page(i, "news.test", story(f"own{i}")) for i in range(1, 4)]
    found = [evidence(1, "news.test"), evidence(2, "www.news.test"), evidence(3, "NEWS.test")]
    [verdict] = score_claims(CLAIMS[:1], found, fingerprints)
    assert (verdict.independent_outlets, verdict.pages, verdict.verdict) == (1, 3, SINGLE_SOURCE)
    assert verdict.explanation == "Only 1 outlet (3 pages) carries this claim"


def test_wire_reprints_across_outlets_count_once():
    wire = story("wire")
    fingerprints = [
        page(1, "ledger.test", "Ledger | World\n" + wire + "\nCopyright AP."),
        page(2, "metro.test", wire + "\nSign up for the Metro briefing."),
        page(3, "herald.test", "Listen to this article. " + wire),
        page(4, "courier.test", story("own reporting")),
    ]
    found = [evidence(i, fp.outlet, score=70 + i) for i, fp in enumerate(fingerprints, 1)]
    [verdict] = score_claims(CLAIMS[:1], found, fingerprints)
    assert (verdict.independent_outlets, verdict.pages) == (2, 4)
    assert sorted(cluster.page_ids for cluster in verdict.origins) == [(1, 2, 3), (4,)]


def test_copy_of_the_article_under_test_never_counts():
    article = story("the article")
    fingerprints = [
        page(1, "syndicator.test", "Related: more news\n" + article),
        page(2, "a.test", story("a")),
        page(3, "b.test", story("b")),
    ]
    found = [evidence(1, "syndicator.test", 95), evidence(2, "a.test"), evidence(3, "b.test")]
    [with_copy] = score_claims(CLAIMS[:1], found, fingerprints)
    [verdict] = score_claims(CLAIMS[:1], found, fingerprints, text_fingerprint(article))
    assert with_copy.independent_outlets == 3
    assert (verdict.independent_outlets, verdict.pages) == (2, 2)
    assert 1 not in {item.page_id for item in verdict.evidence}


def test_weak_evidence_does_not_count():
    fingerprints = [page(1, "a.test", story("a")), page(2, "b.test", story("b"))]
    found = [evidence(1, "a.test", 90), evidence(2, "b.test", STRONG_EVIDENCE_SCORE - 1)]
    [verdict] = score_claims(CLAIMS[:1], found, fingerprints)
    assert verdict.verdict == SINGLE_SOURCE
    [lenient] = score_claims(
        CLAIMS[:1], found, fingerprints, settings=ScoringSettings(min_evidence_score=0)
    )
    assert lenient.verdict == CORROBORATED


def test_score_has_diminishing_returns_and_one_source_stays_well_below_two():
    fingerprints = [page(i, f"o{i}.test", story(f"o{i}")) for i in range(1, 6)]
    scores = []
    for count in range(1, 6):
        found = [evidence(i, f"o{i}.test", 90) for i in range(1, count + 1)]
        [verdict] = score_claims(CLAIMS[:1], found, fingerprints)
        scores.append(verdict.score)
    gains = [later - earlier for earlier, later in zip(scores, scores[1:])]
    assert all(0 <= s <= 100 for s in scores)
    assert gains == sorted(gains, reverse=True) and all(gain > 0 for gain in gains)
    assert scores[0] <= 45 and scores[1] >= scores[0] + 20


def test_stronger_evidence_scores_higher():
    fingerprints = [page(1, "a.test", story("a")), page(2, "b.test", story("b"))]

    def verdict_at(score: float):
        found = [evidence(1, "a.test", score), evidence(2, "b.test", score)]
        return score_claims(CLAIMS[:1], found, fingerprints)[0]

    assert verdict_at(95).score > verdict_at(60).score


def test_evidence_lists_best_of_each_origin_first_then_other_pages():
    outlets = ["big.test"] * 4 + ["o5.test", "o6.test", "o7.test"]
    scores = [99, 98, 97, 96, 60, 61, 62]
    fingerprints = [page(i, outlet, story(f"p{i}")) for i, outlet in enumerate(outlets, 1)]
    found = [evidence(i, outlet, s) for i, (outlet, s) in enumerate(zip(outlets, scores), 1)]
    [verdict] = score_claims(CLAIMS[:1], found, fingerprints)
    shown = [item.page_id for item in verdict.evidence]
    assert len(shown) == MAX_VERDICT_EVIDENCE
    assert shown[:4] == [1, 7, 6, 5]  # one per origin, strongest first
    assert shown[4] == 2  # then the strongest remaining page
    assert all(item.url and item.outlet for item in verdict.evidence)


def test_pages_without_a_fingerprint_still_count_by_outlet():
    found = [evidence(1, "a.test"), evidence(2, "b.test"), evidence(3, "a.test")]
    [verdict] = score_claims(CLAIMS[:1], found, [])
    assert verdict.independent_outlets == 2
    assert sorted(cluster.page_ids for cluster in verdict.origins) == [(1, 3), (2,)]


@pytest.mark.parametrize("article_fingerprint", [None, b""])
def test_no_article_fingerprint_excludes_nothing(article_fingerprint):
    fingerprints = [PageFingerprint(1, "a.test", b""), PageFingerprint(2, "b.test", b"")]
    found = [evidence(1, "a.test"), evidence(2, "b.test")]
    [verdict] = score_claims(CLAIMS[:1], found, fingerprints, article_fingerprint)
    assert verdict.independent_outlets == 2  # empty-text signatures link to nothing


def judged(
    page_id: int,
    outlet: str,
    stance: str,
    score: float = 80.0,
    differences: tuple[Difference, ...] = (),
) -> Evidence:
    return replace(
        evidence(page_id, outlet, score),
        stance=stance,
        stance_confidence=0.9,
        differences=differences,
    )


TWO_THOUSAND = (Difference("number", "8,000 residents", "2,300 residents", "number:2300:"),)


def test_origins_that_state_the_claim_otherwise_contradict_it():
    wire = story("wire")
    fingerprints = [
        page(1, "a.test", wire),
        page(2, "b.test", wire + " more"),
        page(3, "c.test", story("c")),
    ]
    found = [
        judged(1, "a.test", "contradicts", differences=TWO_THOUSAND),
        judged(2, "b.test", "contradicts", differences=TWO_THOUSAND),
        judged(3, "c.test", "contradicts", differences=TWO_THOUSAND),
    ]
    [verdict] = score_claims(CLAIMS[:1], found, fingerprints)
    assert (verdict.verdict, verdict.independent_outlets, verdict.contradicting_outlets) == (
        CONTRADICTED,
        0,
        2,
    )
    [discrepancy] = verdict.discrepancies
    assert (discrepancy.independent_outlets, discrepancy.reported_value) == (2, "2,300 residents")
    assert "2 outlets: 2,300 residents" in verdict.explanation
    assert [cluster.rule for cluster in verdict.origins] == ["near-duplicate text", "single page"]
    assert verdict.score == 0


def test_a_differing_minority_leaves_a_claim_corroborated_and_a_tie_partly():
    fingerprints = [page(i, f"o{i}.test", story(f"o{i}")) for i in range(1, 5)]
    majority = [
        judged(1, "o1.test", "supports"),
        judged(2, "o2.test", "supports"),
        judged(3, "o3.test", "supports"),
        judged(4, "o4.test", "contradicts", differences=TWO_THOUSAND),
    ]
    [verdict] = score_claims(CLAIMS[:1], majority, fingerprints)
    assert (verdict.verdict, verdict.independent_outlets, verdict.contradicting_outlets) == (
        CORROBORATED,
        3,
        1,
    )
    assert verdict.evidence[-1].page_id == 4  # the differing page is shown after the support
    [tie] = score_claims(CLAIMS[:1], majority[2:], fingerprints)
    assert tie.verdict == PARTLY_CORROBORATED


def test_evidence_the_model_finds_unrelated_or_merely_discussing_is_no_support():
    fingerprints = [page(i, f"o{i}.test", story(f"o{i}")) for i in range(1, 4)]
    found = [
        judged(1, "o1.test", "supports"),
        judged(2, "o2.test", "unrelated"),
        judged(3, "o3.test", "discusses"),
    ]
    [verdict] = score_claims(CLAIMS[:1], found, fingerprints)
    assert (verdict.verdict, verdict.independent_outlets, verdict.pages) == (SINGLE_SOURCE, 1, 2)
    assert [cluster.stance for cluster in verdict.origins] == ["supports", "discusses"]


def test_wire_credited_pages_are_one_origin_even_when_rewritten():
    fingerprints = [
        page(1, "a.test", story("a")),
        page(2, "b.test", story("b")),
        page(3, "c.test", story("c")),
    ]
    found = [evidence(1, "a.test"), evidence(2, "b.test"), evidence(3, "c.test")]
    [verdict] = score_claims(CLAIMS[:1], found, fingerprints, wires={1: "AP", 2: "AP"})
    assert verdict.independent_outlets == 2
    assert verdict.origins[0].rule == "wire credit: AP" and verdict.origins[0].page_ids == (1, 2)


def test_opinion_is_not_checkable_whatever_the_evidence():
    opinion = [Claim(1, "The handling of the flood was a shameful disgrace.")]
    fingerprints = [page(1, "a.test", story("a")), page(2, "b.test", story("b"))]
    [verdict] = score_claims(opinion, [evidence(1, "a.test"), evidence(2, "b.test")], fingerprints)
    assert verdict.verdict == NOT_CHECKABLE and verdict.explanation.startswith("Not checkable")
