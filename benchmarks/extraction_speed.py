"""CPU per page of ``clean_page`` against the stock trafilatura call that yields the same fields.

Run from the repository root: ``python benchmarks/extraction_speed.py [--pages 300]``. The two
run alternately, page by page, so the machine's drift hits both alike. Pages: benchweb's
real-weight pages (always), and the 181 real pages of the article-extraction benchmark when
``/work/shared/data/article-extraction-benchmark`` is there, on which it also counts the pages
where text, title, date or site name differ (expected: none).
"""

from __future__ import annotations

import argparse
import gzip
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import trafilatura  # noqa: E402

from benchmarks.benchweb import BenchWeb  # noqa: E402
from corroborate.pages.cleaning import TRAFILATURA_EQUIVALENT, clean_page  # noqa: E402

REAL_PAGES = Path("/work/shared/data/article-extraction-benchmark/html")
Document = tuple[str, str]  # url, html


def compare(name: str, documents: list[Document], repeats: int = 2) -> None:
    stock_seconds = ours_seconds = 0.0
    differing = 0
    for _ in range(repeats):
        for url, html in documents:
            start = time.process_time()
            stock = trafilatura.bare_extraction(html, url=url, **TRAFILATURA_EQUIVALENT)
            middle = time.process_time()
            page = clean_page(html, url)
            ours_seconds += time.process_time() - middle
            stock_seconds += middle - start
            differing += _differs(stock, page)
    count = repeats * len(documents)
    print(
        f"{name} ({len(documents)} pages): stock {1000 * stock_seconds / count:.2f} ms/page, "
        f"clean_page {1000 * ours_seconds / count:.2f} ms/page "
        f"({100 * (ours_seconds / stock_seconds - 1):+.1f}%); "
        f"pages with a differing field: {differing // repeats}"
    )


def _differs(stock: object, page: object) -> bool:
    if stock is None or page is None:
        return (stock is None) != (page is None) and bool(getattr(stock, "text", "").strip())
    return ((stock.text or "").strip(), stock.title, stock.date, stock.sitename) != (
        page.text,
        page.title,
        page.published,
        page.sitename,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=300, help="real-weight benchweb pages")
    args = parser.parse_args()
    web = BenchWeb(args.pages)
    web.site.render("https://bench.example")  # rendered, not served: nothing is fetched
    compare(
        "real-weight benchweb pages",
        list(zip(web.page_urls(), (html.decode() for html in web.page_html()))),
    )
    files = sorted(REAL_PAGES.glob("*.html.gz"))
    if not files:
        print(f"{REAL_PAGES} not found; skipping the real pages")
        return
    compare(
        "article-extraction benchmark pages",
        [
            ("https://example.com/", gzip.decompress(path.read_bytes()).decode("utf-8", "replace"))
            for path in files
        ],
    )


if __name__ == "__main__":
    main()
