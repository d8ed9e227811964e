"""Evidence stance: the FNC-1 model on the page, checked by the sentence's own signals."""

from corroborate.evidence.judge import combine_stance, judge_evidence
from corroborate.evidence.matching import match_claims
from corroborate.evidence.stance import StanceResult
from corroborate.models import CandidateSentence, Claim, Difference, KeyTerms, PageText

CLAIM = "Around 8,000 residents of Lindqvist were evacuated overnight."


def model_says(label: str, probability: float = 0.9) -> StanceResult:
    rest = (1 - probability) / 3
    probabilities = {name: rest for name in ("supports", "contradicts", "discusses", "unrelated")}
    probabilities[label] = probability
    return StanceResult(label, probability, probabilities)


def test_a_differing_figure_contradicts_whatever_the_model_says():
    difference = Difference("number", "8,000 residents", "2,300 residents", "number:2300:")
    stance, confidence = combine_stance(
        CLAIM, "2,300 residents were evacuated.", model_says("supports"), [difference]
    )
    assert stance == "contradicts" and confidence > 0.9


def test_a_denial_in_the_sentence_contradicts():
    stance, _ = combine_stance(
        CLAIM, "Officials denied that residents were evacuated.", model_says("supports"), []
    )
    assert stance == "contradicts"


def test_a_page_the_model_finds_unrelated_does_not_support():
    assert combine_stance(CLAIM, CLAIM, model_says("unrelated"), [])[0] == "unrelated"


def test_a_hedged_sentence_only_discusses():
    sentence = "Around 8,000 residents were reportedly evacuated, unconfirmed reports said."
    assert combine_stance(CLAIM, sentence, model_says("supports"), [])[0] == "discusses"


def test_a_plain_report_supports_with_the_models_related_probability():
    stance, confidence = combine_stance(CLAIM, CLAIM, model_says("supports", 0.7), [])
    assert stance == "supports" and confidence == 0.8


def test_judging_real_evidence_with_the_shipped_model():
    claim = Claim(1, CLAIM, KeyTerms(entities=("Lindqvist",), numbers=("8,000",)))
    agreeing = "About 8,000 residents of Lindqvist were evacuated overnight as the dam failed."
    differing = "Some 2,300 residents of Lindqvist were evacuated overnight as the dam failed."
    sentences = [
        CandidateSentence(1, 1, agreeing, "https://a.test/1", "a.test"),
        CandidateSentence(2, 2, differing, "https://b.test/1", "b.test"),
    ]
    pages = {
        1: PageText(1, "The dam failed. " + agreeing + " Rescuers searched the valley."),
        2: PageText(2, "The dam failed. " + differing + " Rescuers searched the valley."),
    }
    judged = {
        item.page_id: item
        for item in judge_evidence([claim], match_claims([claim], sentences), pages)
    }
    assert judged[1].stance == "supports" and judged[1].differences == ()
    assert judged[2].stance == "contradicts"
    assert judged[2].differences[0].reported_value == "2,300 residents"
    assert all(0 <= item.stance_confidence <= 1 for item in judged.values())
