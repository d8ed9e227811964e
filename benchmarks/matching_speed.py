"""How much match_claims costs over the raw rapidfuzz matrix it is built on.

Run from the repository root: ``python benchmarks/matching_speed.py [--sentences 100000]
[--claims 20]``. Needs no data files. Prints comparisons per second for raw ``cdist`` (same
scorer, processor and dtype) and for ``match_claims``, and the overhead in percent. The
sentences are synthetic news-like text with reworded copies of each claim planted among them,
so the shortlist is as crowded as on real pages. Measure at 100k sentences or more: on small
inputs the fixed per-claim candidate budget weighs more than the matrix.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from rapidfuzz import process
from rapidfuzz.utils import default_process

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from corroborate.evidence.matching import DEFAULT_MIN_SCORE, SCORER, match_claims
from corroborate.models import CandidateSentence, Claim, KeyTerms

FUNCTION_WORDS = (
    "the a an of to in and said on for with was that by at from as is are were has have "
    "it its their after before over about more than will would this which who".split()
)


class NewsLikeText:
    """Sentences with news-like word statistics: about 40% function words, and content words
    drawn from a Zipf distribution, so a few are common and most are rare."""

    def __init__(self, rng: random.Random, content_words: int = 8000) -> None:
        self.rng = rng
        self.content = [self._word() for _ in range(content_words)]
        self.weights = [1 / rank for rank in range(1, content_words + 1)]

    def _word(self) -> str:
        return "".join(self.rng.choices("abcdefghijklmnopqrstuvwxyz", k=self.rng.randint(3, 10)))

    def sentence(self, words: int) -> list[str]:
        content = self.rng.choices(self.content, self.weights, k=words)
        return [self.rng.choice(FUNCTION_WORDS) if self.rng.random() < 0.4 else w for w in content]


def synthetic_claims(count: int, text: NewsLikeText) -> list[Claim]:
    claims = []
    for position in range(1, count + 1):
        words = text.sentence(text.rng.randint(12, 30))
        number = str(text.rng.randint(2, 9000))
        words.insert(len(words) // 2, number)
        entity = max(words, key=len).title()
        claim_text = " ".join(words).replace(entity.lower(), entity, 1).capitalize() + "."
        claims.append(Claim(position, claim_text, KeyTerms(entities=(entity,), numbers=(number,))))
    return claims


def synthetic_sentences(count: int, claims: list[Claim], text: NewsLikeText) -> list[str]:
    sentences = [" ".join(text.sentence(text.rng.randint(6, 35))) + "." for _ in range(count)]
    for claim in claims:  # three reworded copies of each claim somewhere in the pile
        for _ in range(3):
            words = claim.text.rstrip(".").split()
            text.rng.shuffle(words)
            sentences[text.rng.randrange(count)] = " ".join(words[:-2] + ["reportedly"]) + "."
    return sentences


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=100_000)
    parser.add_argument("--claims", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    text = NewsLikeText(random.Random(7))
    claims = synthetic_claims(args.claims, text)
    texts = synthetic_sentences(args.sentences, claims, text)
    candidates = [
        CandidateSentence(i, i // 25, text, f"https://example.org/{i // 25}", f"o{i % 97}.test")
        for i, text in enumerate(texts)
    ]
    raw, full = fastest_alternating(
        args.repeats, lambda: raw_cdist(claims, texts), lambda: match_claims(claims, candidates)
    )
    evidence = match_claims(claims, candidates)
    comparisons = args.claims * args.sentences
    print(f"{args.claims} claims x {args.sentences} sentences = {comparisons:,} comparisons")
    print(f"raw cdist:    {raw:.3f} s  {comparisons / raw:,.0f} comparisons/s")
    print(f"match_claims: {full:.3f} s  {comparisons / full:,.0f} comparisons/s")
    print(
        f"overhead:     {100 * (full - raw) / raw:+.1f}%  ({len(evidence)} evidence rows, "
        f"min_score {DEFAULT_MIN_SCORE})"
    )


def raw_cdist(claims: list[Claim], texts: list[str]) -> np.ndarray:
    return process.cdist(
        [claim.text for claim in claims], texts, scorer=SCORER,
        processor=default_process, dtype=np.uint8, workers=-1,
    )  # fmt: skip


def fastest_alternating(repeats: int, *runs: Callable[[], object]) -> list[float]:
    """Fastest time of each run over several rounds, the runs taking turns so that load from
    other work on the machine falls on both alike."""
    timings: list[list[float]] = [[] for _ in runs]
    for _ in range(repeats):
        for run, times in zip(runs, timings):
            start = time.perf_counter()
            run()
            times.append(time.perf_counter() - start)
    return [min(times) for times in timings]


if __name__ == "__main__":
    main()
