"""What conditional re-fetches save a re-check: a watch's first check fetches every page, the
next asks each stored page "changed since?" and gets 304s.

Run from the repository root: ``python benchmarks/recheck.py [--pages 300]``. A local story web
(tests/storyweb.py) serves ``--pages`` distinct outlet pages about one story, with ETag and
Last-Modified. The watch's check runs twice (real crawl in a child process, then scoring);
printed: wall time of each and the article-page body bytes the server sent (the sitemap is
read in full both times), and their ratios. Needs no data from ../shared.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from corroborate.api import add_watch, check_watch  # noqa: E402
from corroborate.claims.article import read_article  # noqa: E402
from tests.storyweb import ARTICLE, StoryWeb, outlet_page, write_config  # noqa: E402


def story_pages(count: int) -> list:
    return [
        outlet_page(
            f"bridge-{number}",
            f"outlet-{number}.example",
            f"Outlet {number}",
            f"Report {number}: the Brenna Bridge over the Oster River in Varnholt was closed on "
            "Monday, November 2, 2026, after inspectors found 14 cracks in its main span.",
            f"Residents of district {number % 31} described the detour their buses now take, "
            f"and shop owner number {number} said trade had fallen since the closure began.",
            f"Engineers will measure the cracks again in week {number % 9 + 1}, the Varnholt "
            "Transport Office said in a statement quoted by this outlet.",
        )
        for number in range(count)
    ]


def timed_check(db_path: Path, watch_id: int, web: StoryWeb) -> tuple[float, int, int]:
    """Seconds, body bytes served and 304 answers for one check of the watch."""
    first_hit = len(web.hits)
    started = time.perf_counter()
    result = check_watch(db_path, watch_id, due_at="benchmark")
    elapsed = time.perf_counter() - started
    if result.crawl_failed:
        raise SystemExit(f"crawl failed (exit {result.crawl_status})")
    pages = [hit for hit in web.hits[first_hit:] if hit.path.startswith("/news/")]
    return elapsed, sum(hit.size for hit in pages), sum(hit.status == 304 for hit in pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, StoryWeb() as web:
        for page in story_pages(args.pages):
            web.publish(page)
        config = write_config(
            web,
            Path(tmp) / "sources.toml",
            crawl={"max_pages": args.pages + 10, "concurrent_requests_per_domain": 16},
        )
        article_path = Path(tmp) / "bridge.txt"
        article_path.write_text(ARTICLE, encoding="utf-8")
        db_path = Path(tmp) / "recheck.db"
        watch_id = add_watch(read_article(str(article_path)), db_path, 3600, config)
        first = timed_check(db_path, watch_id, web)
        second = timed_check(db_path, watch_id, web)
    print(f"pages: {args.pages}")
    print(f"first check: {first[0]:.1f} s, {first[1] / 1e6:.2f} MB of page bodies")
    print(f"re-check:    {second[0]:.1f} s, {second[1] / 1e6:.2f} MB, {second[2]} answers 304")
    print(
        f"re-check / first: time {second[0] / first[0]:.2f}, page bytes {second[1] / first[1]:.3f}"
    )


if __name__ == "__main__":
    main()
