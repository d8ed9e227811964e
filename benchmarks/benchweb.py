"""A local web of N realistic article pages for the benchmarks, served on 127.0.0.1.

Pages are the test web's outlets and stories (tests/testweb: the same HTML with cookie banner,
menus, related links, newsletter box and legal footer), recombined into N distinct articles of
600-1,000 words: each page is one Halden Ridge Dam report, so it names the fixture article's
claims, followed by background paragraphs from the other stories. A sitemap index lists them
in news sitemaps of 1,000 URLs, which is how the sitemaps spider discovers them. Everything is
rendered once up front, so serving costs the server as little as possible.

``python benchmarks/benchweb.py --pages 2000`` serves until interrupted and prints the sitemap.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from dataclasses import replace
from datetime import datetime, timedelta
from html import escape
from pathlib import Path
from types import TracebackType

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import page_chrome  # noqa: E402
from tests.testweb import pages  # noqa: E402
from tests.testweb.corpus import OUTLETS, PUBLIC_STORIES, Story  # noqa: E402
from tests.testweb.server import Request, Response, Site, TestHTTPServer, WebState  # noqa: E402

SITEMAP_SIZE = 1000  # URLs per news sitemap
SITEMAP_INDEX_PATH = "/sitemap_index.xml"
XML_TYPE = "application/xml; charset=utf-8"
FIXTURE_ARTICLE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "article.txt"


def bench_stories(count: int, seed: int = 11) -> list[Story]:
    """``count`` distinct dam reports with background paragraphs from the rest of the corpus."""
    rng = random.Random(seed)
    reports = [story for story in PUBLIC_STORIES if story.event == "dam"]
    background = [p for story in PUBLIC_STORIES if story.event != "dam" for p in story.paragraphs]
    start = datetime(2026, 11, 3, 6, 0)
    stories = []
    for number in range(count):
        report = reports[number % len(reports)]
        extra = tuple(rng.sample(background, rng.randint(8, 14)))
        when = start + timedelta(seconds=17 * number)  # 10k pages within two days
        stories.append(
            replace(
                report,
                outlet=rng.choice(list(OUTLETS)),
                path=f"/news/2026/11/{number:05d}-{_slug(report.headline)}",
                headline=f"{_about_the_dam(report.headline)} ({_edition(number)})",
                published=when.strftime("%Y-%m-%dT%H:%M:%SZ"),
                paragraphs=report.paragraphs + extra + (_closing_line(number, rng),),
                aliases=(),
            )
        )
    return stories


def _slug(headline: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in headline.lower()).split())[:60]


def _about_the_dam(headline: str) -> str:
    """Every sitemap title names the dam, so the sitemaps spider fetches every page."""
    return headline if "Halden Ridge" in headline else f"Halden Ridge Dam: {headline}"


def _edition(number: int) -> str:
    return f"update {number + 1}"


def _closing_line(number: int, rng: random.Random) -> str:
    """A page-specific last paragraph, so no two pages are the same text."""
    return (
        f"This report was updated at {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d} "
        f"with material from {rng.randint(2, 40)} correspondents (edition {number + 1})."
    )


class BenchSite(Site):
    """Serves the pre-rendered pages, the sitemaps and a robots.txt that allows everything."""

    name = "bench"

    def __init__(self, stories: list[Story], lean: bool = False) -> None:
        self.stories = stories
        self.lean = lean
        self.base_url = ""
        self.documents: dict[str, Response] = {}

    def render(self, base_url: str) -> None:
        self.base_url = base_url
        rng = random.Random(len(self.stories))
        self.documents = {
            story.path: Response(200, self._page(story, rng).encode("utf-8"))
            for story in self.stories
        }
        chunks = [
            self.stories[i : i + SITEMAP_SIZE] for i in range(0, len(self.stories), SITEMAP_SIZE)
        ]
        for number, chunk in enumerate(chunks):
            self.documents[_sitemap_path(number)] = Response(
                200, _news_sitemap(chunk, base_url), XML_TYPE
            )
        self.documents[SITEMAP_INDEX_PATH] = Response(200, _index(len(chunks), base_url), XML_TYPE)
        self.documents["/robots.txt"] = Response(
            200, "User-agent: *\nAllow: /\n", "text/plain; charset=utf-8"
        )

    def _page(self, story: Story, rng: random.Random) -> str:
        page = pages.article_page(story)
        if self.lean:
            return page
        others = [
            (other.path, other.headline, other.paragraphs[0])
            for other in rng.sample(self.stories, min(12, len(self.stories)))
        ]
        return page_chrome.dress(page, story.paragraphs, others, rng)

    def respond(self, request: Request) -> Response:
        return self.documents.get(request.path) or Response(404, b"<html>not found</html>")


def _sitemap_path(number: int) -> str:
    return f"/sitemaps/news-{number + 1}.xml"


def _news_sitemap(stories: list[Story], base_url: str) -> str:
    urls = "".join(
        f"<url><loc>{escape(base_url + story.path)}</loc><news:news><news:publication>"
        f"<news:name>{escape(OUTLETS[story.outlet].name)}</news:name>"
        f"<news:language>en</news:language></news:publication>"
        f"<news:publication_date>{story.published}</news:publication_date>"
        f"<news:title>{escape(story.headline)}</news:title></news:news></url>\n"
        for story in stories
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n'
        f"{urls}</urlset>\n"
    )


def _index(count: int, base_url: str) -> str:
    entries = "".join(
        f"<sitemap><loc>{base_url}{_sitemap_path(n)}</loc></sitemap>\n" for n in range(count)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{entries}</sitemapindex>\n"
    )


class BenchWeb:
    """``with BenchWeb(2000) as web:`` serves the pages until the block ends."""

    def __init__(self, page_count: int, lean: bool = False) -> None:
        self.site = BenchSite(bench_stories(page_count), lean)
        self.server = TestHTTPServer(self.site, WebState())

    def __enter__(self) -> BenchWeb:
        self.site.render(self.server.base_url)
        self.server.state.log = _NoLog()
        self.server.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.server.stop()

    @property
    def sitemap_url(self) -> str:
        return self.server.base_url + SITEMAP_INDEX_PATH

    def page_urls(self) -> list[str]:
        return [self.server.base_url + story.path for story in self.site.stories]

    def page_html(self) -> list[bytes]:
        return [self.site.documents[story.path].payload() for story in self.site.stories]

    def write_config(self, path: Path, concurrency: int = 16) -> Path:
        """Sitemaps only, every page allowed, politeness delays off (AutoThrottle, per-domain
        limit): what is left to measure is our own code."""
        pages_allowed = len(self.site.stories)
        path.write_text(
            f"[sources.gdelt]\nenabled = false\n\n[sources.feeds]\nenabled = false\n\n"
            f'[sources.sitemaps]\nenabled = true\nurls = ["{self.sitemap_url}"]\n'
            f"min_interval = 0.0\nmax_results = {pages_allowed}\n\n"
            f"[crawl]\nallow_private_addresses = true\nautothrottle = false\n"
            f"concurrent_requests = {concurrency}\n"
            f"concurrent_requests_per_domain = {concurrency}\n"
            f"max_pages = {pages_allowed}\ndownload_timeout = 60.0\n",
            encoding="utf-8",
        )
        return path


class _NoLog(list):
    """The test web logs every request for assertions; a benchmark has no use for it."""

    def append(self, item: object) -> None:
        pass


def prepare_run(db_path: Path, article_path: Path = FIXTURE_ARTICLE) -> int:
    """Store a run of the fixture article's claims, as ``corroborate check`` does before a crawl."""
    from corroborate.claims.article import read_article
    from corroborate.claims.extract import extract_claims
    from corroborate.pages.fingerprints import text_fingerprint
    from corroborate.store import Store

    article = read_article(str(article_path))
    store = Store.open(db_path)
    try:
        return store.runs.start_run(
            article, extract_claims(article), [], article_fingerprint=text_fingerprint(article.text)
        )
    finally:
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000)
    args = parser.parse_args()
    with BenchWeb(args.pages) as web:
        print(f"{args.pages} pages; sitemap index: {web.sitemap_url}", flush=True)
        while True:
            time.sleep(3600)


if __name__ == "__main__":
    main()
