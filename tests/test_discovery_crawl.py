"""Real crawls of the local test web with the news-search sources: dedup, decoding, failures."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.testweb import FIXTURE_ARTICLE, STORIES, TestWeb

pytestmark = pytest.mark.crawl

NEWS_ONLY = {
    "gdelt": {"enabled": False},
    "feeds": {"enabled": False},
    "sitemaps": {"enabled": False},
}
BATCHEXECUTE = "/_/DotsSplashUi/data/batchexecute"


def check(web: TestWeb, tmp_path: Path, db: Path, status: int = 0, **overrides) -> dict:
    config = web.write_config(tmp_path / "config.toml", **overrides)
    result = run_cli(
        "check", str(FIXTURE_ARTICLE), "--config", str(config), "--db", str(db), "--json"
    )
    assert result.returncode == status, result.stderr
    return json.loads(result.stdout)


def article_fetches(web: TestWeb) -> Counter[tuple[str, str]]:
    """GETs of story pages per (outlet, path), whatever query string was appended."""
    story_paths = {
        (story.outlet, path) for story in STORIES for path in (story.path, *story.aliases)
    }
    fetched = (
        (server, target.split("?")[0])
        for server, method, target in web.requests_log()
        if method == "GET"
    )
    return Counter(key for key in fetched if key in story_paths)


@pytest.fixture(scope="module")
def all_sources(test_web: TestWeb, tmp_path_factory) -> tuple[dict, Path, Counter]:
    tmp_path = tmp_path_factory.mktemp("discovery")
    test_web.reset_failures()
    test_web.clear_log()
    db = tmp_path / "c.db"
    report = check(test_web, tmp_path, db)
    assert decode_posts(test_web) > 1  # the cache test below relies on real decodes here
    return report, db, article_fetches(test_web)


def test_each_outlet_article_is_fetched_once_though_several_sources_list_it(all_sources):
    _, db, fetches = all_sources
    assert fetches and max(fetches.values()) == 1, fetches
    connection = sqlite3.connect(db)
    sources_per_page = connection.execute(
        "SELECT page_id, count(DISTINCT source) FROM run_pages GROUP BY page_id"
    ).fetchall()
    assert max(count for _, count in sources_per_page) >= 3
    found_by = {row[0] for row in connection.execute("SELECT DISTINCT source FROM run_pages")}
    assert {"gdelt", "google_news", "bing_news", "feeds", "sitemaps"} <= found_by


def test_google_news_tokens_decoded_and_cached_and_undecodable_reported(all_sources):
    report, db, _ = all_sources
    connection = sqlite3.connect(db)
    assert connection.execute("SELECT count(*) FROM google_news_decodes").fetchone()[0] > 0
    reasons = {
        row[0]
        for row in connection.execute(
            "SELECT reason FROM fetch_failures WHERE source = 'google_news'"
        )
    }
    assert reasons == {"Google refused to decode the link"}
    dam_claim = report["claims"][0]
    assert dam_claim["reported_not_fetched"] == [
        "The Harbour Courier (Google refused to decode the link)"
    ]
    searched = {entry["source"]: entry for entry in dam_claim["searched"]}
    assert set(searched) == {"gdelt", "google_news", "bing_news", "feeds", "sitemaps"}
    assert all(entry["failed"] == 0 for entry in searched.values())


def decode_posts(web: TestWeb) -> int:
    return sum(
        1
        for _, method, target in web.requests_log()
        if method == "POST" and target.startswith(BATCHEXECUTE)
    )


def test_second_run_decodes_from_the_cache(all_sources, test_web, tmp_path):
    _, db, fetches = all_sources
    test_web.clear_log()
    check(test_web, tmp_path, db, **NEWS_ONLY)
    assert decode_posts(test_web) == 1  # only the live blog, which never decodes, is asked again


def test_one_failing_source_degrades_coverage_and_the_others_still_answer(web, tmp_path):
    web.fail("google_news", "429")
    report = check(web, tmp_path, tmp_path / "c.db", **NEWS_ONLY, crawl={"retry_times": 0})
    assert any(
        line.startswith("coverage degraded: google_news") for line in report["coverage_warnings"]
    )
    first = report["claims"][0]
    searched = {entry["source"]: entry for entry in first["searched"]}
    assert searched["google_news"]["failed"] == searched["google_news"]["queries"] > 0
    assert searched["google_news"]["errors"] == ["HTTP 429"]
    assert searched["bing_news"]["ok"] > 0
    assert first["verdict"] == "corroborated"


def test_every_search_failing_is_search_failed_per_claim(web, tmp_path):
    web.fail("google_news", "html_error")
    web.fail("bing_news", "500")
    # No source answered: exit 3, the documented status, after the report.
    report = check(web, tmp_path, tmp_path / "c.db", status=3, **NEWS_ONLY)
    assert {claim["verdict"] for claim in report["claims"]} == {"search failed"}
    errors = {
        error
        for claim in report["claims"]
        for entry in claim["searched"]
        for error in entry["errors"]
    }
    assert errors == {
        "HTTP 500",
        "not RSS: Before you continue Our systems have detected "
        "unusual traffic from your computer network.",
    }


def test_gdelt_is_not_asked_about_a_window_beyond_its_reach(web, tmp_path):
    only_gdelt = {
        **NEWS_ONLY,
        "gdelt": {"enabled": True},
        "google_news": {"enabled": False},
        "bing_news": {"enabled": False},
    }
    web.clear_log()
    config = web.write_config(tmp_path / "config.toml", **only_gdelt)
    result = run_cli(
        "check",
        str(FIXTURE_ARTICLE),
        "--config",
        str(config),
        "--db",
        str(tmp_path / "c.db"),
        "--json",
        "--since",
        "2020-01-01",
        "--until",
        "2020-02-01",
    )
    assert result.returncode == 3, result.stderr  # no source answered
    assert "no source answered" in result.stderr
    report = json.loads(result.stdout)
    assert not [target for server, _, target in web.requests_log() if "/api/v2/" in target]
    assert {claim["verdict"] for claim in report["claims"]} == {"search failed"}
    assert "GDELT's ~3-month reach" in report["claims"][0]["explanation"]


def test_late_sightings_wait_for_the_first_fetch_then_link(tmp_path):
    from corroborate.models import Article, CleanedPage
    from corroborate.store import Store
    from crawler.sightings import LateSightings

    store = Store.open(tmp_path / "c.db")
    run_id = store.runs.start_run(Article("a.txt", "x"), [], [])
    sightings = LateSightings()
    sightings.first_found("k", "https://a.example/story?utm_source=rss")
    sightings.also_found("k", "https://a.example/story", "bing_news")
    sightings.also_found("unknown", "https://b.example/", "gdelt")  # nobody fetched it
    assert sightings.link_stored(store, run_id) == 0  # the first fetch is still in flight
    page = CleanedPage(
        url="https://a.example/story?utm_source=rss",
        canonical_url="https://a.example/story",
        outlet="a.example",
        title="t",
        text="Some text.",
    )
    store.crawl.save_page(
        run_id, page, "feeds", ["Some text."], b"fp", "https://a.example/story?utm_source=rss"
    )
    assert sightings.link_stored(store, run_id) == 1
    rows = store.db.execute("SELECT source FROM run_pages ORDER BY source").fetchall()
    assert rows == [("bing_news",), ("feeds",)]
    store.close()
