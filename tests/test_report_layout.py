"""The report read at a glance: a summary line and the date window first, lines that fit an
80-column terminal, run-wide failures told once, and a progress line that never wraps."""

from __future__ import annotations

import io

from corroborate.models import Claim, ClaimVerdict, Evidence, OriginCluster
from corroborate.report.progress import ProgressDisplay
from corroborate.report.render import RunReport, render_text, report_json
from corroborate.store import RunInfo, SourceStats
from corroborate.verdicts.coverage import apply_coverage, claim_coverage

WIDTH = 80
URL = "https://www.harbourcourier.example/news/2026/11/04/a-long-slug-for-the-dam-collapse-story"
FEED_ERRORS = [f"HTTP {code}" for code in (404,) * 30 + (403,) * 13] + ["DNS lookup failed"] * 10


def _report() -> RunReport:
    claims = tuple(
        Claim(n, f"Claim number {n} says that the Halden Ridge Dam on the Varro River collapsed.")
        for n in (1, 2, 3)
    )
    evidence = Evidence(
        1, 1, 1, URL, "harbourcourier.example", "The dam collapsed. " * 12, 91.0, 1.0
    )
    origin = OriginCluster(1, (1,), ("harbourcourier.example",), (URL,), "single page", "supports")
    found = ClaimVerdict(
        1, 45, "single-source", 1, 1, (evidence,), "Only 1 outlet carries it", (origin,)
    )
    unanswered = [ClaimVerdict(n, 0, "not found", 0, 0) for n in (2, 3)]
    ledger = [(None, "feeds", "failed", error) for error in FEED_ERRORS]
    ledger += [(None, "feeds", "ok", None)] * 41
    ledger += [(2, "gdelt", "failed", "HTTP 429"), (3, "gdelt", "failed", "timeout")]
    ledger += [(1, "gdelt", "ok", None)]
    coverage = claim_coverage([1, 2, 3], ledger)
    verdicts = apply_coverage([found, *unanswered], coverage)
    feeds = SourceStats("feeds", 94, 53, tuple(FEED_ERRORS), 12, 2)
    gdelt = SourceStats("gdelt", 3, 2, ("HTTP 429", "timeout"), 1, 0)
    run = RunInfo(1, 1, "a.txt", "A title", None, "done", "t0", "t1", "2026-10-27", "2026-11-23")
    return RunReport(run, claims, tuple(verdicts), (feeds, gdelt), coverage, pages=(13, 2))


def test_summary_line_and_window_come_first():
    lines = render_text(_report(), width=WIDTH).splitlines()
    assert lines[1] == "3 claims: 1 single-source, 2 not found"
    assert lines[2] == "Searched: 2026-10-27 to 2026-11-23"


def test_every_line_but_a_link_fits_80_columns():
    for line in render_text(_report(), width=WIDTH).splitlines():
        assert len(line) <= WIDTH or line.strip() == URL, line


def test_run_wide_feed_failures_are_told_once_not_per_claim():
    text = render_text(_report(), width=WIDTH)
    assert text.count("HTTP 404 x30") == 1  # in the Sources block only
    assert "feeds 41 of 94 read" in text
    assert "feeds: 94 queries" not in text and "queries" not in text


def test_single_page_counts_read_as_english():
    text = render_text(_report(), width=WIDTH)
    assert "origins: 1 (1 page)" in text and "(1 pages)" not in text


def test_the_json_document_has_the_window_and_the_summary():
    document = report_json(_report())
    assert document["window"] == {"since": "2026-10-27", "until": "2026-11-23"}
    assert document["summary"]["claims"] == 3 and document["summary"]["single-source"] == 1


def test_the_live_progress_line_never_outgrows_the_terminal():
    stream = io.StringIO()
    display = ProgressDisplay(stream, live=True, width=WIDTH)
    for source in ("gdelt", "google_news", "bing_news", "feeds", "sitemaps", "corpus"):
        for _ in range(120):
            display({"event": "request", "source": source, "status": "failed"})
            display({"event": "page", "source": source, "status": "fetched"})
    redraws = stream.getvalue().split("\r\x1b[K")[1:]
    assert redraws and all(len(line) < WIDTH for line in redraws)
    display.finish()
    last = stream.getvalue().rsplit("\r\x1b[K", 1)[1]
    assert all(len(line) < WIDTH for line in last.splitlines())
    assert "720 requests (720 failed), 720 pages (0 failed)" in last.replace("\n  ", " ")
