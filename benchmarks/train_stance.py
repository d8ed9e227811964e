"""Train the shipped stance model on the FNC-1 baseline training split (never the hold-out).

    python benchmarks/train_stance.py \\
        --bodies /work/shared/data/fnc-1/train_bodies.csv.gz \\
        --stances /work/shared/data/fnc-1/train_stances.csv.gz \\
        --train-ids /work/shared/data/fnc-1/splits/baseline_training_body_ids.txt \\
        --out corroborate/evidence/data/stance_model.npz [--cv 5]

Deterministic: fixed seeds, one thread. ``--cv K`` first prints a K-fold cross-validation in
which whole claims are held out (pairs grouped by the claim their related headlines and bodies
share), the honest estimate for claims never seen in training. Needs scikit-learn, which the
package itself does not: the trees are written out as plain arrays for
``corroborate.evidence.stance``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.model_selection import GroupKFold
from threadpoolctl import threadpool_limits

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fnc1 import TO_STANCE, Pair, fnc_score, load_pairs, read_ids, report  # noqa: E402

from corroborate.evidence.stance import stance_feature_matrix  # noqa: E402
from corroborate.evidence.stance_features import FEATURE_NAMES, Idf  # noqa: E402

SEED = 20170601
PARAMETERS = {
    "learning_rate": 0.08,
    "max_iter": 250,
    "max_leaf_nodes": 24,
    "max_depth": 5,  # shallow trees: as good in cross-validation, and 3x faster to run
    "min_samples_leaf": 40,
    "l2_regularization": 1.0,
    "early_stopping": False,
    "random_state": SEED,
}


def claim_groups(pairs: list[Pair]) -> np.ndarray:
    """One group id per pair: headlines and bodies joined by a related pair share a claim."""
    parent: dict[str, str] = {}

    def find(node: str) -> str:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for pair in pairs:
        if pair.label != "unrelated":
            parent[find("h:" + pair.headline)] = find("b:" + pair.body_id)
    roots = [find("h:" + pair.headline) for pair in pairs]
    index = {root: number for number, root in enumerate(dict.fromkeys(roots))}
    return np.array([index[root] for root in roots])


def fit(features: np.ndarray, labels: np.ndarray) -> HistGradientBoostingClassifier:
    model = HistGradientBoostingClassifier(**PARAMETERS)
    return model.fit(features, labels)


def cross_validate(
    features: np.ndarray, labels: np.ndarray, groups: np.ndarray, folds: int
) -> None:
    """Print the FNC-1 score of models that never saw the held-out claims."""
    predicted = np.empty_like(labels)
    splits = GroupKFold(n_splits=folds).split(features, labels, groups)
    for number, (train, test) in enumerate(splits, start=1):
        predicted[test] = fit(features[train], labels[train]).predict(features[test])
        score = fnc_score(labels[test], predicted[test])
        print(f"fold {number}: FNC-1 score {100 * score:.2f}%")
    print("cross-validation over unseen claims:\n" + report(list(labels), list(predicted)))


def export(model: HistGradientBoostingClassifier, idf: Idf, out: Path) -> None:
    """Write trees and idf as plain arrays: the package loads them with numpy, no pickle."""
    nodes, roots, tree_class, offset = [], [], [], 0
    for iteration in model._predictors:
        for class_index, predictor in enumerate(iteration):
            nodes.append(predictor.nodes)
            roots.append(offset)
            tree_class.append(class_index)
            offset += len(predictor.nodes)
    table = np.concatenate(nodes)
    tree_offset = np.array(roots).repeat([len(tree) for tree in nodes])  # child ids are per tree
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        out,
        feature_names=np.array(FEATURE_NAMES),
        classes=np.array([TO_STANCE[label] for label in model.classes_]),
        baseline=np.ravel(model._baseline_prediction).astype(np.float64),
        roots=np.array(roots, dtype=np.int32),
        tree_class=np.array(tree_class, dtype=np.int32),
        feature=table["feature_idx"].astype(np.int32),
        threshold=table["num_threshold"].astype(np.float64),
        left=(table["left"] + tree_offset).astype(np.int32),
        right=(table["right"] + tree_offset).astype(np.int32),
        is_leaf=table["is_leaf"].astype(bool),
        missing_left=table["missing_go_to_left"].astype(bool),
        value=table["value"].astype(np.float32),
        depth=np.array(int(table["depth"].max())),
        idf_terms=np.array(sorted(idf.weights)),
        idf_weights=np.array([idf.weights[t] for t in sorted(idf.weights)], dtype=np.float32),
        idf_unseen=np.array(idf.unseen),
    )


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--bodies", type=Path, required=True)
    parser.add_argument("--stances", type=Path, required=True)
    parser.add_argument("--train-ids", type=Path, required=True, help="body IDs to train on")
    parser.add_argument("--out", type=Path, required=True, help="the .npz artifact to write")
    parser.add_argument("--cv", type=int, default=0, help="K-fold cross-validation by claim first")
    return parser.parse_args()


def main() -> int:
    arguments = _arguments()
    start = time.perf_counter()
    pairs = load_pairs(arguments.bodies, arguments.stances, read_ids(arguments.train_ids))
    bodies = {pair.body_id: pair.body for pair in pairs}
    idf = Idf.fit(list(bodies.values()) + sorted({pair.headline for pair in pairs}))
    features = stance_feature_matrix([(pair.headline, pair.body) for pair in pairs], idf)
    labels = np.array([pair.label for pair in pairs])
    elapsed = time.perf_counter() - start
    print(f"{len(pairs)} pairs, {len(bodies)} bodies, features in {elapsed:.1f}s")
    with threadpool_limits(1):
        if arguments.cv:
            cross_validate(features, labels, claim_groups(pairs), arguments.cv)
        fitted = time.perf_counter()
        model = fit(features, labels)
    print(f"trained in {time.perf_counter() - fitted:.1f}s")
    export(model, idf, arguments.out)
    _check_export(model, features, arguments.out)
    size = arguments.out.stat().st_size / 1e6
    print(f"wrote {arguments.out} ({size:.2f} MB), total {time.perf_counter() - start:.1f}s")
    return 0


def _check_export(model: HistGradientBoostingClassifier, features: np.ndarray, out: Path) -> None:
    """The numpy trees must reproduce scikit-learn's probabilities."""
    from corroborate.evidence.stance import load_model

    exported = load_model(out).trees.probabilities(features[:2000])
    gap = float(np.abs(exported - model.predict_proba(features[:2000])).max())
    print(f"export check: max probability gap {gap:.2e}")
    if gap > 1e-4:
        raise SystemExit("exported trees disagree with scikit-learn")


if __name__ == "__main__":
    sys.exit(main())
