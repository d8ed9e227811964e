"""The whole product: the real CLI in a subprocess, crawling the local test web, into SQLite."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.testweb import EXPECTED, FIXTURE_ARTICLE, OUTLETS, PUBLIC_STORIES, TestWeb

pytestmark = pytest.mark.crawl

FAST = {"gdelt": {"min_interval": 0}}
ONLY_GDELT = {
    "feeds": {"enabled": False},
    "sitemaps": {"enabled": False},
    "google_news": {"enabled": False},
    "bing_news": {"enabled": False},
}


def check(
    web: TestWeb, tmp_path: Path, db: Path, *extra: str, status: int = 0, **overrides
) -> dict:
    config = web.write_config(tmp_path / "config.toml", **{**FAST, **overrides})
    result = run_cli(
        "check", str(FIXTURE_ARTICLE), "--config", str(config), "--db", str(db), "--json", *extra
    )
    assert result.returncode == status, result.stderr
    assert "Traceback" not in result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def first_run(test_web: TestWeb, tmp_path_factory) -> tuple[dict, Path]:
    tmp_path = tmp_path_factory.mktemp("e2e")
    db = tmp_path / "c.db"
    return check(test_web, tmp_path, db), db


def by_text(report: dict) -> dict[str, dict]:
    return {claim["text"]: claim for claim in report["claims"]}


def test_every_key_claim_is_found_in_article_order(first_run):
    report, _ = first_run
    assert [claim["text"] for claim in report["claims"]] == [c.sentence for c in EXPECTED]
    assert [claim["id"] for claim in report["claims"]] == list(range(1, len(EXPECTED) + 1))
    assert report["article"]["title"] == "Dam collapse in Kessmark: what we know so far"


@pytest.mark.parametrize("expected", EXPECTED, ids=[c.claim_id for c in EXPECTED])
def test_verdict_and_independent_outlets_per_claim(first_run, expected):
    claim = by_text(first_run[0])[expected.sentence]
    assert claim["verdict"] == expected.verdict
    assert claim["independent_outlets"] == expected.independent_outlets
    assert 0 <= claim["score"] <= 100
    assert claim["explanation"]


def contradicting_origins(claim_id: str) -> int:
    """Independent origins among the pages that report the claim otherwise (a wire story and
    all its reprints are one)."""
    return len(
        {
            f"wire:{story.wire}" if story.wire else story.outlet
            for story in PUBLIC_STORIES
            if claim_id in story.contradicts
        }
    )


@pytest.mark.parametrize(
    "expected",
    [c for c in EXPECTED if c.conflicting_terms],
    ids=[c.claim_id for c in EXPECTED if c.conflicting_terms],
)
def test_differing_figures_are_reported_with_their_independent_outlets(first_run, expected):
    claim = by_text(first_run[0])[expected.sentence]
    [discrepancy] = [
        d
        for d in claim["discrepancies"]
        if any(term in d["reported_value"] for term in expected.conflicting_terms)
    ]
    assert discrepancy["kind"] == "number"
    assert any(term in discrepancy["claim_value"] for term in expected.key_terms)
    assert discrepancy["independent_outlets"] == contradicting_origins(expected.claim_id)
    assert claim["contradicting_outlets"] == contradicting_origins(expected.claim_id)
    assert set(discrepancy["outlets"]) == {
        host.removeprefix("www.") for host in expected.contradicting_outlets
    }
    assert set(discrepancy["evidence_urls"]) <= set(expected.contradicting_urls)
    assert discrepancy["summary"] in claim["explanation"] or claim["verdict"] == "corroborated"


def test_c4_is_contradicted_by_three_origins_saying_2300(first_run):
    claim = by_text(first_run[0])[next(c.sentence for c in EXPECTED if c.claim_id == "C4")]
    assert claim["verdict"] == "contradicted"
    [discrepancy] = claim["discrepancies"]
    assert "8,000" in discrepancy["claim_value"] and "2,300" in discrepancy["reported_value"]
    assert discrepancy["independent_outlets"] == 3
    assert "3 outlets: 2,300" in claim["explanation"]


def test_origins_collapse_wire_reprints_and_show_page_counts(first_run):
    report, _ = first_run
    wire_hosts = {
        OUTLETS[s.outlet].host.removeprefix("www.")
        for s in PUBLIC_STORIES
        if s.wire and "C1" in s.supports
    }
    claim = by_text(report)[next(c.sentence for c in EXPECTED if c.claim_id == "C1")]
    [wire] = [origin for origin in claim["origins"] if set(origin["outlets"]) == wire_hosts]
    assert wire["rule"].startswith("wire credit: MPA") and wire["pages"] == len(wire_hosts)
    for claim in report["claims"]:
        assert sum(origin["pages"] for origin in claim["origins"]) == claim["pages"]
        supporting = [o for o in claim["origins"] if o["stance"] == "supports"]
        assert len(supporting) == claim["independent_outlets"]


def test_every_shown_evidence_has_a_stance_with_confidence(first_run):
    for claim in first_run[0]["claims"]:
        for evidence in claim["evidence"]:
            assert evidence["stance"] in {"supports", "contradicts", "discusses"}
            assert 0 <= evidence["stance_confidence"] <= 1


@pytest.mark.parametrize("expected", EXPECTED, ids=[c.claim_id for c in EXPECTED])
def test_evidence_links_are_canonical_urls_of_supporting_pages(first_run, expected):
    claim = by_text(first_run[0])[expected.sentence]
    if expected.verdict in {"corroborated", "single-source"}:
        assert claim["evidence"], expected.claim_id
    for evidence in claim["evidence"]:
        pages = (
            expected.contradicting_urls
            if evidence["stance"] == "contradicts"
            else expected.supporting_urls
        )
        assert evidence["url"] in pages, evidence["url"]
        assert not evidence["url"].startswith("http://127.0.0.1")
        assert evidence["outlet"] in {
            host.removeprefix("www.")
            for host in expected.supporting_outlets + expected.contradicting_outlets
        }
        assert evidence["sentence"] and 0 <= evidence["score"] <= 100


def test_sources_are_reported_with_their_request_counts(first_run):
    sources = {source["name"]: source for source in first_run[0]["sources"]}
    assert {"gdelt", "feeds", "sitemaps"} <= sources.keys()
    assert sources["gdelt"]["requests"] >= len(EXPECTED)
    assert all(source["failures"] == 0 for source in sources.values())
    assert first_run[0]["coverage_warnings"] == []


def test_rerun_adds_a_run_without_duplicating_pages_or_evidence(first_run, test_web, tmp_path):
    _, db = first_run
    tables = ("pages", "sentences", "evidence", "claims", "articles")
    before = _counts(db, tables)
    again = check(test_web, tmp_path, db)
    assert again["run_id"] == first_run[0]["run_id"] + 1
    assert _counts(db, tables) == before
    assert [c["verdict"] for c in again["claims"]] == [c["verdict"] for c in first_run[0]["claims"]]


def test_score_rescoring_a_stored_run_needs_no_network(first_run):
    report, db = first_run
    result = run_cli("score", "--run", str(report["run_id"]), "--db", str(db), "--json")
    assert result.returncode == 0, result.stderr
    rescored = json.loads(result.stdout)
    assert [(c["verdict"], c["independent_outlets"]) for c in rescored["claims"]] == [
        (c["verdict"], c["independent_outlets"]) for c in report["claims"]
    ]


def test_failed_source_is_reported_as_degraded_coverage_not_absence(web, tmp_path):
    web.fail("gdelt", "429")
    # The test web's 429 asks for 5 s; over the cap it fails at once, with no wait.
    # No source answered: the check exits 3 (documented), after the report, so scripts can tell.
    report = check(
        web, tmp_path, tmp_path / "c.db", status=3, crawl={"retry_after_max": 1.0}, **ONLY_GDELT
    )
    gdelt = next(source for source in report["sources"] if source["name"] == "gdelt")
    assert gdelt["failures"] == gdelt["requests"] > 0
    assert gdelt["errors"] == ["HTTP 429"]
    assert any(line.startswith("coverage degraded: gdelt") for line in report["coverage_warnings"])
    assert {claim["verdict"] for claim in report["claims"]} == {"search failed"}


def test_text_report_shows_verdicts_evidence_and_links(web, tmp_path):
    config = web.write_config(tmp_path / "config.toml", **FAST)
    result = run_cli(
        "check", str(FIXTURE_ARTICLE), "--config", str(config), "--db", str(tmp_path / "c.db")
    )
    assert result.returncode == 0, result.stderr
    assert "CORROBORATED" in result.stdout and "NOT FOUND" in result.stdout
    assert "https://www.northgatetribune.example/" in result.stdout
    assert "crawl finished:" in result.stderr


def test_database_opens_in_sqlite_with_the_report_views(first_run):
    _, db = first_run
    connection = sqlite3.connect(db)
    rows = connection.execute("SELECT claim, verdict FROM claim_report").fetchall()
    assert len(rows) == len(EXPECTED) * 2 or len(rows) == len(EXPECTED)
    assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_every_stored_sentence_is_full_text_searchable_after_a_check(first_run):
    """The crawl leaves sentences unindexed for speed; the check indexes them all."""
    _, db = first_run
    connection = sqlite3.connect(db)
    sentences = connection.execute("SELECT count(*) FROM sentences").fetchone()[0]
    indexed = connection.execute("SELECT count(*) FROM sentences_fts_docsize").fetchone()[0]
    assert sentences > 30 and indexed == sentences
    found = connection.execute(
        "SELECT count(*) FROM sentences_fts WHERE sentences_fts MATCH 'Halden'"
    ).fetchone()[0]
    assert found > 0


def test_database_keeps_stances_origins_and_discrepancies(first_run):
    report, db = first_run
    connection = sqlite3.connect(db)
    run_id = report["run_id"]
    rules = {
        row[0]
        for row in connection.execute("SELECT rule FROM origin_clusters WHERE run_id = ?", [run_id])
    }
    assert "wire credit: MPA" in rules
    stored = connection.execute(
        "SELECT kind, claim_value, reported_value, independent_outlets FROM discrepancies "
        "WHERE run_id = ? AND reported_value LIKE '%2,300%'",
        [run_id],
    ).fetchall()
    assert stored == [("number", "8,000 residents", "2,300 residents", 3)]
    stances = {
        row[0]
        for row in connection.execute(
            "SELECT evidence.stance FROM verdict_evidence "
            "JOIN evidence USING (claim_id, sentence_id) "
            "WHERE run_id = ? AND evidence.stance_confidence IS NOT NULL",
            [run_id],
        )
    }
    assert stances == {"supports", "contradicts"}
    verdicts = dict(
        connection.execute(
            "SELECT verdict, count(*) FROM verdicts WHERE run_id = ? GROUP BY verdict", [run_id]
        )
    )
    assert verdicts["contradicted"] == 1


def _counts(db: Path, tables: tuple[str, ...]) -> dict[str, int]:
    connection = sqlite3.connect(db)
    try:
        return {
            table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in tables
        }
    finally:
        connection.close()


def _copy_db(source: Path, target: Path) -> Path:
    """A copy to re-score, so the module's shared run keeps its verdicts."""
    original, copy = sqlite3.connect(source), sqlite3.connect(target)
    try:
        original.backup(copy)
    finally:
        original.close()
        copy.close()
    return target


def test_score_set_rescores_with_other_thresholds(first_run, tmp_path):
    report, db = first_run
    db = _copy_db(db, tmp_path / "copy.db")
    run = str(report["run_id"])
    strict = run_cli(
        "score", "--run", run, "--db", str(db), "--json", "--set", "min_evidence_score=95"
    )
    assert strict.returncode == 0, strict.stderr
    default = {claim["id"]: claim for claim in report["claims"]}
    outlets = [
        (claim["independent_outlets"], default[claim["id"]]["independent_outlets"])
        for claim in json.loads(strict.stdout)["claims"]
    ]
    assert all(strict <= usual for strict, usual in outlets)
    assert sum(strict for strict, _ in outlets) < sum(usual for _, usual in outlets)
    generous = json.loads(
        run_cli(
            "score", "--run", run, "--db", str(db), "--json", "--set", "origin_weight=0.9"
        ).stdout
    )["claims"]
    corroborated = [claim for claim in generous if claim["verdict"] == "corroborated"]
    assert corroborated and all(
        claim["score"] > default[claim["id"]]["score"] for claim in corroborated
    )


def test_library_api_scores_a_stored_run_in_process(first_run, tmp_path):
    from corroborate import ScoringSettings, report_json, score_run

    report, db = first_run
    db = _copy_db(db, tmp_path / "copy.db")
    rescored = report_json(score_run(db, report["run_id"]))
    assert [(c["verdict"], c["independent_outlets"]) for c in rescored["claims"]] == [
        (c["verdict"], c["independent_outlets"]) for c in report["claims"]
    ]
    strict = score_run(db, settings=ScoringSettings(min_evidence_score=95))
    assert sum(verdict.independent_outlets for verdict in strict.verdicts) < sum(
        claim["independent_outlets"] for claim in report["claims"]
    )


def test_a_bad_setting_is_a_one_line_error_and_changes_nothing(first_run, tmp_path):
    report, db = first_run
    db = _copy_db(db, tmp_path / "copy.db")
    before = _counts(db, ("verdicts", "evidence"))
    for assignment in ("no_such_setting=1", "origin_weight=high", "origin_weight"):
        result = run_cli("score", "--db", str(db), "--set", assignment)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    assert _counts(db, ("verdicts", "evidence")) == before
