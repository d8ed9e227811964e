"""Real crawls: ``python -m crawler`` in a subprocess against the local test web.

Each crawl is its own process (Twisted's reactor starts once per process) and writes to a
temporary SQLite file; assertions read that file and the test web's request log.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from corroborate.claims.article import read_article
from corroborate.claims.extract import extract_claims
from corroborate.pages.outlets import registrable_domain
from corroborate.sources.queries import build_queries
from corroborate.store import Store
from tests.conftest import run_crawler
from tests.testweb import TestWeb
from tests.testweb.corpus import FIXTURE_ARTICLE, PRIVATE_STORIES

pytestmark = pytest.mark.crawl

REPO_ROOT = Path(__file__).resolve().parent.parent
ONLY_GDELT = {
    "feeds": {"enabled": False},
    "sitemaps": {"enabled": False},
    "google_news": {"enabled": False},
    "bing_news": {"enabled": False},
}


def start_run(db_path: Path) -> int:
    """Store a run of the fixture article with its real claims and GDELT queries."""
    article = read_article(str(FIXTURE_ARTICLE))
    claims = extract_claims(article)
    store = Store.open(db_path)
    try:
        return store.runs.start_run(article, claims, build_queries(claims, "gdelt"))
    finally:
        store.close()


def crawl(web: TestWeb, tmp_path: Path, **overrides) -> tuple[sqlite3.Connection, list[dict]]:
    db_path = tmp_path / "crawl.db"
    run_id = start_run(db_path)
    config = web.write_config(tmp_path / "config.toml", **overrides)
    result = run_crawler(db_path, run_id, config, timeout=120)
    assert result.returncode == 0, result.stderr
    events = [json.loads(line) for line in result.stdout.splitlines()]
    connection = sqlite3.connect(db_path)
    connection.row_factory = sqlite3.Row
    return connection, events


@pytest.fixture(scope="module")
def full_crawl(test_web: TestWeb, tmp_path_factory):
    """One crawl with GDELT, feeds and sitemaps; several tests read its results."""
    test_web.reset_failures()
    test_web.clear_log()
    # No source lists the /private/ pages, so name one as a feed: robots.txt must still win.
    feeds = [*test_web.feed_urls(), test_web.url_of(PRIVATE_STORIES[0])]
    connection, events = crawl(
        test_web,
        tmp_path_factory.mktemp("full"),
        feeds={"urls": feeds},
        google_news={"enabled": False},
        bing_news={"enabled": False},
    )
    yield connection, events, test_web.requests_log()
    connection.close()


def test_progress_lines_are_json_and_end_with_done(full_crawl):
    _, events, _ = full_crawl
    assert events[-1] == {"event": "done"}
    requests = {
        (event["source"], event["status"]) for event in events if event["event"] == "request"
    }
    assert {source for source, _ in requests} == {"gdelt", "feeds", "sitemaps"}
    pages = [event for event in events if event["event"] == "page"]
    assert any(event["status"] == "fetched" for event in pages)


def test_pages_stored_under_canonical_urls_with_right_outlets(full_crawl):
    """Outlets are served under their own names; a page's outlet is the host it came from."""
    connection, _, _ = full_crawl
    pages = connection.execute(
        "SELECT url, canonical_url, claimed_canonical, outlet, text FROM pages"
    ).fetchall()
    assert len(pages) >= 5
    for page in pages:
        canonical_host = urlsplit(page["canonical_url"]).hostname
        fetched_host = urlsplit(page["url"]).hostname
        assert canonical_host.endswith(".example"), page["canonical_url"]
        assert page["outlet"] == fetched_host.removeprefix("www.")
        assert registrable_domain(canonical_host) == registrable_domain(fetched_host)
        assert page["claimed_canonical"] is None
        assert "cookie" not in page["text"].lower()
    assert connection.execute("SELECT count(*) FROM sentences").fetchone()[0] > len(pages)


def test_each_page_fetched_and_stored_once_though_several_sources_list_it(full_crawl):
    connection, events, log = full_crawl
    duplicates = connection.execute(
        "SELECT canonical_url FROM pages GROUP BY canonical_url HAVING count(*) > 1"
    ).fetchall()
    assert duplicates == []
    listed = connection.execute(
        "SELECT source, sum(results) FROM source_requests WHERE status = 'ok' GROUP BY source"
    ).fetchall()
    assert {source for source, results in listed if results} == {"gdelt", "feeds", "sitemaps"}
    articles = [
        (server, urlsplit(target).path)
        for server, method, target in log
        if method == "GET"
        and server != "services"
        and not target.endswith((".xml", ".rss", ".atom", "/feed/", "/robots.txt"))
    ]
    assert articles, "the crawl should have fetched articles from the outlets"
    assert len(articles) == len(set(articles)), "an article was fetched twice"
    fetched = [
        event for event in events if event["event"] == "page" and event["status"] == "fetched"
    ]
    assert len(fetched) == len(articles)


def test_robots_disallowed_pages_never_requested(full_crawl):
    connection, _, log = full_crawl
    paths = [urlsplit(target).path for _, _, target in log]
    assert "/robots.txt" in paths
    assert not [path for path in paths if path.startswith("/private/")]
    refused = connection.execute(
        "SELECT status, error FROM source_requests WHERE url LIKE '%/private/%'"
    ).fetchall()
    assert [tuple(row) for row in refused] == [("failed", "Forbidden by robots.txt")]


@pytest.mark.parametrize(
    ("mode", "status", "error"),
    [
        ("429", "failed", "HTTP 429"),
        ("html_error", "failed", "HTML error: The query was not valid"),
        ("bad_json", "ok", None),  # invalid escapes are repaired, not read as "no results"
    ],
)
def test_gdelt_failure_modes_recorded(web: TestWeb, tmp_path: Path, mode, status, error):
    web.fail("gdelt", mode)
    # The test web's 429 asks for 5 s; over the cap it fails at once (waits are test_faults').
    connection, events = crawl(web, tmp_path, crawl={"retry_after_max": 1.0}, **ONLY_GDELT)
    rows = connection.execute("SELECT status, error FROM source_requests").fetchall()
    assert rows
    for row in rows:
        assert row["status"] == status
        assert (row["error"] or "").startswith(error or "")
    assert "empty" not in {event.get("status") for event in events}


def test_private_addresses_refused_unless_allowed(web: TestWeb, tmp_path: Path):
    """GDELT is a configured endpoint (trusted); the article links it returns are not: their
    names resolve (by the test web's host map) to 127.0.0.1, which the resolver refuses."""
    connection, events = crawl(
        web, tmp_path, crawl={"allow_private_addresses": False}, **ONLY_GDELT
    )
    assert (
        connection.execute("SELECT count(*) FROM source_requests WHERE status = 'ok'").fetchone()[0]
        >= 1
    )
    reasons = [row[0] for row in connection.execute("SELECT reason FROM fetch_failures")]
    assert reasons and all(
        reason == "robots.txt unavailable (DNS lookup failed): not fetched" for reason in reasons
    )
    assert connection.execute("SELECT count(*) FROM pages").fetchone()[0] == 0
    assert events[-1] == {"event": "done"}


def test_bad_arguments_exit_non_zero_with_one_line(tmp_path: Path):
    result = run_crawler(tmp_path / "none.db", 7, tmp_path / "missing.toml", timeout=120)
    assert result.returncode != 0
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert "config file not found" in result.stderr


def test_failing_feed_recorded_and_other_feeds_still_read(web: TestWeb, tmp_path: Path):
    web.fail("harbourcourier", "500")
    broken = web.outlets["harbourcourier"].site.feed_url()
    connection, _ = crawl(
        web,
        tmp_path,
        gdelt={"enabled": False},
        sitemaps={"enabled": False},
        google_news={"enabled": False},
        bing_news={"enabled": False},
    )
    rows = {
        row["url"]: (row["status"], row["error"])
        for row in connection.execute("SELECT url, status, error FROM source_requests")
    }
    # The outlet answers 500 to robots.txt too, and RFC 9309 says that forbids the host.
    assert rows.pop(broken) == ("failed", "robots.txt unavailable (HTTP 500): not fetched")
    assert rows and all(status == "ok" for status, _ in rows.values())


def test_missing_arguments_exit_non_zero_with_one_line(tmp_path: Path):
    result = subprocess.run(
        [sys.executable, "-m", "crawler", "--db", str(tmp_path / "x.db")],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "crawler: the following arguments are required: --run-id (see python -m crawler --help)"
    ]
