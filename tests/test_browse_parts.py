"""The browse parts on their own: metadata generated from the schema, canned queries, the
serve command line, marked evidence, the pictures. No server here (tests/test_browse.py)."""

from __future__ import annotations

import asyncio
import re
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from corroborate.browse import report
from corroborate.browse.highlight import highlight
from corroborate.browse.metadata import DOCUMENTED, database_metadata
from corroborate.browse.pictures import MAX_STACK, Dated, ScorePoint, score_svg, timeline_svg
from corroborate.browse.queries import QUERIES
from corroborate.browse.serving import (
    ServeOptions,
    database_schema,
    datasette_command,
    is_loopback,
)
from corroborate.errors import CorroborateError
from corroborate.store import Store
from tests.conftest import run_cli


@pytest.fixture
def migrated(db_path: Path) -> Path:
    Store.open(db_path).close()
    return db_path


def test_every_column_of_every_shown_table_and_view_is_described(migrated):
    schema = database_schema(str(migrated))
    tables = database_metadata("checks", schema)["tables"]
    undocumented = {
        name: sorted(set(columns) - set(tables.get(name, {}).get("columns", {})))
        for name, columns in schema.items()
        if not tables.get(name, {}).get("hidden")
    }
    assert {name: missing for name, missing in undocumented.items() if missing} == {}
    assert set(DOCUMENTED) <= set(schema), "a description names a table the schema lacks"


def test_default_facets_cover_what_a_fact_checker_filters_by(migrated):
    tables = database_metadata("checks", database_schema(str(migrated)))["tables"]
    facets = {facet for table in tables.values() for facet in table.get("facets", [])}
    assert {"verdict", "outlet", "stance", "language", "rule", "source"} <= facets
    assert tables["sentences"]["fts_table"] == "sentences_fts"
    assert tables["browse_evidence"]["fts_pk"] == "sentence_id"


def test_a_database_without_the_browse_views_gets_no_canned_queries():
    assert database_metadata("x", {"claims": ["id", "text"]})["queries"] == {}


def test_every_canned_query_runs_on_a_fresh_database(migrated):
    store = Store.open(migrated)
    try:
        queries = database_metadata("checks", database_schema(str(migrated)))["queries"]
        assert set(queries) == set(QUERIES)
        answers = {}
        for name, query in queries.items():
            params = {name: 1 for name in re.findall(r":(\w+)", query["sql"])}
            answers[name] = store.db.execute(query["sql"], params).fetchall()
        # datasette-atom cannot render an empty feed: one entry says there is nothing yet.
        (placeholder,) = answers.pop("newly_contradicted")
        assert placeholder[0] == "corroborate:none"
        assert placeholder[2] == "1970-01-01T00:00:00+00:00"
        assert all(rows == [] for rows in answers.values()), answers
    finally:
        store.close()


def test_the_feed_links_each_claim_to_its_stable_page(migrated):
    sql = database_metadata("my checks", database_schema(str(migrated)))["queries"][
        "newly_contradicted"
    ]["sql"]
    assert "'/-/corroborate/my%20checks/claim/' || c.claim_id AS atom_link" in sql


def test_serve_listens_on_loopback_with_sql_and_downloads():
    command = datasette_command(ServeOptions("checks.db"))
    assert command[command.index("--host") + 1] == "127.0.0.1"
    assert _setting(command, "default_allow_sql") == "on"
    assert _setting(command, "allow_download") == "on"
    assert _setting(command, "sql_time_limit_ms") == "3000"
    assert "--open" not in command


def test_served_beyond_loopback_there_is_no_sql_box_unless_asked():
    beyond = datasette_command(ServeOptions("checks.db", host="0.0.0.0", open_browser=True))
    assert _setting(beyond, "default_allow_sql") == "off"
    assert _setting(beyond, "allow_download") == "off"
    assert "--open" in beyond
    asked = datasette_command(ServeOptions("checks.db", host="0.0.0.0", allow_sql=True))
    assert _setting(asked, "default_allow_sql") == "on"


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.8.0.1", True),
        ("::1", True),
        ("localhost", True),
        ("0.0.0.0", False),
        ("192.168.1.4", False),
        ("example.org", False),
    ],
)
def test_loopback_hosts(host, loopback):
    assert is_loopback(host) is loopback


def test_a_port_out_of_range_is_refused():
    with pytest.raises(CorroborateError, match="port 70000 is out of range"):
        datasette_command(ServeOptions("checks.db", port=70000))


def test_serve_and_metadata_give_one_line_errors(tmp_path):
    for args in (
        ("serve", "--db", str(tmp_path / "c.db"), "--port", "70000"),
        ("metadata", "--db", str(tmp_path / "missing.db")),
        ("serve", "--db", str(tmp_path)),
    ):
        result = run_cli(*args)
        assert result.returncode == 1, args
        assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1, args
        assert "Traceback" not in result.stderr
    assert not (tmp_path / "missing.db").exists()


def _setting(command: list[str], name: str) -> str:
    index = [i for i, part in enumerate(command) if part == "--setting" and command[i + 1] == name]
    assert len(index) == 1, name
    return command[index[0] + 2]


# --- marked evidence ----------------------------------------------------------------------


def test_matched_and_differing_terms_are_marked_and_the_rest_escaped():
    marked = highlight(
        "Some 2,300 residents of Lindqvist <b>left</b>", ["Lindqvist"], ["2,300 residents"]
    )
    assert str(marked) == (
        'Some <mark class="differ">2,300 residents</mark> of '
        '<mark class="match">Lindqvist</mark> &lt;b&gt;left&lt;/b&gt;'
    )


def test_a_differing_value_worded_otherwise_is_marked_by_its_number():
    marked = highlight("About 2,300 people left", [], ["2,300 residents"])
    assert '<mark class="differ">2,300</mark> people' in marked


def test_a_differing_term_wins_over_a_matched_one_it_overlaps():
    marked = highlight("19 people died", ["people"], ["19 people"])
    assert str(marked) == '<mark class="differ">19 people</mark> died'


def test_terms_match_whole_words_only():
    assert "<mark" not in highlight("Kessmarkers met", ["Kessmark"], [])


# --- pictures -----------------------------------------------------------------------------


def _x_of_marker(svg: str) -> float:
    return float(re.search(r'class="article-date"><line x1="([\d.]+)"', svg).group(1))


def test_the_timeline_places_pages_and_marks_the_articles_date():
    pages = [Dated(date(2026, 11, 3), "a.example"), Dated(date(2026, 11, 4), "b.example")]
    svg = timeline_svg(pages, date(2026, 11, 3))
    assert svg.count('<circle class="page"') == 2
    assert "article: 2026-11-03" in svg
    assert "<title>a.example (2026-11-03)</title>" in svg
    # A wrong article date (a month early) stands apart from every page.
    wrong = timeline_svg(pages, date(2026, 10, 3))
    page_xs = [float(x) for x in re.findall(r'<circle class="page" cx="([\d.]+)"', wrong)]
    assert _x_of_marker(wrong) < min(page_xs) - 300


def test_pages_of_one_day_stack_instead_of_overlapping():
    pages = [Dated(date(2026, 11, 3), name) for name in ("a", "b", "c")]
    svg = timeline_svg(pages, None)
    assert len(set(re.findall(r'<circle class="page" cx="[\d.]+" cy="(\d+)"', svg))) == 3


def test_outlet_names_are_escaped_in_the_timeline():
    svg = timeline_svg([Dated(date(2026, 11, 3), "<script>")], None)
    assert "<script>" not in svg and "&lt;script&gt;" in svg


def test_no_dates_no_timeline_and_one_run_no_score_chart():
    assert timeline_svg([], None) == ""
    assert score_svg([ScorePoint(1, 40, "single-source")]) == ""


def test_the_score_chart_puts_higher_scores_higher():
    svg = score_svg([ScorePoint(1, 20, "single-source"), ScorePoint(2, 90, "corroborated")])
    ys = [float(y) for y in re.findall(r'<circle class="run [^"]+" cx="[\d.]+" cy="([\d.]+)"', svg)]
    assert ys[1] < ys[0]
    assert "run 2: 90 (corroborated)" in svg


def test_a_busy_day_draws_a_bounded_stack_and_counts_the_rest():
    svg = timeline_svg([Dated(date(2026, 11, 3), f"o{n}") for n in range(20)], None)
    assert svg.count('<circle class="page"') == MAX_STACK
    assert f">+{20 - MAX_STACK}</text>" in svg


# --- the report read from a real database --------------------------------------------------


def _store_wire_story(db_path: Path, copies: int) -> None:
    """One run, one claim, one wire origin of ``copies + 1`` pages, published a day apart."""
    connection = sqlite3.connect(db_path)
    with connection:
        connection.execute(
            "INSERT INTO articles (id, sha256, path, text, first_seen, published) "
            "VALUES (1, 'x', 'a.txt', 'text', 'now', '2026-11-03')"
        )
        connection.execute("INSERT INTO runs VALUES (1, 1, 'done', NULL, NULL, NULL, 'now', NULL)")
        connection.execute("INSERT INTO claims VALUES (1, 1, 1, 'A claim.', '{}')")
        connection.execute("INSERT INTO run_claims VALUES (1, 1, 1)")
        connection.execute(
            "INSERT INTO verdicts (run_id, claim_id, score, verdict, independent_outlets, pages, "
            "explanation, scored_at) VALUES (1, 1, 45, 'single-source', 1, ?, 'one', 'now')",
            [copies + 1],
        )
        connection.execute(
            "INSERT INTO origin_clusters VALUES (1, 1, 1, 'wire credit: AP', 'supports', '[]', ?)",
            [copies + 1],
        )
        for page in range(1, copies + 2):
            connection.execute(
                "INSERT INTO pages (id, canonical_url, url, outlet, text, fingerprint, "
                "fetched_at, published) VALUES (?, ?, ?, ?, 't', x'00', 'now', ?)",
                [
                    page,
                    f"https://o{page}.example/",
                    f"https://o{page}.example/",
                    f"o{page}.example",
                    f"2026-10-{page:02d}",
                ],
            )
            connection.execute("INSERT INTO origin_pages VALUES (1, 1, 1, ?)", [page])
    connection.close()


def _read_run(db_path: Path, run_id: int) -> report.RunPage | None:
    connection = sqlite3.connect(db_path)
    connection.row_factory = sqlite3.Row

    async def query(sql: str, params) -> list[dict]:
        return [dict(row) for row in connection.execute(sql, list(params))]

    try:
        return asyncio.run(report.read_run(query, run_id))
    finally:
        connection.close()


def test_an_origin_lists_its_first_copies_and_counts_the_rest(migrated):
    _store_wire_story(migrated, copies=30)
    page = _read_run(migrated, 1)
    (origin,) = page.claims[0].origins
    assert origin.lead["outlet"] == "o1.example"  # the first published leads
    assert len(origin.copies) == report.COPIES_SHOWN
    assert origin.copy_count == 30 and origin.unlisted == 30 - report.COPIES_SHOWN
    assert page.timeline_pages == 31 and "article: 2026-11-03" in page.timeline


def test_an_unknown_run_reads_as_none(migrated):
    assert _read_run(migrated, 5) is None
