"""Verdict labels weigh supporting against differing origins; opinion is not checkable."""

import pytest

from corroborate.models import Claim, Discrepancy, KeyTerms
from corroborate.verdicts.labels import (
    CONTRADICTED,
    CORROBORATED,
    NOT_CHECKABLE,
    NOT_FOUND,
    PARTLY_CORROBORATED,
    SINGLE_SOURCE,
    decide,
    explain,
    not_checkable_reason,
)


@pytest.mark.parametrize(
    ("supporting", "contradicting", "verdict"),
    [
        (0, 0, NOT_FOUND),
        (1, 0, SINGLE_SOURCE),
        (2, 0, CORROBORATED),
        (5, 1, CORROBORATED),
        (2, 2, PARTLY_CORROBORATED),
        (1, 3, PARTLY_CORROBORATED),
        (0, 1, CONTRADICTED),
        (0, 3, CONTRADICTED),
    ],
)
def test_labels(supporting, contradicting, verdict):
    assert decide(supporting, contradicting) == verdict


def test_a_quote_no_outlet_carries_is_not_found_however_many_report_the_occasion():
    assert decide(3, 0, quote_missing=True) == NOT_FOUND


def test_explanations_name_counts_and_what_sources_say_instead():
    differing = Discrepancy(
        "number", "8,000 residents", "2,300 residents", 3, ("a.test", "b.test", "c.test"), ()
    )
    assert explain(CONTRADICTED, 0, 5, 3, [differing]) == (
        "Contradicted: 3 outlets state it otherwise (claim: 8,000 residents; 3 outlets: "
        "2,300 residents); none confirms it"
    )
    assert explain(CORROBORATED, 4, 6, 0, []) == "4 independent outlets (6 pages) carry this claim"
    assert explain(SINGLE_SOURCE, 1, 2, 0, []) == "Only 1 outlet (2 pages) carries this claim"
    assert "Not checkable: opinion" in explain(NOT_CHECKABLE, 0, 0, 0, [], "opinion")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Prices will fall sharply next year.", "prediction"),
        ("The government's handling was a shameful disgrace.", "opinion"),
        ("The minister said prices will fall next year.", None),
        ("The dam collapsed on Tuesday, killing 14 people.", None),
    ],
)
def test_predictions_and_opinions_are_not_checkable_unless_someone_said_them(text, reason):
    assert not_checkable_reason(Claim(1, text, KeyTerms())) == reason


def test_a_scheduled_fact_with_a_date_is_checkable():
    claim = Claim(
        1, "The law will take effect on January 1, 2027.", KeyTerms(dates=("January 1, 2027",))
    )
    assert not_checkable_reason(claim) is None
