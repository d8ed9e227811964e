"""The stance model's stemmer is frozen with the model: these outputs were computed from the
stemmer the shipped model was trained with. A failure here means the model's inputs changed;
retrain the model in the same change (benchmarks/train_stance.py) and update the values."""

import pytest

from corroborate.evidence.stance_features import tokenize
from corroborate.evidence.stance_stemmer import stem

# word -> stem, as the model saw it at training time
TRAINED_STEMS = {
    "denies": "deny",
    "denied": "deny",
    "deny": "deny",
    "denying": "deny",
    "claims": "claim",
    "claimed": "claim",
    "claiming": "claim",
    "hoaxes": "hoax",
    "hoax": "hoax",
    "faked": "fak",
    "fake": "fak",
    "stopped": "stop",
    "stopping": "stop",
    "running": "run",
    "agreed": "agre",
    "agreeing": "agr",
    "feed": "fee",
    "needed": "need",
    "crashes": "crash",
    "boxes": "box",
    "watches": "watch",
    "wishes": "wish",
    "buzzes": "buzz",
    "passes": "pass",
    "virus": "virus",
    "crisis": "crisis",
    "analysis": "analysis",
    "status": "status",
    "cities": "city",
    "flies": "fly",
    "tried": "try",
    "ties": "tie",
    "dies": "die",
    "was": "was",
    "has": "has",
    "is": "is",
    "its": "its",
    "it's": "it",
    "officials’": "officials'",
    "officials's": "official",
    "government's": "government",
    "the": "the",
    "a": "a",
    "us": "us",
    "mr": "mr",
    "confirmed": "confirm",
    "confirms": "confirm",
    "confirmation": "confirmation",
    "reported": "report",
    "reporting": "report",
    "reports": "report",
    "rumours": "rumour",
    "rumoured": "rumour",
    "debunked": "debunk",
    "debunks": "debunk",
    "misleading": "mislead",
    "rolled": "roll",
    "fizzed": "fizz",
    "called": "call",
    "filled": "fill",
    "hopping": "hop",
    "hoped": "hop",
    "hope": "hop",
    "meteorite": "meteorit",
    "crater": "crater",
    "craters": "crater",
    "sees": "see",
    "seeing": "see",
    "freed": "fre",
    "quickly": "quickly",
    "announced": "announc",
    "announcement": "announcement",
    "evidence": "evidenc",
    "true": "tru",
    "untrue": "untru",
}


@pytest.mark.parametrize(("word", "expected"), TRAINED_STEMS.items())
def test_stems_are_those_the_model_was_trained_on(word: str, expected: str) -> None:
    assert stem(word) == expected


def test_the_model_tokens_are_these_stems() -> None:
    tokens = tokenize("Officials denied the rumoured crashes")
    assert tokens == ["official", "deny", "the", "rumour", "crash"]
