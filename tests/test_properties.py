"""Property tests on hostile-sized input: claim extraction, matching and scoring up to 1 MB.

Pages and articles come from strangers, so the core must not crash, must keep its output
within its contract, and must finish in bounded time whatever the text: any Unicode, no
sentence ends, one giant "sentence", repetition. The hypothesis deadline (60 s per example,
far above the ~6 s a 1 MB article takes) catches a quadratic blow-up, not a slow machine.
"""

from __future__ import annotations

from datetime import timedelta

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from corroborate.claims.extract import extract_claims, extract_key_terms
from corroborate.evidence.matching import match_claims
from corroborate.models import Article, CandidateSentence, Claim, Evidence, PageFingerprint
from corroborate.pages.fingerprints import text_fingerprint
from corroborate.text.dates import find_dates
from corroborate.text.quantities import find_quantities
from corroborate.text.sentences import split_sentences
from corroborate.verdicts.scoring import score_claims

MAX_BYTES = 1_000_000
BOUNDED = settings(
    max_examples=4,
    deadline=timedelta(seconds=60),
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

any_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=80)
newsy_word = st.sampled_from(
    [
        "Kim",
        "Paris",
        "NATO",
        "said",
        "the",
        "12",
        "killed",
        "on",
        "May",
        "5,",
        "2023.",
        "$4.5m",
        "\u201cbig",
        "win\u201d",
        "?",
        "\n",
        "U.S.",
        "Dr.",
        "40%",
        "\u0645\u0631\u062d\u0628\u0627",
        "\u4e2d\u56fd",
        "\u00e9t\u00e9",
        "\ufeff",
        "\u200b",
        "...",
        "\u2014",
        "\t",
        "!!!",
    ]
)
fragment = st.one_of(any_text, st.lists(newsy_word, min_size=1, max_size=40).map(" ".join))
# Explicit megabytes, because hypothesis shrinks towards small inputs: real prose, one endless
# word, one endless sentence without a full stop.
NEWS_MB = (
    "Officials in Paris said 12 people were killed on May 5, 2023, NATO confirmed. " * 14_000
)[:MAX_BYTES]
ONE_WORD_MB = "a" * MAX_BYTES
NO_STOP_MB = ("Kim said the \u201cbig win\u201d was 40% of 12 " * 25_000)[:MAX_BYTES]


@st.composite
def big_text(draw: st.DrawFn) -> str:
    """Up to 1 MB: a drawn fragment mix, repeated (hypothesis cannot draw a megabyte itself)."""
    unit = " ".join(draw(st.lists(fragment, min_size=1, max_size=8))) or "x"
    size = draw(st.integers(min_value=1, max_value=MAX_BYTES))
    return (unit * (size // len(unit) + 1))[:size]


@BOUNDED
@given(text=big_text(), max_claims=st.integers(min_value=0, max_value=20))
@example(text=NEWS_MB, max_claims=12)
@example(text=ONE_WORD_MB, max_claims=12)
@example(text=NO_STOP_MB, max_claims=12)
def test_claim_extraction_survives_any_text_up_to_1_mb(text: str, max_claims: int):
    claims = extract_claims(Article(path="a.txt", text=text), max_claims=max_claims)
    assert len(claims) <= max_claims
    assert [claim.position for claim in claims] == sorted(claim.position for claim in claims)
    assert all(claim.text.strip() for claim in claims)


@BOUNDED
@given(
    claim_texts=st.lists(fragment, min_size=1, max_size=12),
    page=big_text(),
    pages=st.integers(min_value=1, max_value=40),
)
@example(claim_texts=[NEWS_MB[:200], "Kim said 40%"], page=NEWS_MB, pages=40)
@example(claim_texts=["a a a"], page=ONE_WORD_MB, pages=1)
@example(claim_texts=[NO_STOP_MB[:300]], page=NO_STOP_MB, pages=3)
def test_matching_survives_any_sentences_up_to_1_mb(claim_texts: list[str], page: str, pages: int):
    claims = [Claim(i + 1, text, extract_key_terms(text)) for i, text in enumerate(claim_texts)]
    sentences = [
        CandidateSentence(
            i, i % pages, text, f"http://p{i % pages}.example/", f"p{i % pages}.example"
        )
        for i, text in enumerate(split_sentences(page))
    ]
    evidence = match_claims(claims, sentences, min_score=0)
    ids = {sentence.sentence_id for sentence in sentences}
    positions = {claim.position for claim in claims}
    for item in evidence:
        assert 0 <= item.score <= 100 and 0 <= item.coverage <= 1
        assert item.sentence_id in ids and item.claim_position in positions
    per_page = {(item.claim_position, item.page_id) for item in evidence}
    assert len(per_page) == len(evidence)  # at most one (best) sentence per claim and page


@BOUNDED
@given(claim_texts=st.lists(fragment, min_size=1, max_size=12), page=big_text(), data=st.data())
def test_scoring_survives_any_evidence(claim_texts: list[str], page: str, data: st.DataObject):
    claims = [Claim(i + 1, text, extract_key_terms(text)) for i, text in enumerate(claim_texts)]
    page_ids = list(range(data.draw(st.integers(min_value=0, max_value=60))))
    signature = text_fingerprint(page)
    fingerprints = [
        PageFingerprint(p, f"o{p % 7}.example", signature if p % 2 else b"") for p in page_ids
    ]
    evidence = [data.draw(_evidence(claims, page_ids)) for _ in range(len(page_ids))]
    verdicts = score_claims(claims, evidence, fingerprints, article_fingerprint=signature)
    assert len(verdicts) == len(claims)


def _evidence(claims: list[Claim], page_ids: list[int]) -> st.SearchStrategy[Evidence]:
    return st.builds(
        Evidence,
        claim_position=st.sampled_from([claim.position for claim in claims]),
        sentence_id=st.integers(min_value=0, max_value=10**6),
        page_id=st.sampled_from(page_ids),
        url=st.just("http://o.example/a"),
        outlet=st.sampled_from(["a.example", "b.example", "c.example"]),
        sentence=any_text,
        score=st.floats(min_value=0, max_value=100),
        coverage=st.floats(min_value=0, max_value=1),
        stance=st.sampled_from([None, "supports", "contradicts", "discusses", "unrelated"]),
    )


@BOUNDED
@given(
    st.integers(10_000, 100_000),
    st.sampled_from([".", "!", "?", "\u2026", ". ", '."', "?!", ".)"]),
)
@example(100_000, ".")
def test_runs_of_punctuation_split_whole(length: int, piece: str) -> None:
    """A 100 KB line of dots took 106 s (each dot rescanned the rest of the run); the deadline
    catches that, and no character may be lost on the way."""
    text = "Officials said" + piece * (length // len(piece)) + " The dam held."
    sentences = split_sentences(text)
    assert "".join("".join(sentence.split()) for sentence in sentences) == "".join(text.split())


@BOUNDED
@given(st.integers(1_000, 20_000))
@example(20_000)
def test_every_date_and_figure_of_a_long_text_is_found(count: int) -> None:
    """Date and figure finding compared each match with every earlier one: quadratic."""
    text = " ".join(f"On Tuesday 3 November 2026 there were {n + 1} boats." for n in range(count))
    assert len(find_dates(text)) == count
    assert len(find_quantities(text)) == count
