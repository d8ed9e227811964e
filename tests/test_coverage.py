"""Per-claim coverage: "not found" only when that claim's searches answered."""

from __future__ import annotations

from corroborate.models import Article, Claim, ClaimVerdict, Query
from corroborate.report.render import RunReport, render_text, report_json
from corroborate.store import Store
from corroborate.verdicts.coverage import apply_coverage, claim_coverage
from corroborate.verdicts.labels import SEARCH_FAILED

NOT_FOUND = ClaimVerdict(1, 0, "not found", 0, 0, explanation="No outlet found carrying this claim")


def test_run_wide_requests_count_for_every_claim():
    ledger = [
        (1, "gdelt", "ok", None),
        (2, "gdelt", "failed", "HTTP 429"),
        (None, "feeds", "empty", None),
    ]
    coverage = claim_coverage([1, 2], ledger)
    assert [(s.source, s.queries, s.ok, s.empty, s.failed) for s in coverage[2].searches] == [
        ("feeds", 1, 0, 1, 0),
        ("gdelt", 1, 0, 0, 1),
    ]
    assert coverage[2].answered == 1 and coverage[1].answered == 2


def test_claim_whose_every_search_failed_is_search_failed_not_not_found():
    coverage = claim_coverage(
        [1, 2],
        [
            (1, "gdelt", "failed", "HTTP 429"),
            (1, "google_news", "failed", "HTTP 429"),
            (2, "gdelt", "ok", None),
        ],
    )
    second = ClaimVerdict(2, 0, "not found", 0, 0)
    verdicts = apply_coverage([NOT_FOUND, second], coverage)
    assert verdicts[0].verdict == SEARCH_FAILED
    assert "HTTP 429 x2" in verdicts[0].explanation
    assert verdicts[1].verdict == "not found"


def test_partly_failed_search_stays_not_found_but_says_what_failed_and_who_reported():
    coverage = claim_coverage(
        [1],
        [(1, "gdelt", "ok", None), (1, "google_news", "failed", "HTTP 429")],
        [(1, "google_news", "Harbour Courier", "Google refused to decode the link")],
    )
    verdict = apply_coverage([NOT_FOUND], coverage)[0]
    assert verdict.verdict == "not found"
    assert "google_news 1 of 1 (HTTP 429)" in verdict.explanation
    assert "Harbour Courier (Google refused to decode the link)" in verdict.explanation


def test_found_claims_are_untouched_and_no_requests_at_all_is_a_failed_search():
    found = ClaimVerdict(1, 80, "corroborated", 2, 2)
    assert apply_coverage([found], claim_coverage([1], [(1, "gdelt", "failed", "x")])) == [found]
    assert apply_coverage([NOT_FOUND], claim_coverage([1], []))[0].verdict == SEARCH_FAILED


def test_ledger_from_the_database_feeds_the_report(tmp_path):
    store = Store.open(tmp_path / "c.db")
    claims = [Claim(1, "The dam failed."), Claim(2, "The river rose.")]
    run_id = store.runs.start_run(
        Article("a.txt", "The dam failed. The river rose."),
        claims,
        [Query(1, "gdelt", "dam"), Query(2, "gdelt", "river")],
        since="2026-11-01",
        until="2026-11-20",
    )
    query_of = {q.claim_position: q.query_id for q in store.runs.queries_for_run(run_id, "gdelt")}
    store.crawl.record_source_request(run_id, "gdelt", "u1", "ok", results=3, query_id=query_of[1])
    store.crawl.record_source_request(
        run_id, "gdelt", "u2", "failed", error="HTTP 429", query_id=query_of[2]
    )
    store.crawl.record_source_request(run_id, "feeds", "f", "empty")
    store.crawl.record_unfetched_report(
        run_id,
        "google_news",
        "g",
        "decode failed: HTTP 429",
        publisher="Tidewater Mail",
        query_id=query_of[2],
    )
    assert store.runs.run_window(run_id) == ("2026-11-01", "2026-11-20")
    coverage = claim_coverage(
        [1, 2], store.coverage.claim_search_ledger(run_id), store.coverage.unfetched_reports(run_id)
    )
    report = RunReport(
        store.runs.run_info(run_id),
        tuple(claims),
        (NOT_FOUND, ClaimVerdict(2, 0, "not found", 0, 0)),
        (),
        coverage,
    )
    second = report_json(report)["claims"][1]
    assert second["searched"] == [
        {"source": "feeds", "queries": 1, "ok": 0, "empty": 1, "failed": 0, "errors": []},
        {"source": "gdelt", "queries": 1, "ok": 0, "empty": 0, "failed": 1, "errors": ["HTTP 429"]},
    ]
    assert second["reported_not_fetched"] == ["Tidewater Mail (decode failed: HTTP 429)"]
    assert "searched: feeds 1 read, gdelt 1 of 1 failed (HTTP 429)" in render_text(report)
    store.close()
