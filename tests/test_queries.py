"""Queries in each source's syntax, and the cheap filter for feed and sitemap entries."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corroborate.claims.extract import extract_claims, extract_key_terms
from corroborate.models import Article, Claim, KeyTerms
from corroborate.sources.queries import build_queries, claim_match_terms, entry_matches_claims

ARTICLE = """North Korean leader Kim Jong Un broke ground on a memorial museum for troops who died fighting in Ukraine, KCNA reported on November 2, 2023.
At least 12 people were killed when a magnitude 6.1 earthquake struck Herat in Afghanistan on Saturday, officials said.
The Bank of England held rates at 5.25% on Thursday, Governor Andrew Bailey said in London.
Kim denounced what he described as \u201cWestern imperialism\u201d during the ceremony in Pyongyang.
Stay tuned for more updates."""

# One GDELT term: a quoted phrase, a parenthesised OR-group, or a bare word.
GDELT_TERM = re.compile(r'"[^"]*"|\([^)]*\)|\S+')


def _claims() -> list[Claim]:
    return extract_claims(Article(path="a.txt", text=ARTICLE))


def _claim(text: str, position: int = 1) -> Claim:
    return Claim(position=position, text=text, key_terms=extract_key_terms(text))


def assert_valid_gdelt(query: str) -> None:
    terms = GDELT_TERM.findall(query)
    assert " ".join(terms) == query
    assert 1 <= len(terms) <= 4
    for term in terms:
        if term.startswith('"'):
            assert len(term.strip('"').split()) >= 2, term
        elif term.startswith("("):
            alternatives = term.strip("()").split(" OR ")
            assert len(alternatives) >= 2, term
            assert all(len(word) >= 3 and word.isalnum() for word in alternatives), term
        else:
            assert len(term) >= 3 and term.isalnum() and term not in {"OR", "AND", "NOT"}, term


def test_gdelt_queries_follow_the_syntax_rules() -> None:
    queries = build_queries(_claims(), "gdelt")
    assert queries
    for query in queries:
        assert_valid_gdelt(query.text)
        assert query.source == "gdelt"


def test_gdelt_at_most_four_distinct_queries_per_claim_broad_to_narrow() -> None:
    queries = build_queries(_claims(), "gdelt")
    by_claim: dict[int, list[str]] = {}
    for query in queries:
        by_claim.setdefault(query.claim_position, []).append(query.text)
    assert set(by_claim) == {1, 2, 3, 4}
    for texts in by_claim.values():
        assert 1 <= len(texts) <= 4
        assert len(set(texts)) == len(texts)
        counts = [len(GDELT_TERM.findall(text)) for text in texts]
        assert counts == sorted(counts)


def test_gdelt_quotes_multiword_entities_and_uses_or_groups() -> None:
    texts = [query.text for query in build_queries(_claims(), "gdelt")]
    assert any('"Kim Jong Un"' in text for text in texts)
    assert any("(memorial OR museum OR monument)" in text for text in texts)
    assert any('"Western imperialism"' in text for text in texts)
    assert not any('"Kim"' in text or '"KCNA"' in text for text in texts)


def test_gdelt_never_emits_short_terms() -> None:
    claim = _claim("The UN and EU said on Monday that Xi met Li in Beijing to discuss AI rules.")
    for query in build_queries([claim], "gdelt"):
        assert_valid_gdelt(query.text)
        assert not re.search(r"\b(?:UN|EU|Xi|Li|AI)\b", query.text)


def test_max_per_claim_is_respected() -> None:
    for source in ("gdelt", "google_news", "bing_news"):
        queries = build_queries(_claims(), source, max_per_claim=1)
        positions = [query.claim_position for query in queries]
        assert len(positions) == len(set(positions))


@pytest.mark.parametrize("source", ["google_news", "bing_news"])
def test_news_search_queries_are_plain_keywords(source: str) -> None:
    queries = build_queries(_claims(), source)
    assert {query.claim_position for query in queries} == {1, 2, 3, 4}
    for query in queries:
        assert query.source == source
        assert not re.search(r"\bOR\b|[()]|(?:^|\s)-|:", query.text), query.text
        assert query.text.count('"') % 2 == 0
    assert any(query.text.startswith('"Kim Jong Un"') for query in queries)


@pytest.mark.parametrize("source", ["feeds", "sitemaps"])
def test_feed_sources_get_no_queries(source: str) -> None:
    assert build_queries(_claims(), source) == []


def test_unknown_source_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown source 'altavista'"):
        build_queries(_claims(), "altavista")


def test_claim_match_terms_are_lower_case_without_stop_words() -> None:
    terms = claim_match_terms(_claims())
    assert len(terms) == 4
    assert "kim jong un" in terms[0]
    assert {"memorial", "museum"} <= terms[0]
    assert not {"the", "on", "for", "who", "reported"} & terms[0]
    assert all(term == term.lower() for claim_terms in terms for term in claim_terms)


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ("Kim Jong Un breaks ground on museum for fallen troops", True),
        ("Afghanistan earthquake: death toll rises in Herat province", True),
        ("Bank of England keeps interest rates on hold", True),
        ("Pyongyang ceremony draws crowds", True),
        ("Apple unveils new iPhone at September event", False),
        ("The of and for said on", False),
        ("Museum opening draws visitors", False),
        ("", False),
    ],
)
def test_entry_matches_claims(entry: str, expected: bool) -> None:
    assert entry_matches_claims(entry, _claims()) is expected


def test_entry_filter_without_claims_matches_nothing() -> None:
    assert entry_matches_claims("Kim Jong Un visits museum", []) is False


def test_claim_with_only_one_multiword_entity_still_matches() -> None:
    name = "Acme Rocket Works"
    claim = Claim(position=1, text=name, key_terms=KeyTerms(entities=(name,)))
    assert entry_matches_claims("Shares in Acme Rocket Works jump", [claim])
    assert not entry_matches_claims("Rocket launch delayed", [claim])


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=100_000), st.sampled_from(["gdelt", "google_news", "bing_news"]))
def test_property_queries_bounded_and_valid(text: str, source: str) -> None:
    claims = [_claim(piece, position) for position, piece in enumerate(text.split("\n")[:12], 1)]
    queries = build_queries(claims, source)
    assert len(queries) <= 4 * len(claims)
    for query in queries:
        assert query.text.strip()
        if source == "gdelt":
            assert_valid_gdelt(query.text)


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=100_000))
def test_property_entry_filter_never_crashes(entry: str) -> None:
    assert entry_matches_claims(entry, _claims()) in (True, False)


def test_words_the_story_repeats_are_preferred_as_keywords() -> None:
    claims = [
        _claim("Officials in Lagos said the bridge collapsed after heavy rainfall overnight.", 1),
        _claim("Engineers had inspected the Lagos bridge in January 2023, the ministry said.", 2),
    ]
    texts = [query.text for query in build_queries(claims, "gdelt") if query.claim_position == 1]
    assert "Lagos bridge" in texts


def test_each_claim_is_also_searched_as_the_story_subject_and_its_rarest_term() -> None:
    """A claim told in other words still shares the story's name and its one distinctive
    term; its whole wording (every word ANDed) finds almost nothing."""
    claims = [
        _claim("The ferry Sirocco struck a pier of the Varna Harbour Bridge on Tuesday.", 1),
        _claim("Moments later the crew sent a mayday call to the harbour.", 2),
        _claim("Mayor Ilse Brandt said the bridge would be rebuilt within two years.", 3),
    ]
    texts = [query.text for query in build_queries(claims, "google_news")]
    assert '"Varna Harbour Bridge" mayday' in texts
    assert '"Varna Harbour Bridge" "Ilse Brandt"' in texts
    gdelt = [query.text for query in build_queries(claims, "gdelt")]
    assert '"Varna Harbour Bridge" mayday' in gdelt
