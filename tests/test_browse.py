"""Browsing results: the real ``corroborate serve`` (Datasette and our plugin) on a database
from real checks against the local test web, read through its JSON endpoints, its report
pages, and headless Chromium.

Run 1 is a plain check; run 2 checks the same article again while GDELT answers 429, so its
coverage is degraded, and weighs origins lower, so scores move (the score-over-time picture has
something to show).
"""

from __future__ import annotations

import json
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from corroborate.store import Store
from tests.browse_support import (
    ARTIFACTS,
    chromium,
    get,
    get_json,
    require_chromium,
    running,
    serve_command,
)
from tests.conftest import run_cli
from tests.testweb import FIXTURE_ARTICLE, TestWeb

pytestmark = pytest.mark.crawl

DB = "checks"  # Datasette names the database after the file's stem
EVACUEES = "Around 8,000 residents of the town of Lindqvist"


def check(web: TestWeb, tmp_path: Path, db: Path, *extra: str) -> dict[str, Any]:
    config = web.write_config(
        tmp_path / "config.toml", gdelt={"min_interval": 0}, crawl={"retry_after_max": 1.0}
    )
    result = run_cli(
        "check", str(FIXTURE_ARTICLE), "--config", str(config), "--db", str(db), "--json", *extra
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def checked(test_web: TestWeb, tmp_path_factory) -> tuple[Path, list[dict[str, Any]]]:
    tmp_path = tmp_path_factory.mktemp("browse")
    db = tmp_path / f"{DB}.db"
    test_web.reset_failures()
    first = check(test_web, tmp_path, db)
    test_web.fail("gdelt", "429")
    try:
        second = check(test_web, tmp_path, db, "--set", "origin_weight=0.3")
    finally:
        test_web.reset_failures()
    return db, [first, second]


@pytest.fixture(scope="module")
def server(checked) -> Iterator[str]:
    db, _ = checked
    with running(serve_command(db)) as base:
        yield base


def claim_id_of(db: Path, text_start: str) -> int:
    with sqlite3.connect(db) as connection:
        row = connection.execute(
            "SELECT id FROM claims WHERE text LIKE ?", [text_start + "%"]
        ).fetchone()
    return row[0]


def rows(server: str, path: str, **params: Any) -> list[dict[str, Any]]:
    query = urlencode({**params, "_shape": "array", "_size": "max"})
    return get_json(f"{server}/{DB}/{path}.json?{query}")


# --- JSON endpoints, metadata, facets, canned queries -------------------------------------


def test_the_report_claims_are_served_as_json_in_article_order(server, checked):
    _, reports = checked
    for run in reports:
        served = rows(server, "browse_claims", run_id=run["run_id"], _sort="position")
        assert [(row["claim"], row["verdict"], row["score"]) for row in served] == [
            (claim["text"], claim["verdict"], claim["score"]) for claim in run["claims"]
        ]


def test_the_claims_export_as_csv_through_datasettes_renderer(server, checked):
    _, reports = checked
    status, body = get(f"{server}/{DB}/browse_claims.csv?run_id={reports[0]['run_id']}")
    assert status == 200
    header, *lines = body.strip().splitlines()
    assert header.startswith("run_id,position,claim_id,claim,verdict,score")
    assert len(lines) == len(reports[0]["claims"])


def test_metadata_describes_tables_and_columns_with_facets(server):
    metadata = get_json(f"{server}/-/metadata.json")["databases"][DB]
    verdicts = metadata["tables"]["verdicts"]
    assert verdicts["title"] == "Verdicts"
    assert "0-100" in verdicts["columns"]["score"]
    assert metadata["tables"]["frontier"] == {"hidden": True}
    facets = get_json(f"{server}/{DB}/verdicts.json?_shape=objects")["facet_results"]
    assert set(facets) == {"verdict"}
    assert {item["value"] for item in facets["verdict"]["results"]} >= {
        "corroborated",
        "contradicted",
    }
    evidence_facets = get_json(f"{server}/{DB}/browse_evidence.json")["facet_results"]
    assert {"stance", "outlet", "language"} <= set(evidence_facets)


def test_metadata_command_prints_what_the_server_serves(server, checked):
    db, _ = checked
    result = run_cli("metadata", "--db", str(db))
    assert result.returncode == 0, result.stderr
    printed = json.loads(result.stdout)["databases"][DB]
    served = get_json(f"{server}/-/metadata.json")["databases"][DB]
    assert printed["tables"] == served["tables"]
    assert printed["queries"] == served["queries"]


def test_sentences_and_evidence_are_full_text_searchable(server):
    # The crawl leaves sentences unindexed; serve brings the index up to date first.
    sentences = rows(server, "sentences", _search="residents")
    assert sentences and all("residents" in row["text"].lower() for row in sentences)
    evidence = rows(server, "browse_evidence", _search="evacuated")
    assert evidence and all("evacuated" in row["sentence"].lower() for row in evidence)


def test_contradicted_claims_say_what_sources_say_instead(server, checked):
    _, reports = checked
    found = rows(server, "contradicted_claims")
    evacuees = [row for row in found if row["claim"].startswith(EVACUEES)]
    assert {row["run_id"] for row in evacuees} == {run["run_id"] for run in reports}
    assert "2,300 residents" in evacuees[0]["sources_say"]
    assert all(row["claim"].startswith(EVACUEES) for row in found)


def test_single_source_claims_name_their_one_outlet(server, checked):
    _, reports = checked
    expected = {
        (run["run_id"], claim["text"])
        for run in reports
        for claim in run["claims"]
        if claim["verdict"] == "single-source"
    }
    found = rows(server, "single_source_claims")
    assert {(row["run_id"], row["claim"]) for row in found} == expected
    assert all(row["outlets"] for row in found)


def test_evidence_for_a_claim_comes_best_first(server, checked):
    db, _ = checked
    claim_id = claim_id_of(db, EVACUEES)
    found = rows(server, "claim_evidence", claim_id=claim_id)
    scores = [row["score"] for row in found]
    assert len(found) >= 2 and scores == sorted(scores, reverse=True)
    assert any(row["stance"] == "contradicts" for row in found)


def test_outlets_are_ranked_by_how_often_they_corroborate(server):
    found = rows(server, "outlets_by_corroboration")
    assert len(found) >= 3
    supports = [row["supports"] for row in found]
    assert supports == sorted(supports, reverse=True)
    assert all(
        row["evidence"] == row["supports"] + row["contradicts"] + row["other"] for row in found
    )


def test_degraded_runs_say_which_source_failed_and_why(server, checked):
    _, (first, second) = checked
    found = rows(server, "degraded_runs")
    gdelt = [row for row in found if row["source"] == "gdelt"]
    assert [row["run_id"] for row in gdelt] == [second["run_id"]]
    assert "HTTP 429" in gdelt[0]["errors"]


def test_pages_reported_but_never_fetched_are_listed(server, checked):
    _, reports = checked
    found = rows(server, "unfetched_pages")
    listed = {
        item for run in reports for claim in run["claims"] for item in claim["reported_not_fetched"]
    }
    assert listed, "the test web has an undecodable Google News link"
    assert {row["publisher"] for row in found} == {item.split(" (")[0] for item in listed}


def test_newly_contradicted_claims_feed_as_atom(server, checked):
    _, (first, second) = checked
    status, body = get(f"{server}/{DB}/newly_contradicted.atom")
    assert status == 200 and body.startswith("<?xml")
    # Contradicted in run 1 and again in run 2: new once, in run 1.
    assert f"corroborate:run:{first['run_id']}:claim:" in body
    assert f"corroborate:run:{second['run_id']}:claim:" not in body
    assert "corroborate:none" not in body
    assert "Contradicted: " + EVACUEES in body


def test_the_feed_of_a_database_with_no_contradiction_still_renders(tmp_path):
    db = tmp_path / "empty.db"
    Store.open(db).close()
    with running(serve_command(db)) as base:
        status, body = get(f"{base}/empty/newly_contradicted.atom")
    assert status == 200, body[:300]
    assert "<id>corroborate:none</id>" in body and "No claim newly contradicted" in body


def test_the_discrepancy_summary_reads_as_the_json_report(server, checked):
    _, (first, _) = checked
    expected = {d["summary"] for claim in first["claims"] for d in claim["discrepancies"]}
    served = {
        row["summary"] for row in rows(server, "browse_discrepancies", run_id=first["run_id"])
    }
    assert served == expected and expected


def test_the_server_is_read_only(server, checked):
    db, reports = checked
    sql = "INSERT INTO runs (article_id, status, started_at) VALUES (1, 'x', 'x')"
    status, body = get(f"{server}/{DB}.json?" + urlencode({"sql": sql}))
    assert status == 400 and "Statement must be a SELECT" in body
    status, body = get(f"{server}/{DB}/runs", method="POST")
    assert status != 200 and "You may only POST to a canned query" in body
    # None of the canned queries writes: POSTing one changes nothing.
    status, _ = get(f"{server}/{DB}/contradicted_claims", method="POST")
    assert status != 200
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT count(*) FROM runs").fetchone()[0] == len(reports)


def test_arbitrary_sql_can_be_switched_off(checked):
    db, _ = checked
    with running(serve_command(db, "--no-allow-sql")) as base:
        status, _ = get(f"{base}/{DB}.json?" + urlencode({"sql": "SELECT 1"}))
        assert status == 403
        assert rows(base, "contradicted_claims"), "canned queries stay available"


# --- the plugin's pages ---------------------------------------------------------------------


def test_report_page_links_to_tables_and_tables_link_back(server, checked):
    _, (first, _) = checked
    status, html = get(f"{server}/-/corroborate/{DB}/run/{first['run_id']}")
    assert status == 200
    assert f'href="/{DB}/browse_claims.csv?run_id={first["run_id"]}' in html
    assert f'href="/{DB}/newly_contradicted.atom"' in html
    for table in ("browse_runs", "source_requests"):
        status, listing = get(f"{server}/{DB}/{table}?run_id={first['run_id']}")
        assert f'href="/-/corroborate/{DB}/run/{first["run_id"]}"' in listing, table
    status, listing = get(f"{server}/{DB}/browse_claims")
    assert f'href="/-/corroborate/{DB}/claim/' in listing


def test_a_claim_has_a_stable_url_showing_its_latest_run(server, checked):
    db, (first, second) = checked
    claim_id = claim_id_of(db, EVACUEES)
    status, html = get(f"{server}/-/corroborate/{DB}/claim/{claim_id}")
    assert status == 200 and EVACUEES in html
    assert f"run {second['run_id']}:" in html
    status, html = get(f"{server}/-/corroborate/{DB}/claim/{claim_id}?run={first['run_id']}")
    assert status == 200 and f"run {first['run_id']}:" in html


def test_unknown_runs_claims_and_databases_are_not_found(server):
    assert get(f"{server}/-/corroborate/{DB}/run/999")[0] == 404
    assert get(f"{server}/-/corroborate/{DB}/claim/999")[0] == 404
    assert get(f"{server}/-/corroborate/nosuch/run/1")[0] == 404


def test_plain_datasette_shows_the_same_report(server, checked):
    db, (first, _) = checked
    path = f"/-/corroborate/{DB}/run/{first['run_id']}"
    with running([sys.executable, "-m", "datasette", "serve", str(db), "--port", "{port}"]) as base:
        status, plain = get(base + path)
    assert status == 200
    assert plain == get(server + path)[1]


def test_serve_without_a_database_is_a_one_line_error(tmp_path):
    result = run_cli("serve", "--db", str(tmp_path / "missing.db"))
    assert result.returncode == 1
    assert (
        result.stderr.strip()
        == f"Error: database not found: {tmp_path / 'missing.db'} (try --db PATH)"
    )
    assert not (tmp_path / "missing.db").exists()


# --- in a real browser ------------------------------------------------------------------------


@pytest.fixture
def browser(tmp_path) -> Iterator[Any]:
    require_chromium()
    ARTIFACTS.mkdir(exist_ok=True)
    with chromium(tmp_path) as context:
        yield context


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 390])
def test_report_page_reads_well_in_a_browser(browser, server, checked, width):
    _, (first, _) = checked
    page = browser.new_page()
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{server}/-/corroborate/{DB}/run/{first['run_id']}")

    badges = page.locator("article.claim .claim-head .badge").all_inner_texts()
    assert badges == [claim["verdict"] for claim in first["claims"]]

    evacuees = page.locator("article.claim", has_text=EVACUEES)
    differing = evacuees.locator("blockquote mark.differ").first
    assert differing.inner_text() == "2,300 residents"
    assert differing.is_visible()
    assert "claim: 8,000 residents" in evacuees.locator(".discrepancies").inner_text()

    wire = page.locator("li.origin", has_text="wire credit").first
    copies = wire.locator("details.copies")
    assert copies.locator("summary").inner_text() == "2 syndicated copies"
    assert not copies.locator("a").first.is_visible()
    copies.locator("summary").click()
    assert copies.locator("a").first.is_visible()

    timeline = page.locator("svg.timeline")
    assert timeline.locator("circle.page").count() >= 5
    assert timeline.locator(".article-date text").text_content() == "article: 2026-11-03"

    no_sideways_scroll = page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    assert no_sideways_scroll
    page.screenshot(path=str(ARTIFACTS / f"report-{width}.png"), full_page=True)


@pytest.mark.browser
def test_a_shared_claim_link_shows_its_score_over_time(browser, server, checked):
    db, (first, second) = checked
    scores = {
        run["run_id"]: {claim["text"]: claim["score"] for claim in run["claims"]}
        for run in (first, second)
    }
    moved = [
        text
        for text, score in scores[first["run_id"]].items()
        if score != scores[second["run_id"]][text]
    ]
    assert moved, "run 2 (GDELT failing) should change a score"
    page = browser.new_page()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{server}/-/corroborate/{DB}/claim/{claim_id_of(db, moved[0])}")
    chart = page.locator("svg.score-history")
    assert chart.is_visible()
    assert chart.locator("circle").count() == 2
    assert chart.locator("circle title").all_text_contents() == [
        f"run {run['run_id']}: {scores[run['run_id']][moved[0]]}" + f" ({verdict})"
        for run, verdict in (
            (first, next(c["verdict"] for c in first["claims"] if c["text"] == moved[0])),
            (second, next(c["verdict"] for c in second["claims"] if c["text"] == moved[0])),
        )
    ]
    page.screenshot(path=str(ARTIFACTS / "claim-1280.png"), full_page=True)
