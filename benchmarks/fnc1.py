"""FNC-1 benchmark of the stance model that the package ships (no training here).

    python benchmarks/fnc1.py                       # the baseline hold-out split of FNC-1
    python benchmarks/fnc1.py --bodies B --stances S [--body-ids FILE]

Prints the official FNC-1 score (+0.25 for related/unrelated right, +0.75 more for the right
related class), per-class F1, macro-F1, the confusion matrix and pairs/s on one core. Data is
read in place; when it is absent the script says so and exits 0.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import os
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one core, as the speed target is stated
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

DATA_DIR = Path("/work/shared/data/fnc-1")
FNC_LABELS = ("agree", "disagree", "discuss", "unrelated")
TO_STANCE = {
    "agree": "supports",
    "disagree": "contradicts",
    "discuss": "discusses",
    "unrelated": "unrelated",
}
RELATED = ("agree", "disagree", "discuss")


@dataclass(frozen=True)
class Pair:
    headline: str
    body_id: str
    body: str
    label: str  # FNC-1 label


def read_csv(path: Path) -> list[dict[str, str]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as handle:  # type: ignore[operator]
        return list(csv.DictReader(handle))


def read_ids(path: Path | None) -> set[str] | None:
    if path is None:
        return None
    return {line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}


def load_pairs(bodies: Path, stances: Path, body_ids: set[str] | None = None) -> list[Pair]:
    """FNC-1 pairs, joined on Body ID, limited to ``body_ids`` when given."""
    texts = {row["Body ID"]: row["articleBody"] for row in read_csv(bodies)}
    return [
        Pair(row["Headline"], row["Body ID"], texts[row["Body ID"]], row["Stance"])
        for row in read_csv(stances)
        if body_ids is None or row["Body ID"] in body_ids
    ]


def fnc_score(gold: Sequence[str], predicted: Sequence[str]) -> float:
    """The official weighted score as a share of the best possible."""
    score = best = 0.0
    for truth, guess in zip(gold, predicted):
        best += 0.25 if truth == "unrelated" else 1.0
        if (truth == "unrelated") == (guess == "unrelated"):
            score += 0.25
            if truth != "unrelated" and truth == guess:
                score += 0.75
    return score / best if best else 0.0


def confusion(gold: Sequence[str], predicted: Sequence[str]) -> list[list[int]]:
    matrix = [[0] * len(FNC_LABELS) for _ in FNC_LABELS]
    for truth, guess in zip(gold, predicted):
        matrix[FNC_LABELS.index(truth)][FNC_LABELS.index(guess)] += 1
    return matrix


def f1_scores(matrix: list[list[int]]) -> dict[str, float]:
    scores = {}
    for index, label in enumerate(FNC_LABELS):
        hits = matrix[index][index]
        predicted = sum(row[index] for row in matrix)
        actual = sum(matrix[index])
        scores[label] = 2 * hits / (predicted + actual) if predicted + actual else 0.0
    return scores


def report(gold: Sequence[str], predicted: Sequence[str]) -> str:
    """The score, F1s and confusion matrix as printable lines."""
    matrix = confusion(gold, predicted)
    f1 = f1_scores(matrix)
    lines = [f"FNC-1 score: {100 * fnc_score(gold, predicted):.2f}%"]
    lines += [f"F1 {label:<10} {value:.3f}" for label, value in f1.items()]
    lines.append(f"macro-F1      {sum(f1.values()) / len(f1):.3f}")
    lines.append("confusion (rows gold, columns predicted): " + " ".join(FNC_LABELS))
    for label, row in zip(FNC_LABELS, matrix):
        lines.append(f"  {label:<10} " + " ".join(f"{count:>6}" for count in row))
    return "\n".join(lines)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--bodies", type=Path, default=DATA_DIR / "train_bodies.csv.gz")
    parser.add_argument("--stances", type=Path, default=DATA_DIR / "train_stances.csv.gz")
    parser.add_argument(
        "--body-ids", type=Path, help="keep only these bodies (default: the hold-out split)"
    )
    return parser.parse_args()


def main() -> int:
    arguments = _arguments()
    body_ids = arguments.body_ids
    if body_ids is None and arguments.bodies == DATA_DIR / "train_bodies.csv.gz":
        body_ids = DATA_DIR / "splits" / "baseline_hold_out_body_ids.txt"
    missing = [p for p in (arguments.bodies, arguments.stances, body_ids) if p and not p.exists()]
    if missing:
        print(f"FNC-1 data not found ({', '.join(map(str, missing))}); skipping.")
        return 0
    from corroborate.evidence.stance import classify_stances

    pairs = load_pairs(arguments.bodies, arguments.stances, read_ids(body_ids))
    start = time.process_time()
    results = classify_stances([(pair.headline, pair.body) for pair in pairs])
    elapsed = time.process_time() - start
    from_stance = {stance: label for label, stance in TO_STANCE.items()}
    predicted = [from_stance[result.label] for result in results]
    print(f"pairs: {len(pairs)}  bodies: {len({p.body_id for p in pairs})}")
    print(report([pair.label for pair in pairs], predicted))
    print(
        f"speed: {len(pairs) / elapsed:,.0f} pairs/s of CPU time on one core"
        " (each distinct body profiled once)"
    )
    print(
        f"speed: {_unshared_speed(pairs):,.0f} pairs/s of CPU time on one core"
        " (one pair per body, no sharing)"
    )
    return 0


def _unshared_speed(pairs: list[Pair]) -> float:
    """The worst case at run time: every page is checked against a single claim."""
    from corroborate.evidence.stance import classify_stances

    first = list({pair.body_id: pair for pair in reversed(pairs)}.values())
    start = time.process_time()
    classify_stances([(pair.headline, pair.body) for pair in first])
    return len(first) / (time.process_time() - start)


if __name__ == "__main__":
    sys.exit(main())
