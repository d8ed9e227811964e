"""Claim selection and key terms on articles from several beats."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corroborate.claims.article import read_article
from corroborate.claims.extract import extract_claims, extract_key_terms, strip_news_prefix
from corroborate.models import Article

USER_ARTICLE = Path(__file__).parent / "fixtures" / "user-article.txt"

POLITICS = """Senate Passes Border Bill
The U.S. Senate voted 68-32 on Tuesday to approve a $95 billion aid package, Majority Leader Chuck Schumer said.
This move is seen as a turning point for the administration.
What happens next?
Stay tuned for more updates on this developing story.
Speaker Mike Johnson told reporters in Washington that the House would not take up the bill before March 1, 2024."""

DISASTER = """BREAKING: A magnitude 7.8 earthquake struck southern Turkey and northern Syria on February 6, 2023, killing more than 50,000 people, according to the World Health Organization.
Rescue teams from 90 countries joined the search in Kahramanmaras.
Experts say the tragedy raises eyebrows about building codes.
Subscribe to our newsletter for daily alerts."""

ECONOMY = """The Bank of England raised interest rates to 5.25% on August 3, 2023, its 14th consecutive increase.
Governor Andrew Bailey said inflation was "still far too high" at a press conference in London.
Markets could react in unexpected ways.
Share this article with your friends."""

SPORT = """Manchester City beat Real Madrid 4-0 at the Etihad Stadium on Wednesday night.
Bernardo Silva scored twice in the first 37 minutes, the club announced.
Fans were thrilled.
It was a night to remember for everyone involved in the game."""

SCIENCE = """NASA's James Webb Space Telescope has detected carbon dioxide in the atmosphere of WASP-39b, a planet 700 light-years from Earth, scientists reported in the journal Nature.
The findings were published on Thursday by a team of more than 300 researchers.
This could change everything we know about distant worlds.
Many questions remain."""


def _claims(text: str, **kwargs: int) -> list[str]:
    return [claim.text for claim in extract_claims(Article(path="a.txt", text=text), **kwargs)]


def test_politics_keeps_facts_and_drops_opinion_questions_and_calls_to_action() -> None:
    claims = _claims(POLITICS)
    assert claims == [
        "The U.S. Senate voted 68-32 on Tuesday to approve a $95 billion aid package, "
        "Majority Leader Chuck Schumer said.",
        "Speaker Mike Johnson told reporters in Washington that the House would not take up "
        "the bill before March 1, 2024.",
    ]


def test_disaster_strips_breaking_prefix_and_drops_filler() -> None:
    claims = _claims(DISASTER)
    assert claims[0].startswith("A magnitude 7.8 earthquake struck southern Turkey")
    assert "Rescue teams from 90 countries joined the search in Kahramanmaras." in claims
    assert not any("eyebrows" in claim or "Subscribe" in claim for claim in claims)


def test_economy_sport_and_science_claims() -> None:
    assert _claims(ECONOMY) == ECONOMY.splitlines()[:2]
    assert _claims(SPORT) == SPORT.splitlines()[:2]
    assert _claims(SCIENCE) == SCIENCE.splitlines()[:2]


def test_claims_are_numbered_from_one_in_article_order() -> None:
    claims = extract_claims(Article(path="a.txt", text=POLITICS + "\n" + SCIENCE))
    assert [claim.position for claim in claims] == list(range(1, len(claims) + 1))
    positions_in_text = [(POLITICS + SCIENCE).find(claim.text) for claim in claims]
    assert positions_in_text == sorted(positions_in_text)


def test_max_claims_keeps_the_most_specific_in_article_order() -> None:
    text = (
        "Officials in Lyon said the market reopened.\n"
        "On March 3, 2024, 12 people were injured in Lyon when a crane fell on Rue de la "
        "République, police said, citing 3 witnesses.\n"
        "Residents in Lyon met Mayor Grégory Doucet on Friday."
    )
    claims = extract_claims(Article(path="a.txt", text=text), max_claims=2)
    assert [claim.position for claim in claims] == [1, 2]
    assert claims[0].text.startswith("On March 3, 2024")
    assert claims[1].text == "Residents in Lyon met Mayor Grégory Doucet on Friday."


def test_headline_repeated_by_the_body_is_not_a_separate_claim() -> None:
    text = (
        "Kenya Opens New Railway Line to Uganda Border\n"
        "Kenya opened a new railway line to the Uganda border on Monday, President William "
        "Ruto said in Nairobi."
    )
    claims = _claims(text)
    assert claims == [text.splitlines()[1]]


def test_headline_not_repeated_can_be_a_claim() -> None:
    text = "Pfizer Recalls 40,000 Inhaler Packs in Germany\nThe weather was fine."
    assert _claims(text) == ["Pfizer Recalls 40,000 Inhaler Packs in Germany"]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("UPDATE: Kim met Putin.", "Kim met Putin."),
        ("BREAKING NEWS - Fire in Paris.", "Fire in Paris."),
        ("Exclusive: The minister resigned.", "The minister resigned."),
        ("WATCH: Crowds gather.", "Crowds gather."),
        ("LONDON (Reuters) - Prices rose.", "Prices rose."),
        ("Updates on weather follow.", "Updates on weather follow."),
    ],
)
def test_strip_news_prefix(sentence: str, expected: str) -> None:
    assert strip_news_prefix(sentence) == expected


def test_key_terms_entities_numbers_dates_quotes() -> None:
    terms = extract_key_terms(
        "During the ceremony in Pyongyang on November 2, 2023, North Korean leader Kim Jong Un "
        "honoured 12 soldiers and denounced \u201cWestern imperialism,\u201d KCNA reported."
    )
    assert terms.entities == ("Pyongyang", "North Korean", "Kim Jong Un", "KCNA")
    assert terms.numbers == ("12 soldiers",)
    assert terms.dates == ("November 2, 2023",)
    assert terms.quotes == ("Western imperialism",)


def test_key_terms_numbers_keep_units_as_written() -> None:
    terms = extract_key_terms(
        "The Fed raised rates by 0.25 percentage points, lifting costs by $4.5 billion and 40% "
        "for three million households, with 3,400 homes lost and twelve people dead."
    )
    assert terms.numbers == (
        "0.25 percentage points",
        "$4.5 billion",
        "40%",
        "three million",
        "3,400 homes",
        "twelve people",
    )


def test_key_terms_dates_as_written() -> None:
    terms = extract_key_terms(
        "Talks began on Tuesday, resumed yesterday, were set for 2024-05-01 and 3 March 2024, "
        "and first took place in 1998, Jan. 5 and last week."
    )
    assert terms.dates == (
        "Tuesday",
        "yesterday",
        "2024-05-01",
        "3 March 2024",
        "1998",
        "Jan. 5",
        "last week",
    )
    assert terms.numbers == ()


def test_key_terms_skip_sentence_initial_words_months_and_one_word_quotes() -> None:
    terms = extract_key_terms(
        'The council met in May. His plan, called "bold", drew "very strong support" from Texas.'
    )
    assert terms.entities == ("Texas",)
    assert terms.quotes == ("very strong support",)
    assert extract_key_terms("During Monday the mayor spoke.").entities == ()


def test_key_terms_deduplicate_and_keep_order() -> None:
    terms = extract_key_terms("Paris and Berlin met, then Paris hosted NATO and NATO agreed.")
    assert terms.entities == ("Paris", "Berlin", "NATO")


def test_key_terms_strip_titles_and_possessives() -> None:
    terms = extract_key_terms(
        "Officials said Prime Minister Keir Starmer met Germany\u2019s Olaf Scholz."
    )
    assert terms.entities == ("Keir Starmer", "Germany", "Olaf Scholz")


def test_user_supplied_article_claims_are_sensible() -> None:
    """An article as users paste it: an "UPDATE:" tag, curly quotes, editorialising, a sign-off
    and trailing blank lines (our own text, shaped like the examples users bring)."""
    claims = [claim.text for claim in extract_claims(read_article(str(USER_ARTICLE)))]
    joined = "\n".join(claims)
    assert any("Lindqvist" in claim and "March 14, 2025" in claim for claim in claims)
    assert any("the cruelty of the river" in claim for claim in claims)
    assert any("exhibits" in claim and "4,100 residents" in claim for claim in claims)
    assert "Stay tuned" not in joined
    assert "raised eyebrows" not in joined
    assert not joined.startswith("UPDATE")


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.sampled_from(
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
                "\u201cbig",
                "win\u201d",
                "?",
                "\n",
                "UPDATE:",
                "Stay",
                "tuned",
                "Dr.",
                "U.S.",
            ]
        ),
        max_size=15_000,
    ),
    st.integers(min_value=0, max_value=20),
)
def test_property_claims_bounded_ordered_and_from_text(words: list[str], max_claims: int) -> None:
    text = " ".join(words)
    claims = extract_claims(Article(path="a.txt", text=text), max_claims=max_claims)
    assert len(claims) <= max_claims
    assert [claim.position for claim in claims] == list(range(1, len(claims) + 1))
    flat = " ".join(text.split())
    assert all(claim.text in flat for claim in claims)


def test_every_reported_event_is_a_claim_and_rhetoric_is_not() -> None:
    """A fact needs no name to be checkable ("the crew sent a mayday call"); the writer's own
    voice ("Frankly", "once again", a hypothetical "if") is framing."""
    text = (
        "Moments before the impact, the crew sent out a distress call to the harbour.\n"
        "Four dock workers who were repairing the quay were killed.\n"
        "A second crane was damaged and later found lying in the water.\n"
        "Frankly, if a ferry can sink in calm water, no harbour in Arvenia is safe.\n"
        "Once again, ordinary sailors paid the price for decisions made in distant offices.\n"
        "It is hard to imagine a darker week for a town that lives from its port."
    )
    assert _claims(text) == text.splitlines()[:3]


def test_no_claim_is_dropped_for_being_one_too_many() -> None:
    text = " ".join(
        f"The council of Brekke approved budget line {number} on Tuesday, the mayor said."
        for number in range(1, 31)
    )
    assert len(_claims(text)) == 30
