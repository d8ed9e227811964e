"""Detail checks across the story's pages, on short fictional coverage of one event.

Each page tells the event in its own words, so few sentences match the claim whole: the wrong
day or figure must still be caught from what the independent outlets state, and named.
"""

from __future__ import annotations

from datetime import date

from corroborate.claims.extract import extract_claims
from corroborate.evidence.matching import match_claims
from corroborate.models import Article, CandidateSentence, ClaimVerdict, PageText
from corroborate.text.sentences import split_sentences
from corroborate.verdicts.scoring import score_claims

# The ferry sank on Sunday 14 June 2026; the article says Friday, June 12.
FERRY_ARTICLE = (
    "The ferry Marisol sank in the Brekke Strait off Saltmere on Friday, June 12, 2026, "
    "after its engine room flooded. "
    "Nine crew members of the Marisol were killed when the ferry sank in the Brekke Strait."
)
FERRY_PAGES = {  # outlet -> (publication date, text)
    "harbour-courier.test": (
        "2026-06-15",
        "The ferry Marisol sank in the Brekke Strait on Sunday after its engine room flooded. "
        "Six crew members of the Marisol were killed, the coast guard said.",
    ),
    "northern-ledger.test": (
        "2026-06-16",
        "Rescuers said the Marisol ferry went down in the Brekke Strait off Saltmere on Sunday. "
        "Six crew members died when the ferry sank, officials confirmed.",
    ),
    "saltmere-post.test": (
        "2026-06-14",
        "The ferry Marisol sank today in the Brekke Strait near Saltmere. "
        "Six crew members of the ferry were killed in the Brekke Strait disaster.",
    ),
    "coastal-times.test": (
        "2026-06-18",
        "Divers reached the wreck of the ferry Marisol, which sank in the Brekke Strait on "
        "June 14. The six crew members killed were all from Saltmere.",
    ),
}


def _check(article: str, pages: dict[str, tuple[str, str]]) -> list[ClaimVerdict]:
    """Extract, match and score, as a check does after its crawl."""
    claims = extract_claims(Article(path="a.txt", text=article))
    texts, sentences = {}, []
    for page_id, (outlet, (published, text)) in enumerate(sorted(pages.items()), 1):
        url = f"https://{outlet}/story"
        texts[page_id] = PageText(page_id, text, published, outlet, url)
        for number, sentence in enumerate(split_sentences(text)):
            sentences.append(
                CandidateSentence(page_id * 100 + number, page_id, sentence, url, outlet)
            )
    evidence = match_claims(claims, sentences)
    return score_claims(claims, evidence, [], pages=texts)


def test_a_weekday_resolved_against_each_page_date_names_the_day_the_outlets_give():
    """ "on Sunday" in pages of Monday and Tuesday, "today" on the Sunday, "June 14": one day."""
    date_claim = _check(FERRY_ARTICLE, FERRY_PAGES)[0]
    assert date_claim.verdict == "contradicted"
    [detail] = [item for item in date_claim.discrepancies if item.kind == "date"]
    assert detail.claim_value == "Friday, June 12, 2026"
    assert detail.reported_value == "Sunday 14 June 2026"
    assert detail.independent_outlets == 4
    assert "claim: Friday, June 12, 2026; 4 outlets: Sunday 14 June 2026" in date_claim.explanation


def test_a_figure_the_majority_states_otherwise_is_named_and_never_corroborated():
    figure_claim = _check(FERRY_ARTICLE, FERRY_PAGES)[1]
    assert figure_claim.verdict == "contradicted"
    [detail] = [item for item in figure_claim.discrepancies if item.kind == "number"]
    assert (detail.claim_value, detail.independent_outlets) == ("Nine crew members", 4)
    assert detail.reported_value.lower().startswith("six crew")


def test_one_outlet_confirming_the_figure_makes_it_partly_corroborated_at_best():
    pages = dict(FERRY_PAGES)
    pages["brekke-daily.test"] = (
        "2026-06-15",
        "Nine crew members of the Marisol were killed when the ferry sank in the Brekke Strait.",
    )
    figure_claim = _check(FERRY_ARTICLE, pages)[1]
    assert figure_claim.verdict == "partly corroborated"
    assert "Six crew" in figure_claim.explanation or "six crew" in figure_claim.explanation


def test_a_minority_giving_another_figure_does_not_overturn_the_majority():
    right = FERRY_ARTICLE.replace("Nine crew", "Six crew")
    pages = dict(FERRY_PAGES)
    pages["brekke-daily.test"] = (
        "2026-06-15",
        "Nine crew members of the Marisol were killed when the ferry sank in the Brekke Strait.",
    )
    figure_claim = _check(right, pages)[1]
    assert figure_claim.verdict == "corroborated"
    assert not [item for item in figure_claim.discrepancies if item.kind == "number"]


def test_figures_of_different_things_are_never_compared():
    """Minutes are no count of crew members, a year no count at all."""
    pages = {
        outlet: (published, text.replace("Six crew members", "For 40 minutes rescuers"))
        for outlet, (published, text) in FERRY_PAGES.items()
    }
    figure_claim = _check(FERRY_ARTICLE, pages)[1]
    assert not [item for item in figure_claim.discrepancies if item.kind == "number"]


def test_a_quote_no_outlet_carries_is_flagged_and_not_corroborated():
    article = (
        'Harbour master Ilse Brandt told reporters the Marisol was "a coffin that the port '
        'authority waved through every single summer" after it sank in the Brekke Strait.'
    )
    pages = {
        outlet: (
            published,
            "Harbour master Ilse Brandt told reporters the Marisol sank in the Brekke Strait "
            'and said "we are still searching the water" on Sunday.',
        )
        for outlet, (published, _) in FERRY_PAGES.items()
    }
    [quote_claim] = _check(article, pages)
    assert quote_claim.verdict != "corroborated"
    assert any(item.kind == "quote" for item in quote_claim.discrepancies)


def test_publication_dates_resolve_an_undated_pages_weekday():
    """A page with no date of its own reads "on Sunday" against the story's other pages."""
    pages = dict(FERRY_PAGES)
    pages["no-date.test"] = (
        "",
        "The ferry Marisol sank in the Brekke Strait on Sunday, the harbour office said.",
    )
    date_claim = _check(FERRY_ARTICLE, pages)[0]
    [detail] = [item for item in date_claim.discrepancies if item.kind == "date"]
    assert detail.independent_outlets == 5
    assert date(2026, 6, 14).strftime("%A") in detail.reported_value


BRIDGE_ARTICLE = (
    "Much of the Varna Harbour Bridge fell into the Brekke Strait at dawn on Sunday. "
    "The Varna Harbour Bridge, which opened in 1961 and stretched about 2.4 miles (3.9 km), "
    "carried Route 9 over the Brekke Strait."
)
BRIDGE_PAGES = {
    "harbour-courier.test": (
        "2026-06-15",
        "Much of the 2.4-mile Varna Harbour Bridge fell into the Brekke Strait at dawn.",
    ),
    "northern-ledger.test": (
        "2026-06-15",
        "The Varna Harbour Bridge fell into the Brekke Strait on Sunday at dawn. "
        "Divers searched the strait below the Varna Harbour Bridge, a 2.4-mile steel span.",
    ),
}


def test_a_long_claim_whose_figures_outlets_confirm_is_partly_corroborated():
    """No outlet repeats the whole sentence, but two of the pages reporting the story (they
    carry its first claim) state its length as the claim does."""
    [_, bridge] = _check(BRIDGE_ARTICLE, BRIDGE_PAGES)
    assert bridge.verdict == "partly corroborated"
    assert "2 independent outlets confirm 2.4 miles" in bridge.explanation


def test_details_no_outlet_states_confirm_nothing():
    pages = {
        outlet: (published, text.replace("2.4-mile", "old").replace("a old", "an old"))
        for outlet, (published, text) in BRIDGE_PAGES.items()
    }
    [_, bridge] = _check(BRIDGE_ARTICLE, pages)
    assert bridge.verdict == "not found"
