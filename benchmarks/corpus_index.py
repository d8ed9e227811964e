"""Offline corpus indexing (``check --corpus``): documents cleaned and indexed per second the
first time, and what a second look at the unchanged corpus costs.

Run from the repository root: ``python benchmarks/corpus_index.py [--corpus PATH]``; the
default corpus is the article-extraction benchmark's 181 saved pages (``.html.gz``), read in
place from /work/shared/data (exits 0 with a message when absent). Then one claim is searched.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from corroborate.corpus.index import index_corpus  # noqa: E402
from corroborate.store import Store  # noqa: E402

DEFAULT_CORPUS = Path("/work/shared/data/article-extraction-benchmark/html")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()
    if not args.corpus.exists():
        print(f"no corpus at {args.corpus}: nothing to measure")
        return
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder) / "corpus.db")
        start = time.perf_counter()
        _, first = index_corpus(store, [args.corpus])
        first_seconds = time.perf_counter() - start
        start = time.perf_counter()
        _, second = index_corpus(store, [args.corpus])
        second_seconds = time.perf_counter() - start
        store.close()
    print(
        f"first index: {first.indexed} files, {first.documents} documents in "
        f"{first_seconds:.1f} s ({first.documents / first_seconds:.1f} documents/s)"
    )
    print(
        f"second look: {second.indexed} files re-read, {second.unchanged} unchanged, "
        f"{second_seconds:.2f} s ({first_seconds / max(second_seconds, 1e-9):.0f}x faster)"
    )


if __name__ == "__main__":
    main()
