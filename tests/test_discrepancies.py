"""Same-event sentences that state a figure, a day or a quote otherwise are flagged."""

from datetime import date

from corroborate.evidence.discrepancies import evidence_differences, summarise, unreported_quotes
from corroborate.evidence.matching import match_claims
from corroborate.models import CandidateSentence, Claim, KeyTerms, PageText

EVACUATION = Claim(
    1,
    "Around 8,000 residents of the town of Lindqvist were evacuated overnight.",
    KeyTerms(entities=("Lindqvist",), numbers=("8,000",)),
)
COLLAPSE = Claim(
    2,
    "The Halden Ridge Dam collapsed on Tuesday, November 3.",
    KeyTerms(entities=("Halden Ridge Dam",), dates=("Tuesday, November 3",)),
)
QUOTE = Claim(
    3,
    'Governor Petra Vollan said: "We will rebuild every house in the valley by spring."',
    KeyTerms(
        entities=("Petra Vollan",), quotes=("We will rebuild every house in the valley by spring",)
    ),
)


def evidence(claim: Claim, sentence: str, page_id: int = 1, outlet: str = "a.test"):
    [item] = match_claims(
        [claim],
        [CandidateSentence(page_id, page_id, sentence, f"https://{outlet}/{page_id}", outlet)],
        min_score=0,
    )
    return item


def test_another_figure_for_the_same_thing_is_a_difference():
    item = evidence(EVACUATION, "Some 2,300 residents of Lindqvist were evacuated overnight.")
    [difference] = evidence_differences(EVACUATION, item, None, None)
    assert (difference.kind, difference.claim_value, difference.reported_value) == (
        "number",
        "8,000 residents",
        "2,300 residents",
    )


def test_agreeing_figures_in_other_notation_are_no_difference():
    item = evidence(EVACUATION, "About 8000 residents of Lindqvist were evacuated overnight.")
    assert evidence_differences(EVACUATION, item, None, None) == ()


def test_a_figure_of_another_kind_is_no_difference():
    item = evidence(EVACUATION, "Lindqvist, founded in 1642, was evacuated overnight.")
    assert evidence_differences(EVACUATION, item, None, None) == ()


def test_another_day_for_the_same_event_is_a_difference_resolved_against_the_page_date():
    item = evidence(COLLAPSE, "The Halden Ridge Dam collapsed on Monday.")
    [difference] = evidence_differences(COLLAPSE, item, None, date(2026, 11, 4))
    assert difference.kind == "date"
    assert difference.reported_value == "Monday 2 November 2026"


def test_the_same_day_written_relatively_is_no_difference():
    item = evidence(COLLAPSE, "The Halden Ridge Dam collapsed yesterday, officials said.")
    assert evidence_differences(COLLAPSE, item, date(2026, 11, 3), date(2026, 11, 4)) == ()


def test_discrepancies_count_independent_origins_not_pages():
    items = [
        evidence(EVACUATION, "Some 2,300 residents of Lindqvist were evacuated.", 1, "a.test"),
        evidence(EVACUATION, "About 2,300 residents of Lindqvist were evacuated.", 2, "b.test"),
        evidence(EVACUATION, "About 2,300 residents of Lindqvist were evacuated.", 3, "c.test"),
    ]
    items = [
        item.__class__(
            **{**item.__dict__, "differences": evidence_differences(EVACUATION, item, None, None)}
        )
        for item in items
    ]
    [discrepancy] = summarise(items, {1: 1, 2: 2, 3: 2})  # b and c: one wire story
    assert discrepancy.independent_outlets == 2
    assert discrepancy.outlets == ("a.test", "b.test", "c.test")
    assert discrepancy.describe() == "claim: 8,000 residents; 2 outlets: 2,300 residents"


def test_a_quote_no_outlet_carries_is_flagged():
    item = evidence(QUOTE, "Governor Petra Vollan said the valley would be rebuilt.")
    pages = {1: PageText(1, "Governor Petra Vollan said the valley would be rebuilt soon.")}
    [flag] = unreported_quotes(QUOTE, [item], pages)
    assert flag.kind == "quote" and "rebuild every house" in flag.claim_value
    carried = {
        1: PageText(
            1, 'Vollan said: "We will rebuild every house in the valley by spring," to applause.'
        )
    }
    assert unreported_quotes(QUOTE, [item], carried) == []


def test_another_place_for_the_same_event_is_a_difference():
    item = evidence(EVACUATION, "Around 8,000 residents of Brekke were evacuated overnight.")
    [difference] = evidence_differences(EVACUATION, item, None, None)
    assert (difference.kind, difference.claim_value, difference.reported_value) == (
        "place",
        "Lindqvist",
        "Brekke",
    )


def test_a_sentence_naming_the_claims_place_has_no_place_difference():
    item = evidence(EVACUATION, "Around 8,000 residents of Lindqvist, near Brekke, were evacuated.")
    assert evidence_differences(EVACUATION, item, None, None) == ()
