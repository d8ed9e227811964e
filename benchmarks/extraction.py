"""Extraction quality of our page cleaning on the article-extraction benchmark.

Metric (the benchmark's own): token 4-gram shingles of the extracted text against the ground
truth; per page the true/false positive and false negative counts, normalised to sum to 1, are
averaged over pages, then precision, recall and F1 are computed from the averages. It first
scores the published trafilatura reference output (expect F1 0.958) to prove the metric, then
plain ``trafilatura.extract`` (with and without ``favor_precision``), then our
``clean_page``, side by side.

Usage: python -m benchmarks.extraction [--data DIR] [--limit N]
The data set is read in place; when it is absent this prints a message and exits 0.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import trafilatura

from corroborate.pages.cleaning import clean_page

DEFAULT_DATA = Path("/work/shared/data/article-extraction-benchmark")
_TOKEN = re.compile(r"\w+", re.UNICODE)
Scores = tuple[float, float, float]


def shingle_counts(text: str, n: int = 4) -> Counter[str]:
    tokens = _TOKEN.findall(text or "")
    return Counter(" ".join(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)))


def page_counts(truth: str, prediction: str) -> Scores:
    """Normalised (tp, fp, fn) of one page's shingles."""
    true, pred = shingle_counts(truth), shingle_counts(prediction)
    true.pop("", None), pred.pop("", None)
    tp = sum((true & pred).values())
    fp = sum((pred - true).values())
    fn = sum((true - pred).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def precision_recall_f1(counts: list[Scores]) -> Scores:
    tp, fp, fn = (sum(column) / len(counts) for column in zip(*counts))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def evaluate(truth: dict[str, str], predict: Callable[[str], str], ids: list[str]) -> Scores:
    return precision_recall_f1([page_counts(truth[i], predict(i)) for i in ids])


def load(data: Path) -> tuple[dict[str, str], dict[str, str], dict[str, str], dict[str, str]]:
    """Ground truth bodies, URLs, reference trafilatura outputs, and a reader of page HTML."""
    ground = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    reference = json.loads((data / "reference-outputs" / "trafilatura.json").read_text("utf-8"))
    truth = {key: item.get("articleBody", "") for key, item in ground.items()}
    urls = {key: item.get("url", "") for key, item in ground.items()}
    ref = {key: item.get("articleBody", "") for key, item in reference["output"].items()}
    html = {
        key: gzip.decompress((data / "html" / f"{key}.html.gz").read_bytes()).decode("utf-8")
        for key in ground
    }
    return truth, urls, ref, html


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=0, help="score only the first N pages")
    args = parser.parse_args(argv)
    if not (args.data / "ground-truth.json").is_file():
        print(f"benchmark data not found at {args.data}; skipping")
        return 0
    truth, urls, reference, html = load(args.data)
    ids = sorted(truth)[: args.limit or None]
    contenders: dict[str, Callable[[str], str]] = {
        "reference trafilatura 2.0.0 output": lambda i: reference.get(i, ""),
        f"trafilatura {trafilatura.__version__} extract()": lambda i: (
            trafilatura.extract(html[i], include_comments=False) or ""
        ),
        "trafilatura extract(favor_precision)": lambda i: (
            trafilatura.extract(html[i], include_comments=False, favor_precision=True) or ""
        ),
        "corroborate clean_page()": lambda i: _clean_text(html[i], urls[i]),
    }
    print(f"{'extractor':40} {'P':>6} {'R':>6} {'F1':>6} {'secs':>6}   ({len(ids)} pages)")
    for name, predict in contenders.items():
        started = time.perf_counter()
        precision, recall, f1 = evaluate(truth, predict, ids)
        print(
            f"{name:40} {precision:6.3f} {recall:6.3f} {f1:6.3f} "
            f"{time.perf_counter() - started:6.1f}"
        )
    return 0


def _clean_text(html: str, url: str) -> str:
    page = clean_page(html, url or "https://example.com/")
    return page.text if page else ""


if __name__ == "__main__":
    sys.exit(main())
