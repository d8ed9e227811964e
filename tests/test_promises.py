"""Low-severity findings, each a promise the README makes (issue 11, item 9): databases that are
not ours or are newer are refused untouched, absurd run ids are an error, the config path is
stored absolute, credentials in links are stripped, a search answer nested past the stack is a
failed request, and a whole run has a deadline."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from corroborate.sources.config import load_config
from corroborate.store import Store
from tests.conftest import REPO_ROOT, run_cli
from tests.hostileweb import HostileServer, Route, crawl_against, lying_charset_page
from tests.testweb import TestWeb

ARTICLE = REPO_ROOT / "tests" / "fixtures" / "article.txt"
PAGE = (
    b"<html><head><title>Dam</title></head><body><article>"
    + b"<p>The Halden Ridge Dam collapsed early on Tuesday after a week of torrential rain.</p>" * 6
    + b"</article></body></html>"
)


def one_line_error(result) -> str:  # noqa: ANN001 - a CompletedProcess
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    return result.stderr


def test_another_applications_database_is_refused_and_left_untouched(tmp_path: Path):
    other = tmp_path / "other-app.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
        conn.execute("INSERT INTO invoices (total) VALUES (12.5)")
    before = other.read_bytes()
    error = one_line_error(run_cli("score", "--db", str(other)))
    assert "not a corroborate database" in error
    assert other.read_bytes() == before
    assert not (tmp_path / "other-app.sqlite-wal").exists()
    with sqlite3.connect(other) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        tables = [row[0] for row in conn.execute("SELECT name FROM sqlite_master")]
    assert tables == ["invoices"]


def test_an_empty_file_becomes_a_database(tmp_path: Path):
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    Store.open(empty).close()
    assert Store.open(empty, create=False).runs is not None


def test_a_database_of_a_newer_schema_is_refused(tmp_path: Path):
    db = tmp_path / "c.db"
    Store.open(db).close()
    with sqlite3.connect(db) as conn:
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
            "VALUES ('corroborate', 'm099_from_the_future', '2027-01-01')"
        )
    error = one_line_error(run_cli("score", "--db", str(db)))
    assert "newer" in error and "m099_from_the_future" in error


def test_a_run_id_past_64_bits_is_an_error_not_a_traceback(tmp_path: Path):
    db = tmp_path / "c.db"
    Store.open(db).close()
    for command in ("score", "resume"):
        result = run_cli(command, "--run", "99999999999999999999999", "--db", str(db))
        assert result.returncode == 2, result.stderr
        assert "Traceback" not in result.stderr and "--run" in result.stderr


def test_the_config_path_is_kept_absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    (tmp_path / "c.toml").write_text("[crawl]\nretry_times = 1\n")
    monkeypatch.chdir(tmp_path)
    assert load_config("c.toml").path == tmp_path / "c.toml"


@pytest.mark.crawl
def test_credentials_in_a_link_are_never_stored(tmp_path: Path):
    with HostileServer() as server:
        server.routes["/good"] = Route(PAGE)
        server.list_articles([server.url("/good", "user:s3cret@127.0.0.1")])
        result = crawl_against(server, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "/good" in server.paths
    dump = "\n".join(result.db.iterdump())
    assert "s3cret" not in dump


@pytest.mark.crawl
def test_a_search_answer_nested_past_the_stack_is_a_failed_request(tmp_path: Path):
    with HostileServer() as server:
        server.routes["/gdelt"] = Route(
            b"[" * 100_000 + b"]" * 100_000, headers=(("Content-Type", "application/json"),)
        )
        result = crawl_against(server, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "RecursionError" not in result.stderr
    rows = result.db.execute("SELECT status, error FROM source_requests").fetchall()
    assert rows and all(status == "failed" for status, _ in rows), rows
    pending = result.db.execute("SELECT count(*) FROM frontier WHERE state = 'pending'")
    assert pending.fetchone()[0] == 0


@pytest.mark.crawl
def test_a_run_past_its_deadline_is_cut_off_and_reported_incomplete(web: TestWeb, tmp_path: Path):
    config = web.write_config(
        tmp_path / "c.toml",
        gdelt={"min_interval": 2.0},
        google_news={"min_interval": 2.0},
        bing_news={"min_interval": 2.0},
        crawl={"run_timeout": 3.0},
    )
    result = run_cli(
        "check", str(ARTICLE), "--config", str(config), "--db", str(tmp_path / "c.db"), "--json"
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["complete"] is False
    assert report["pending"]["searches"] > 0
    assert all(claim["verdict"] != "not found" for claim in report["claims"])


@pytest.mark.crawl
def test_a_page_lying_that_it_is_utf16_is_read_as_what_it_is(tmp_path: Path):
    with HostileServer() as server:
        server.routes["/charset"] = Route(
            lying_charset_page(), headers=(("Content-Type", "text/html"),)
        )
        server.list_articles([server.url("/charset")])
        result = crawl_against(server, tmp_path)
    assert result.returncode == 0, result.stderr
    texts = [row[0] for row in result.db.execute("SELECT text FROM pages")]
    assert len(texts) == 1 and "Café owners in Lyon said 40 shops closed" in texts[0]
