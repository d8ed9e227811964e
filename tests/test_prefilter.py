"""The FTS5 prefilter must never lose evidence: prefiltered matching equals matching everything."""

from __future__ import annotations

from pathlib import Path

import pytest

from corroborate.claims.article import read_article
from corroborate.claims.extract import extract_claims
from corroborate.evidence.matching import match_claims
from corroborate.evidence.prefilter import claim_term_expressions, run_candidates, terms_needed
from corroborate.models import Article, Claim, CleanedPage, KeyTerms
from corroborate.pages.cleaning import clean_page
from corroborate.pages.fingerprints import text_fingerprint
from corroborate.store import Store
from corroborate.text.sentences import split_sentences
from tests.testweb import pages
from tests.testweb.corpus import PUBLIC_STORIES, canonical_url

FIXTURE = Path(__file__).parent / "fixtures" / "article.txt"


def _corpus_claims() -> list[Claim]:
    """The fixture article's claims and those of one report of every other event."""
    claims = extract_claims(read_article(str(FIXTURE)))
    events = {story.event: story for story in PUBLIC_STORIES if story.event}
    for story in events.values():
        article = Article(path=story.path, text=story.text, title=story.headline)
        claims += extract_claims(article)
    return [
        Claim(position, claim.text, claim.key_terms)
        for position, claim in enumerate(claims, start=1)
    ]


def _store_run(store: Store, claims: list[Claim], pages_and_sentences) -> int:  # noqa: ANN001
    article = Article(path="article.txt", text=" ".join(claim.text for claim in claims))
    run_id = store.runs.start_run(article, claims, [])
    for page, sentences in pages_and_sentences:
        store.crawl.save_page(
            run_id, page, "sitemaps", sentences, text_fingerprint(page.text), page.url
        )
    return run_id


def _cleaned_corpus() -> list[tuple[CleanedPage, list[str]]]:
    cleaned = []
    for story in PUBLIC_STORIES:
        page = clean_page(pages.article_page(story), canonical_url(story))
        if page is not None:
            cleaned.append((page, split_sentences(page.text)))
    return cleaned


def _exact_and_prefiltered(store: Store, run_id: int, claims: list[Claim]):  # noqa: ANN202
    everything = store.scoring.candidate_sentences(run_id)
    selected = run_candidates(store, run_id, claims, threshold=0)
    return match_claims(claims, everything), match_claims(claims, selected), everything, selected


def test_prefiltered_evidence_equals_exact_on_the_test_web_corpus(tmp_path: Path) -> None:
    claims = _corpus_claims()
    store = Store.open(tmp_path / "c.db")
    run_id = _store_run(store, claims, _cleaned_corpus())
    exact, prefiltered, everything, selected = _exact_and_prefiltered(store, run_id, claims)
    assert len({evidence.claim_position for evidence in exact}) >= 8
    assert prefiltered == exact
    assert len(selected) < len(everything)  # it does narrow the run down


SPELLING_CASES = [
    # (claim, its one key term, sentences that carry the term in another spelling)
    (
        "Around 8,000 residents of the town were evacuated from their homes overnight.",
        KeyTerms(numbers=("8,000 residents",)),
        [
            "Around 8000 residents of the town were evacuated from their homes overnight, police "
            "said.",
            "Some 8 thousand residents of the town were evacuated from their homes overnight.",
            "Around 8k residents of the town were evacuated from their homes overnight by the "
            "army.",
        ],
    ),
    (
        "Twelve miners were rescued from the flooded shaft on Friday evening.",
        KeyTerms(numbers=("Twelve",)),
        [
            "A dozen miners were rescued from the flooded shaft on Friday evening, officials said.",
            "12 miners were rescued from the flooded shaft on Friday evening after a long search.",
        ],
    ),
    (
        "The company agreed to pay $4.5m to settle the claims of former workers.",
        KeyTerms(numbers=("$4.5m",)),
        ["The company agreed to pay 4.5 million dollars to settle the claims of former workers."],
    ),
    (
        "Repairs to the flooded dam will cost two million euros, the ministry said on Monday.",
        KeyTerms(numbers=("two million",)),
        [
            "Repairs to the flooded dam will cost 2m euros, the ministry said on Monday evening.",
            "Repairs to the flooded dam will cost 2,000,000 euros, the ministry said on Monday.",
        ],
    ),
    (
        "Twenty-five people were injured when the old stand collapsed during the match.",
        KeyTerms(numbers=("Twenty-five",)),
        ["25 people were injured when the old stand collapsed during the match on Saturday."],
    ),
    (
        "Twelve hundred workers lost their jobs when the plant closed last spring, the union said.",
        KeyTerms(numbers=("Twelve hundred",)),
        ["About 1,200 workers lost their jobs when the plant closed last spring, the union said."],
    ),
    (
        "The museum's collection grew quickly during the 1990s under its first director.",
        KeyTerms(numbers=("1990s",)),
        ["The museum's collection grew quickly during the 1990s under its founding director."],
    ),
    (
        "The dam collapsed early on Tuesday, November 3, after a week of torrential rain.",
        KeyTerms(dates=("November 3",)),
        [
            "The dam collapsed early on Nov. 3 after a week of torrential rain in the north.",
            "The dam collapsed early on the 3rd of November after a week of torrential rain.",
        ],
    ),
    (
        "Governor Petra Vollan said the search would continue through the night along the river.",
        KeyTerms(entities=("Petra Vollan",)),
        ["Vollan said the search would continue through the night along the whole river."],
    ),
    (
        "Acme Corp said it would close its plant in the northern town by the end of the year.",
        KeyTerms(entities=("Acme Corp",)),
        ["Acme said it would close its plant in the northern town by the end of the year."],
    ),
    (
        "The minister said the inquiry would report before the spring session of parliament.",
        KeyTerms(),
        ["The minister said that the inquiry would report before the spring parliament session."],
    ),
]
FILLER = [
    "Rain is expected to ease by the weekend, forecasters said on Monday.",
    "The central bank left its main interest rate unchanged at its meeting.",
    "Ticket prices for the final rose sharply after the semi-final win.",
    "The museum will reopen in March after a two-year renovation of its galleries.",
]


@pytest.mark.parametrize(
    ("claim_text", "terms", "sentences"),
    SPELLING_CASES,
    ids=[case[0][:30] for case in SPELLING_CASES],
)
def test_terms_in_other_spellings_are_selected(
    tmp_path: Path, claim_text: str, terms: KeyTerms, sentences: list[str]
) -> None:
    claims = [Claim(1, claim_text, terms)]
    stored = [
        (
            CleanedPage(
                url=f"https://o{n}.test/a",
                canonical_url=f"https://o{n}.test/a",
                outlet=f"o{n}.test",
                text=text,
            ),
            [text],
        )
        for n, text in enumerate(sentences + FILLER)
    ]
    store = Store.open(tmp_path / "c.db")
    run_id = _store_run(store, claims, stored)
    exact, prefiltered, _, selected = _exact_and_prefiltered(store, run_id, claims)
    assert len(exact) == len(sentences)  # every spelling is evidence for matching itself
    assert prefiltered == exact
    assert len(selected) < len(sentences) + len(FILLER)


def test_small_runs_are_matched_whole(tmp_path: Path) -> None:
    claims = [Claim(1, "Twelve miners were rescued.", KeyTerms(numbers=("Twelve",)))]
    stored = [
        (
            CleanedPage(
                url="https://o.test/a", canonical_url="https://o.test/a", outlet="o.test", text=text
            ),
            [text],
        )
        for text in FILLER
    ]
    store = Store.open(tmp_path / "c.db")
    run_id = _store_run(store, claims, stored)
    assert run_candidates(store, run_id, claims) == store.scoring.candidate_sentences(run_id)
    assert run_candidates(store, run_id, claims, threshold=0) == []


def test_one_expression_per_term_with_every_spelling_quoted() -> None:
    claim = Claim(1, "x", KeyTerms(entities=("São Paulo", "São Paulo"), numbers=("1,200",)))
    names, number = claim_term_expressions(claim)
    assert names == '"sao" OR "paulo"'
    assert all(f'"{spelling}"' in number for spelling in ("1 200", "1200", "1 2 thousand"))
    assert all(part.startswith('"') and part.endswith('"') for part in number.split(" OR "))


def test_sentences_with_too_few_terms_cannot_reach_the_minimum_score() -> None:
    # k of n terms: at most 40 + 60 * k / n, so 50 needs a sixth of the terms.
    assert [terms_needed(n) for n in (1, 2, 6, 7, 12, 13)] == [1, 1, 1, 2, 2, 3]
    assert terms_needed(4, min_score=70) == 2
