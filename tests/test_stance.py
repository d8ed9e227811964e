"""The shipped stance model: it loads, runs in numpy alone, and gets the obvious cases right."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from corroborate.evidence.stance import (
    CONTRADICTS,
    DISCUSSES,
    MODEL_PATH,
    STANCES,
    SUPPORTS,
    UNRELATED,
    StanceModelError,
    TreeEnsemble,
    classify_stance,
    classify_stances,
    load_model,
)
from corroborate.evidence.stance_features import (
    FEATURE_NAMES,
    Idf,
    count_cues,
    pair_features,
    profile_text,
)
from corroborate.evidence.stance_stemmer import stem

CLAIM = "A meteorite crashed near the airport in Managua, leaving a large crater"
SUPPORTING_TEXT = (
    "A meteorite crashed near the airport in Managua, Nicaragua, on Saturday night, leaving a "
    "large crater 12 metres wide. The meteorite came off an asteroid passing close to Earth, "
    "the government confirmed. The crater left by the meteorite is 5 metres deep."
)
OTHER_TOPIC = (
    "The city council approved a new budget for public schools on Tuesday. Teachers will get a "
    "raise of 3 percent next year. The vote passed eight to two after a long debate about "
    "class sizes and bus routes."
)
DENIAL = (
    "Officials in Managua denied reports that a meteorite crashed near the airport. The claim "
    "is false, a hoax spread on social media, the government said. There is no evidence that "
    "any meteorite hit Nicaragua; the crater was dug by construction workers."
)


def test_shipped_artifact_loads_with_our_features_and_stances() -> None:
    model = load_model(MODEL_PATH)
    assert set(model.trees.classes) == set(STANCES)
    assert len(model.trees.roots) > 0
    assert MODEL_PATH.stat().st_size < 5_000_000


def test_a_text_that_repeats_the_claim_supports_it() -> None:
    assert classify_stance(CLAIM, SUPPORTING_TEXT).label == SUPPORTS


def test_a_text_on_another_topic_is_unrelated() -> None:
    result = classify_stance(CLAIM, OTHER_TOPIC)
    assert result.label == UNRELATED
    assert result.confidence > 0.9


def test_a_denial_contradicts_the_claim() -> None:
    assert classify_stance(CLAIM, DENIAL).label == CONTRADICTS


def test_hedged_reporting_discusses_the_claim() -> None:
    hedged = (
        "A meteorite reportedly crashed near the airport in Managua, according to unconfirmed "
        "reports. Authorities have not confirmed the claims, and experts say it is unclear "
        "what caused the crater."
    )
    assert classify_stance(CLAIM, hedged).label == DISCUSSES


def test_batched_equals_single_and_is_deterministic() -> None:
    pairs = [
        (CLAIM, SUPPORTING_TEXT),
        (CLAIM, OTHER_TOPIC),
        (CLAIM, DENIAL),
        ("Storm hits Managua", DENIAL),
    ]
    batched = classify_stances(pairs)
    assert batched == [classify_stance(claim, text) for claim, text in pairs]
    assert batched == classify_stances(pairs)


def test_probabilities_are_a_distribution_and_confidence_is_the_winner() -> None:
    for result in classify_stances([(CLAIM, SUPPORTING_TEXT), (CLAIM, DENIAL), ("", "")]):
        assert set(result.probabilities) == set(STANCES)
        assert math.isclose(sum(result.probabilities.values()), 1.0, abs_tol=1e-9)
        assert result.confidence == max(result.probabilities.values())
        assert result.probabilities[result.label] == result.confidence


def test_no_pairs_give_no_results() -> None:
    assert classify_stances([]) == []


def test_a_missing_or_foreign_artifact_is_a_clear_error(tmp_path) -> None:
    with pytest.raises(StanceModelError):
        load_model(tmp_path / "absent.npz")
    with np.load(MODEL_PATH, allow_pickle=False) as data:
        arrays = {name: data[name] for name in data.files}
    arrays["feature_names"] = np.array(["something", "else"])
    np.savez(tmp_path / "other.npz", **arrays)
    with pytest.raises(StanceModelError, match="other features"):
        load_model(tmp_path / "other.npz")


def test_tree_traversal_follows_thresholds_and_sums_per_class() -> None:
    # Tree 0 (class 0): x0 <= 1 ? +2 : -2.  Tree 1 (class 1): a single leaf worth +1.
    trees = TreeEnsemble(
        classes=("a", "b"),
        baseline=np.array([0.0, 0.5]),
        roots=np.array([0, 3]),
        tree_class=np.array([0, 1]),
        feature=np.array([0, 0, 0, 0]),
        threshold=np.array([1.0, np.inf, np.inf, np.inf]),
        left=np.array([1, 1, 2, 3]),
        right=np.array([2, 1, 2, 3]),
        value=np.array([0.0, 2.0, -2.0, 1.0]),
        depth=1,
    )
    probabilities = trees.probabilities(np.array([[0.5], [3.0]]))
    low = np.exp([2.0, 1.5]) / np.exp([2.0, 1.5]).sum()
    high = np.exp([-2.0, 1.5]) / np.exp([-2.0, 1.5]).sum()
    assert np.allclose(probabilities, [low, high])


def test_stemming_joins_the_forms_that_cues_rely_on() -> None:
    assert stem("denies") == stem("denied") == stem("deny")
    assert stem("claims") == stem("claimed") == stem("claiming")
    assert stem("faked") == stem("fake")
    assert stem("hoaxes") == stem("hoax")


def test_cues_are_counted_by_kind() -> None:
    text = "It is not true, officials denied it, reportedly a hoax."
    tokens = profile_text(text, Idf([], [], 1.0)).tokens
    refuting, hedging, _supporting, negating, _attributing = count_cues(tokens)
    assert refuting == 3  # "not true", "denied", "hoax"
    assert hedging == 1
    assert negating == 1


def test_feature_vector_matches_the_declared_names() -> None:
    idf = Idf.fit([SUPPORTING_TEXT, OTHER_TOPIC, DENIAL], min_df=1)
    features = pair_features(profile_text(CLAIM, idf), profile_text(SUPPORTING_TEXT, idf))
    assert len(features) == len(FEATURE_NAMES)
    named = dict(zip(FEATURE_NAMES, features))
    assert named["coverage_text"] == pytest.approx(1.0)
    other = pair_features(profile_text(CLAIM, idf), profile_text(OTHER_TOPIC, idf))
    unrelated = dict(zip(FEATURE_NAMES, other))
    assert unrelated["cosine_text"] < named["cosine_text"]


def test_classifying_works_with_scikit_learn_unavailable() -> None:
    script = (
        "import sys; sys.modules['sklearn'] = None\n"
        "from corroborate.evidence.stance import classify_stance\n"
        f"print(classify_stance({CLAIM!r}, {OTHER_TOPIC!r}).label)\n"
    )
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=root, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == UNRELATED
