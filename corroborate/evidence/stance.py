"""Stance of a text toward a claim: supports, contradicts, discusses or unrelated.

The model is a gradient-boosted tree ensemble trained on FNC-1 by ``benchmarks/train_stance.py``
over the signals of ``stance_features``. It ships as plain arrays in ``data/stance_model.npz``
(no pickle) and runs here in numpy alone, so the package needs neither scikit-learn nor a
download, and one core scores thousands of pairs a second.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from corroborate.errors import CorroborateError
from corroborate.evidence.stance_features import (
    FEATURE_NAMES,
    Idf,
    TextProfile,
    pair_features,
    profile_text,
)

logger = logging.getLogger(__name__)

ROW_BLOCK = 1024  # rows per tree walk: bounds its memory, large enough to stay vectorised

SUPPORTS, CONTRADICTS, DISCUSSES, UNRELATED = "supports", "contradicts", "discusses", "unrelated"
# The model reads English only: a page in another language gets no guessed stance. It counts
# through the details it shares with the claim, and contradicts when one is stated otherwise.
UNKNOWN = "unknown"
STANCES = (SUPPORTS, CONTRADICTS, DISCUSSES, UNRELATED)
MODEL_PATH = Path(__file__).resolve().parent / "data" / "stance_model.npz"


class StanceModelError(CorroborateError):
    """The shipped stance model is missing or does not match this version's features."""


@dataclass(frozen=True)
class StanceResult:
    label: str
    confidence: float  # probability of ``label``
    probabilities: dict[str, float]


@dataclass(frozen=True)
class TreeEnsemble:
    """Boosted trees flattened into parallel arrays, one raw score per class summed over trees.

    Leaves point to themselves, so every row can take ``depth`` steps in lock-step without
    asking whether it has already arrived.
    """

    classes: tuple[str, ...]
    baseline: np.ndarray  # (n_classes,)
    roots: np.ndarray  # (n_trees,) node index of each tree's root
    tree_class: np.ndarray  # (n_trees,) the class each tree adds to
    feature: np.ndarray  # per node
    threshold: np.ndarray  # go left when the feature is <= this (NaN never occurs)
    left: np.ndarray
    right: np.ndarray
    value: np.ndarray
    depth: int

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        """Softmax of the summed leaf values: (n_rows, n_features) -> (n_rows, n_classes).

        In blocks of rows: the walk keeps several (rows x trees) arrays alive, ~70 MB each per
        10,000 rows, so a 10,000-page run at once peaked above a gigabyte."""
        if len(features) == 0:
            return np.empty((0, len(self.classes)))
        return np.concatenate(
            [
                self._block_probabilities(features[start : start + ROW_BLOCK])
                for start in range(0, len(features), ROW_BLOCK)
            ]
        )

    def _block_probabilities(self, features: np.ndarray) -> np.ndarray:
        nodes = np.broadcast_to(self.roots, (len(features), len(self.roots)))
        flat = np.nan_to_num(features).ravel()
        row_start = (np.arange(len(features)) * features.shape[1])[:, None]
        for _ in range(self.depth):
            go_left = flat[row_start + self.feature[nodes]] <= self.threshold[nodes]
            nodes = np.where(go_left, self.left[nodes], self.right[nodes])
        raw = self.value[nodes] @ self._class_indicator() + self.baseline
        raw -= raw.max(axis=1, keepdims=True)
        exponentials = np.exp(raw)
        return exponentials / exponentials.sum(axis=1, keepdims=True)

    def _class_indicator(self) -> np.ndarray:
        positions = np.arange(len(self.classes))[None, :]
        return (self.tree_class[:, None] == positions).astype(np.float64)


@dataclass(frozen=True)
class StanceModel:
    idf: Idf
    trees: TreeEnsemble


def load_model(path: Path | str = MODEL_PATH) -> StanceModel:
    """Read a model artifact written by ``benchmarks/train_stance.py``."""
    try:
        with np.load(path, allow_pickle=False) as data:
            arrays = {name: data[name] for name in data.files}
    except (OSError, ValueError) as error:
        raise StanceModelError(f"cannot read stance model {path}: {error}") from None
    if tuple(arrays["feature_names"].tolist()) != FEATURE_NAMES:
        raise StanceModelError(f"stance model {path} was trained on other features; retrain it")
    terms, weights = arrays["idf_terms"].tolist(), arrays["idf_weights"].tolist()
    idf = Idf(terms, weights, float(arrays["idf_unseen"]))
    return StanceModel(idf=idf, trees=_ensemble(arrays))


def _ensemble(arrays: dict[str, np.ndarray]) -> TreeEnsemble:
    leaves = arrays["is_leaf"]
    own_index = np.arange(len(leaves), dtype=arrays["left"].dtype)
    return TreeEnsemble(
        classes=tuple(arrays["classes"].tolist()),
        baseline=arrays["baseline"].astype(np.float64),
        roots=arrays["roots"],
        tree_class=arrays["tree_class"],
        feature=np.where(leaves, 0, arrays["feature"]),
        threshold=np.where(leaves, np.inf, arrays["threshold"]),
        left=np.where(leaves, own_index, arrays["left"]),
        right=np.where(leaves, own_index, arrays["right"]),
        value=arrays["value"].astype(np.float64),
        depth=int(arrays["depth"]),
    )


@lru_cache(maxsize=1)
def shipped_model() -> StanceModel:
    """The packaged model, loaded once per process."""
    logger.debug("loading stance model from %s", MODEL_PATH)
    return load_model(MODEL_PATH)


def classify_stance(claim: str, text: str) -> StanceResult:
    """Stance of ``text`` toward ``claim``."""
    return classify_stances([(claim, text)])[0]


def classify_stances(
    pairs: Sequence[tuple[str, str]], model: StanceModel | None = None
) -> list[StanceResult]:
    """Stances of many (claim, text) pairs; each distinct claim and text is profiled once."""
    if not pairs:
        return []
    model = model or shipped_model()
    features = stance_feature_matrix(pairs, model.idf)
    probabilities = model.trees.probabilities(features)
    return [_result(row, model.trees.classes) for row in probabilities]


def stance_feature_matrix(pairs: Sequence[tuple[str, str]], idf: Idf) -> np.ndarray:
    """Feature rows for the pairs; each distinct text is profiled once, and only one text's
    profile is alive at a time (a profile is tens of KB: a run with 10,000 evidence pages
    holding them all took 1.7 GB). Claims are few, so their profiles are kept."""
    rows = np.empty((len(pairs), len(FEATURE_NAMES)), dtype=np.float64)
    pairs_of_text: dict[str, list[int]] = defaultdict(list)
    for index, (_, text) in enumerate(pairs):
        pairs_of_text[text].append(index)
    claim_profiles: dict[str, TextProfile] = {}
    for text, indices in pairs_of_text.items():
        text_profile = profile_text(text, idf)
        for index in indices:
            claim = pairs[index][0]
            if claim not in claim_profiles:
                claim_profiles[claim] = profile_text(claim, idf)
            rows[index] = pair_features(claim_profiles[claim], text_profile)
    return rows


def _result(row: np.ndarray, classes: tuple[str, ...]) -> StanceResult:
    best = int(row.argmax())
    probabilities = {label: float(probability) for label, probability in zip(classes, row)}
    return StanceResult(classes[best], float(row[best]), probabilities)
