"""Is text handling linear on hostile input? Growth ratios of CPU time when the input grows 4x.

Run from the repository root: ``python benchmarks/hostile_text.py``. Needs no data files. For
each input shape it times the work at size N and 4N and prints the ratio: about 4 is linear,
about 16 quadratic. Shapes: a line of dots (sentence splitting took 0.9 s for 10k dots and 16 s
for 40k before), and a text of many dates and figures (each match was compared with every
earlier one).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from corroborate.text.dates import find_dates
from corroborate.text.quantities import find_quantities
from corroborate.text.sentences import split_sentences


def cpu_seconds(work: Callable[[], object], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        work()
        best = min(best, time.process_time() - started)
    return best


def dates_text(count: int) -> str:
    return " ".join(f"On Tuesday 3 November 2026 there were {n} boats." for n in range(count))


SHAPES: dict[str, tuple[Callable[[int], str], Callable[[str], object], int]] = {
    "split_sentences, a line of dots": (lambda n: "." * n, split_sentences, 40_000),
    "split_sentences, '. ' repeated": (lambda n: ". " * n, split_sentences, 20_000),
    "find_dates, many dates": (dates_text, find_dates, 2_000),
    "find_quantities, many dates and figures": (dates_text, find_quantities, 2_000),
}


def main() -> None:
    for name, (make, work, size) in SHAPES.items():
        small, large = make(size), make(4 * size)
        first = cpu_seconds(lambda: work(small))  # noqa: B023 - called at once
        second = cpu_seconds(lambda: work(large))  # noqa: B023
        print(
            f"{name}: {size:,} -> {4 * size:,}: {first:.3f} s -> {second:.3f} s, "
            f"ratio {second / max(first, 1e-9):.1f} (linear 4, quadratic 16)"
        )


if __name__ == "__main__":
    main()
