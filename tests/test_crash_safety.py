"""Crash safety: kill -9 the crawl ten times at random moments, resume each time.

After the last resume every article is stored exactly once (no duplicate pages, sentences or
run links, no lost page), the discovery request was asked once, the frontier is fully
settled and ``PRAGMA integrity_check`` says ok.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from corroborate.crawl import crawler_command
from corroborate.store import Store
from tests.conftest import REPO_ROOT, run_cli, run_crawler
from tests.faultweb import FaultWeb, store_fixture_run, write_config

pytestmark = pytest.mark.crawl

ARTICLES = 400
KILLS = 10
MAX_REQUESTS_BEFORE_KILL = 40  # 16 in flight at 0.3 s each: up to ~0.8 s of fetching per run
SEED = 20261103  # random moments, reproducible


def kill_at_random_moment(command: list[str], web: FaultWeb, rng: random.Random) -> None:
    """Start a crawl and SIGKILL its whole process group (extraction workers too) once the
    server has received a random number of article requests from it: a moment picked by
    progress, not by the clock, so a slow start on a loaded machine cannot make every kill land
    before any work began."""
    target = article_requests(web) + rng.randint(1, MAX_REQUESTS_BEFORE_KILL)
    child = subprocess.Popen(
        command,
        cwd=REPO_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while child.poll() is None and article_requests(web) < target and time.monotonic() < deadline:
        time.sleep(0.02)
    if child.poll() is None:
        os.killpg(child.pid, signal.SIGKILL)
    child.wait(timeout=30)


def article_requests(web: FaultWeb) -> int:
    return sum(count for path, count in web.attempts().items() if path.startswith("/news/"))


@pytest.fixture(scope="module")
def crashed_and_resumed(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("crash")
    db_path = tmp_path / "crash.db"
    run_id = store_fixture_run(db_path)
    rng = random.Random(SEED)
    # Every answer takes 0.3 s, so a kill right after a request lands with answers in flight;
    # the kills let about 10 x 20 of the 400 article requests through, so they land mid-crawl.
    with FaultWeb(ARTICLES, fault_rate=0.05, delay=0.3) as web:
        # 3 s, not the fault tests' 1.5 s: each process starts by re-sending the same pending
        # URLs while its workers start up, so a tight timeout on an answer 0.3 s away could
        # spend a healthy URL's three attempts over the kills.
        config = write_config(
            web,
            tmp_path / "config.toml",
            concurrent_requests=16,
            concurrent_requests_per_domain=16,
            download_timeout=3.0,
        )
        pending_after_kill = []
        for kill in range(KILLS):
            kill_at_random_moment(
                crawler_command(db_path, run_id, config, resume=kill > 0), web, rng
            )
            pending_after_kill.append(pending_count(db_path, run_id))
        final = run_crawler(db_path, run_id, config, resume=True)
    assert final.returncode == 0, final.stderr[-2000:]
    connection = sqlite3.connect(db_path)
    yield web, connection, run_id, pending_after_kill
    connection.close()


def pending_count(db_path: Path, run_id: int) -> int:
    with sqlite3.connect(db_path) as connection:
        return connection.execute(
            "SELECT count(*) FROM frontier WHERE run_id = ? AND state = 'pending'", [run_id]
        ).fetchone()[0]


def test_the_kills_interrupted_real_work(crashed_and_resumed):
    _, _, _, pending_after_kill = crashed_and_resumed
    assert sum(count > 0 for count in pending_after_kill) >= KILLS // 2, pending_after_kill


def test_integrity_check_ok(crashed_and_resumed):
    _, connection, _, _ = crashed_and_resumed
    assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert connection.execute("PRAGMA foreign_key_check").fetchall() == []


def test_no_lost_page_and_failures_have_reasons(crashed_and_resumed):
    web, connection, run_id, _ = crashed_and_resumed
    fetched = {
        url
        for (url,) in connection.execute(
            "SELECT discovered_url FROM run_pages WHERE run_id = ?", [run_id]
        )
    }
    failed = {
        url
        for (url,) in connection.execute(
            "SELECT url FROM fetch_failures WHERE run_id = ? AND reason != ''", [run_id]
        )
    }
    healthy = {web.article_url(n) for n in range(ARTICLES) if not web.fault_of(n).permanent}
    assert healthy <= fetched, _what_became_of(connection, run_id, healthy - fetched)
    assert {web.article_url(n) for n in range(ARTICLES)} == fetched | failed
    states = dict(
        connection.execute(
            "SELECT state, count(*) FROM frontier WHERE run_id = ? GROUP BY state", [run_id]
        )
    )
    assert "pending" not in states
    assert sum(states.values()) == ARTICLES + 1  # every article and the sitemap


def _what_became_of(connection: sqlite3.Connection, run_id: int, urls: set[str]) -> str:
    """The frontier rows and recorded failures of ``urls``, for an assertion message."""
    rows = [
        connection.execute(
            """SELECT url, state, attempts, reason,
                  (SELECT group_concat(reason, ' | ') FROM fetch_failures
                   WHERE run_id = frontier.run_id AND url = frontier.url)
           FROM frontier WHERE run_id = ? AND url = ?""",
            [run_id, url],
        ).fetchall()
        for url in sorted(urls)
    ]
    return f"not stored: {rows}"


def test_no_duplicate_rows(crashed_and_resumed):
    _, connection, run_id, _ = crashed_and_resumed
    pages = connection.execute("SELECT count(*), count(DISTINCT url) FROM pages").fetchone()
    assert pages[0] == pages[1]
    links = connection.execute(
        "SELECT count(*), count(DISTINCT page_id) FROM run_pages WHERE run_id = ?", [run_id]
    ).fetchone()
    assert links[0] == links[1] == pages[0]
    failures = connection.execute(
        "SELECT count(*), count(DISTINCT url) FROM fetch_failures WHERE run_id = ?", [run_id]
    ).fetchone()
    assert failures[0] == failures[1]
    sitemap_asked = connection.execute(
        "SELECT count(*) FROM source_requests WHERE run_id = ?", [run_id]
    ).fetchone()[0]
    assert sitemap_asked == 1


def test_every_page_has_all_its_sentences(crashed_and_resumed):
    """Positions 1..n with no gap: a page is never stored half-written."""
    _, connection, _, _ = crashed_and_resumed
    rows = connection.execute(
        """SELECT pages.id, count(sentences.id), max(sentences.position) FROM pages
           LEFT JOIN sentences ON sentences.page_id = pages.id GROUP BY pages.id"""
    ).fetchall()
    assert rows
    assert all(count > 0 and count == last for _, count, last in rows)


def test_the_crawled_sentences_index_consistently(crashed_and_resumed):
    """The crawl stores sentences unindexed, killed or not; indexing them afterwards gives an
    index that holds each sentence once (rank 1: compared with the sentences table)."""
    _, connection, _, _ = crashed_and_resumed
    db_path = connection.execute("PRAGMA database_list").fetchone()[2]
    store = Store.open(db_path)
    try:
        stored = store.db.execute("SELECT count(*) FROM sentences").fetchone()[0]
        assert store.search_index.index_new_sentences() == stored
        store.db.execute(
            "INSERT INTO sentences_fts (sentences_fts, rank) VALUES ('integrity-check', 1)"
        )
        indexed = store.db.execute("SELECT count(*) FROM sentences_fts_docsize").fetchone()[0]
        assert indexed == stored
    finally:
        store.close()


def test_a_crawled_run_is_only_resumed(crashed_and_resumed, tmp_path):
    """Crawling a run again without --resume would repeat its requests: refused, one line."""
    _, connection, run_id, _ = crashed_and_resumed
    db_path = connection.execute("PRAGMA database_list").fetchone()[2]
    with FaultWeb(1) as web:
        config = write_config(web, tmp_path / "config.toml")
        result = run_crawler(Path(db_path), run_id, config, timeout=120)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"crawler: run {run_id} was already crawled; continue it with --resume"
    ]


def test_corroborate_resume_finishes_a_killed_check(tmp_path):
    db_path = tmp_path / "resume.db"
    with FaultWeb(60, delay=0.5) as web:
        # The kill comes as soon as the sitemap's URLs are pending, before the first 0.5 s
        # answers: most of the 60 are left for the resume, which fetches 16 at a time.
        config = write_config(
            web, tmp_path / "config.toml", concurrent_requests=16, concurrent_requests_per_domain=16
        )
        run_id = store_fixture_run(db_path, config)
        child = subprocess.Popen(
            crawler_command(db_path, run_id, config),
            cwd=REPO_ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        while pending_count(db_path, run_id) == 0 and child.poll() is None:
            time.sleep(0.1)
        os.killpg(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
        assert pending_count(db_path, run_id) > 0
        result = run_cli("resume", "--run", str(run_id), "--db", str(db_path), "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["run_id"] == run_id
    assert pending_count(db_path, run_id) == 0
    with sqlite3.connect(db_path) as connection:
        assert connection.execute("SELECT count(*) FROM run_pages").fetchone()[0] == 60
        assert connection.execute("SELECT status FROM runs").fetchone()[0] == "done"
