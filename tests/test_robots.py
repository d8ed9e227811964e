"""robots.txt per RFC 9309: an unreachable robots.txt forbids, a 4xx allows, Crawl-delay holds.

Each case is a real crawl against a local server whose robots.txt misbehaves; the server's
request log shows whether an article was asked for at all.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from scrapy.settings import Settings

from crawler.middlewares.robots import MAX_CRAWL_DELAY, Unreachable, crawl_delay, robots_timeout
from tests.hostileweb import HostileServer, Route, crawl_against

pytestmark = pytest.mark.crawl

ARTICLES = ["/a1", "/a2", "/a3"]
CRAWL_DELAY = 0.5  # seconds, in the robots.txt: small, since only the spacing matters
ROBOTS_TIMEOUT = 2.0  # [crawl] robots_timeout: over the pages' 1 s, so it is what times out
PAGE = (Path(__file__).parent / "fixtures" / "article.html").read_bytes()


def crawl_with_robots(tmp_path: Path, robots: Route, **crawl) -> tuple[HostileServer, dict]:
    with HostileServer() as server:
        server.routes["/robots.txt"] = robots
        server.routes.update({path: Route(PAGE) for path in ARTICLES})
        server.list_articles([server.url(path) for path in ARTICLES])
        result = crawl_against(server, tmp_path, **crawl)
    assert result.returncode == 0, result.stderr
    return server, result.failures()


@pytest.mark.parametrize(
    ("robots", "reason"),
    [
        (Route(b"oops", status=503), "robots.txt unavailable (HTTP 503): not fetched"),
        (Route(b"oops", status=500), "robots.txt unavailable (HTTP 500): not fetched"),
        (
            Route(b"User-agent: *\nAllow: /\n", delay=ROBOTS_TIMEOUT + 3),
            "robots.txt unavailable (timeout): not fetched",
        ),
        (Route(b"slow down", status=429), "robots.txt unavailable (HTTP 429): not fetched"),
    ],
)
def test_unreachable_robots_txt_forbids_the_host(tmp_path: Path, robots: Route, reason: str):
    server, failures = crawl_with_robots(
        tmp_path, robots, download_timeout=1.0, robots_timeout=ROBOTS_TIMEOUT
    )
    assert not [path for path in server.paths if path in ARTICLES]
    assert {failures[server.url(path)] for path in ARTICLES} == {reason}


def test_robots_txt_gets_at_least_the_robots_timeout_and_never_less_than_a_page():
    least = {"CORROBORATE_ROBOTS_TIMEOUT": 10}
    assert robots_timeout(Settings({"DOWNLOAD_TIMEOUT": 3, **least})) == 10
    assert robots_timeout(Settings({"DOWNLOAD_TIMEOUT": 30, **least})) == 30
    assert robots_timeout(Settings({"DOWNLOAD_TIMEOUT": 3})) == 10  # the [crawl] default


def test_missing_robots_txt_allows_everything(tmp_path: Path):
    server, failures = crawl_with_robots(tmp_path, Route(b"<html>Not found</html>", status=404))
    assert sorted(path for path in server.paths if path in ARTICLES) == ARTICLES
    assert not failures


def test_crawl_delay_spaces_the_requests_to_a_host(tmp_path: Path):
    robots = Route(
        f"User-agent: *\nCrawl-delay: {CRAWL_DELAY}\n".encode(),
        headers=(("Content-Type", "text/plain"),),
    )
    with HostileServer() as server:
        stamps: list[float] = []
        server.routes["/robots.txt"] = robots
        server.routes.update({path: Route(PAGE) for path in ARTICLES})
        server.list_articles([server.url(path) for path in ARTICLES])
        server.on_request = lambda path: (
            stamps.append(time.monotonic()) if path in ARTICLES else None
        )
        result = crawl_against(server, tmp_path)
    assert result.returncode == 0, result.stderr
    assert len(stamps) == len(ARTICLES)
    gaps = [later - earlier for earlier, later in zip(stamps, stamps[1:])]
    # A lower bound as a share of the delay: a slow machine only widens the gaps. Without the
    # delay the three requests go out together (two per host at once), gaps near zero.
    assert min(gaps) >= 0.8 * CRAWL_DELAY, gaps


def test_crawl_delay_reader():
    class Rules:
        def __init__(self, value):
            self.value = value

        def crawl_delay(self, user_agent):
            return self.value

    assert crawl_delay(Rules(None), "ua") == 0.0
    assert crawl_delay(Rules("2.5"), "ua") == 2.5
    assert crawl_delay(Rules(86400), "ua") == MAX_CRAWL_DELAY
    assert crawl_delay(Rules(-3), "ua") == 0.0
    assert crawl_delay(object(), "ua") == 0.0
    assert not Unreachable("HTTP 503").allowed("http://x.example/", "ua")


def test_disallow_holds_for_every_request_waiting_on_robots_txt(tmp_path: Path):
    """Scrapy gives the rules to the first waiting request only; the others must not slip by."""
    disallow = Route(b"User-agent: *\nDisallow: /a\n", headers=(("Content-Type", "text/plain"),))
    server, failures = crawl_with_robots(tmp_path, disallow)
    assert not [path for path in server.paths if path in ARTICLES]
    assert {failures[server.url(path)] for path in ARTICLES} == {"Forbidden by robots.txt"}
