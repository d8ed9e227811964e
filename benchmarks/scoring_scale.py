"""Scoring at scale: 20 claims against 1M stored sentences, with and without the FTS prefilter.

Run from the repository root: ``python benchmarks/scoring_scale.py [--sentences 1000000]
[--claims 20] [--db PATH]``. Needs no data files. It stores news-like synthetic sentences (Zipf
word statistics, reworded copies of each claim planted among them; see matching_speed.py) in a
real corroborate database, 25 per page, then times what ``score_stored_run`` does before scoring
outlets:

- exact: load every sentence of the run, ``match_claims`` over all of them (by default over
  the first 100k only, to stay within minutes; ``--exact-limit 0`` takes all and compares);
- indexing: the crawl stores sentences unindexed, and the first scoring that needs the
  full-text index adds them to it in bulk (``store.search_index.index_new_sentences``); timed on
  its own, as that first scoring pays it once and later ones do not;
- prefiltered: ``run_candidates`` (one FTS5 query per claim, corroborate/prefilter.py), then
  ``match_claims`` over the selection; the evidence must be the same;
- raw cdist: rapidfuzz's matrix alone over all sentences (same scorer and processor), the floor
  under any matcher that looks at every sentence; match_claims' overhead is measured against it.

``--db PATH`` keeps the built database and reuses it on the next run (building 1M sentences
and then indexing them takes a minute or two); a reused database is already indexed.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.matching_speed import (  # noqa: E402
    FUNCTION_WORDS,
    NewsLikeText,
    fastest_alternating,
    raw_cdist,
)
from corroborate.evidence.matching import match_claims  # noqa: E402
from corroborate.evidence.prefilter import run_candidates  # noqa: E402
from corroborate.models import Article, Claim, CleanedPage, Evidence, KeyTerms  # noqa: E402
from corroborate.store import Store  # noqa: E402

SENTENCES_PER_PAGE = 25
T = TypeVar("T")
TARGET_SECONDS = 20.0


def news_like_sentences(count: int, text: NewsLikeText, seed: int = 3) -> list[str]:
    """``count`` sentences of 6-35 words, drawn at numpy speed with matching_speed's statistics."""
    rng = np.random.default_rng(seed)
    weights = np.array(text.weights) / sum(text.weights)
    lengths = rng.integers(6, 36, count)
    words = np.array(text.content, dtype=object)[
        rng.choice(len(text.content), lengths.sum(), p=weights)
    ]
    function = rng.random(len(words)) < 0.4
    words[function] = np.array(FUNCTION_WORDS, dtype=object)[
        rng.integers(0, len(FUNCTION_WORDS), function.sum())
    ]
    ends = np.cumsum(lengths)
    return [" ".join(words[end - length : end]) + "." for end, length in zip(ends, lengths)]


def news_like_claims(count: int, text: NewsLikeText) -> list[Claim]:
    """Claims of 12-30 words naming a rare word as their entity and stating a figure, as real
    claims name people, places and numbers that most of the news never mentions."""
    claims = []
    for position in range(1, count + 1):
        words = text.sentence(text.rng.randint(12, 30))
        entity = text.rng.choice(text.content[len(text.content) // 2 :]).title()
        number = str(text.rng.randint(2, 9000))
        words[len(words) // 3 : len(words) // 3] = [entity]
        words[2 * len(words) // 3 : 2 * len(words) // 3] = [number]
        sentence = " ".join(words)
        claim_text = sentence[0].upper() + sentence[1:] + "."
        claims.append(Claim(position, claim_text, KeyTerms(entities=(entity,), numbers=(number,))))
    return claims


def plant_claims(sentences: list[str], claims: list[Claim], rng: random.Random) -> None:
    """Three reworded copies of each claim, as other outlets would carry it."""
    for claim in claims:
        for _ in range(3):
            words = claim.text.rstrip(".").split()
            rng.shuffle(words)
            sentences[rng.randrange(len(sentences))] = " ".join(words[:-2] + ["reportedly"]) + "."


def build_database(path: Path, sentence_count: int, claim_count: int) -> int:
    """A database with one run whose pages hold the sentences; returns the run id."""
    text = NewsLikeText(random.Random(7))
    claims = news_like_claims(claim_count, text)
    sentences = news_like_sentences(sentence_count, text)
    plant_claims(sentences, claims, random.Random(5))
    store = Store.open(path)
    try:
        article = Article(path="synthetic.txt", text=" ".join(c.text for c in claims))
        run_id = store.runs.start_run(article, claims, [])
        with store.transaction():
            for start in range(0, len(sentences), SENTENCES_PER_PAGE):
                page_sentences = sentences[start : start + SENTENCES_PER_PAGE]
                url = f"https://o{start % 97}.test/{start}"
                page = CleanedPage(
                    url=url,
                    canonical_url=url,
                    outlet=f"o{start % 97}.test",
                    text=" ".join(page_sentences),
                )
                store.crawl.save_page(run_id, page, "bench", page_sentences, b"", url)
        return run_id
    finally:
        store.close()


def timed(run: Callable[[], T]) -> tuple[float, T]:
    """Wall seconds of one call, and what it returned."""
    start = time.perf_counter()
    result = run()
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=1_000_000)
    parser.add_argument("--claims", type=int, default=20)
    parser.add_argument("--db", type=Path, help="keep (or reuse) the built database here")
    parser.add_argument(
        "--exact-limit",
        type=int,
        default=100_000,
        help="sentences for the exact path (0: all, which also compares evidence)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        path = args.db or Path(workdir) / "scale.db"
        if not path.exists():
            build_time, _ = timed(lambda: build_database(path, args.sentences, args.claims))
            print(f"built {args.sentences:,} sentences in {build_time:.0f} s")
        report(Store.open(path, create=False), args.exact_limit or args.sentences)


def report(store: Store, exact_limit: int) -> None:
    run_id = store.runs.latest_run_id()
    claims = store.runs.claims_for_run(run_id)
    total = store.scoring.sentence_count(run_id)
    index, indexed = timed(store.search_index.index_new_sentences)
    select, chosen = timed(lambda: run_candidates(store, run_id, claims))
    narrow, prefiltered = timed(lambda: match_claims(claims, chosen))
    print(f"{len(claims)} claims x {total:,} stored sentences")
    print(
        f"full-text indexing of the sentences stored since the last scoring: {index:6.2f} s  "
        f"({indexed:,} sentences"
        + (f", {indexed / index:,.0f}/s" if indexed else "")
        + "; paid once, by the first scoring after a crawl)"
    )
    print(
        f"prefiltered, from the db:   {select + narrow:6.2f} s  (FTS5 selection {select:.2f} s, "
        f"{len(chosen):,} sentences, {100 * len(chosen) / total:.2f}%; "
        f"target < {TARGET_SECONDS:.0f} s: "
        f"{'met' if select + narrow < TARGET_SECONDS else 'NOT met'})"
    )
    if indexed:
        first = index + select + narrow
        print(
            f"first scoring after the crawl, indexing included: {first:6.2f} s  (target < "
            f"{TARGET_SECONDS:.0f} s: {'met' if first < TARGET_SECONDS else 'NOT met'})"
        )
    load, everything = timed(lambda: store.scoring.candidate_sentences(run_id))
    everything = everything[:exact_limit]
    comparisons = len(claims) * len(everything)
    texts = [sentence.text for sentence in everything]
    cdist, match = fastest_alternating(  # fastest of two rounds each, taking turns
        2, lambda: raw_cdist(claims, texts), lambda: match_claims(claims, everything)
    )
    exact = match_claims(claims, everything) if len(everything) == total else []
    print(f"exact path on {len(everything):,} sentences ({comparisons:,} comparisons):")
    print(f"  raw cdist (in memory):    {cdist:6.2f} s  {comparisons / cdist:,.0f} comparisons/s")
    print(
        f"  match_claims (in memory): {match:6.2f} s  {comparisons / match:,.0f} comparisons/s"
        f"  overhead {100 * (match - cdist) / cdist:+.1f}% over raw cdist"
    )
    print(f"  loading all {total:,} sentences from the db: {load:.2f} s")
    if len(everything) == total:
        compare_evidence(exact, prefiltered)
    else:
        print("  (evidence comparison needs the exact path on every sentence: --exact-limit 0)")


def compare_evidence(exact: list[Evidence], prefiltered: list[Evidence]) -> None:
    missed = set(exact) - set(prefiltered)
    added = set(prefiltered) - set(exact)
    print(
        f"evidence rows: exact {len(exact)}, prefiltered {len(prefiltered)}; "
        f"missed by the prefilter {len(missed)}, added {len(added)} (rows the exact path's "
        f"per-claim shortlist crowded out with sentences lacking the claim's terms)"
    )


if __name__ == "__main__":
    main()
