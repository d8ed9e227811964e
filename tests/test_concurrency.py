"""Several processes on one database lose nothing (issue 11, item 2): writes wait their turn,
two crawls of one run are refused, a fresh file is created once, and a run that lost anything
says so."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from corroborate.crawl import EXIT_BUSY, crawler_command
from corroborate.models import Article
from corroborate.store import Store
from tests.conftest import REPO_ROOT, run_cli
from tests.testweb import TestWeb

ARTICLE = REPO_ROOT / "tests" / "fixtures" / "article.txt"
CHECKS = 5


def linked_pages(db: Path) -> dict[int, int]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT runs.id, count(run_pages.page_id) FROM runs "
            "LEFT JOIN run_pages ON run_pages.run_id = runs.id GROUP BY runs.id"
        ).fetchall()
    return dict(rows)


def statuses(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [row[0] for row in conn.execute("SELECT status FROM runs ORDER BY id")]


@pytest.mark.crawl
def test_concurrent_checks_on_one_database_each_link_every_page(web: TestWeb, tmp_path: Path):
    config = web.write_config(tmp_path / "c.toml")
    alone = tmp_path / "alone.db"
    first = run_cli("check", str(ARTICLE), "--config", str(config), "--db", str(alone))
    assert first.returncode == 0, first.stderr
    expected = linked_pages(alone)[1]
    assert expected >= 8

    shared = tmp_path / "shared.db"
    args = ("check", str(ARTICLE), "--config", str(config), "--db", str(shared), "--json")
    with ThreadPoolExecutor(CHECKS) as pool:
        results = list(pool.map(lambda _: run_cli(*args), range(CHECKS)))
    for result in results:
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
    assert list(linked_pages(shared).values()) == [expected] * CHECKS
    assert statuses(shared) == ["done"] * CHECKS


def test_processes_opening_a_new_database_at_once_all_succeed(tmp_path: Path):
    db = tmp_path / "new.db"
    code = (
        "import sys; from corroborate.store import Store; "
        "[Store.open(sys.argv[1]).close() for _ in range(5)]"
    )
    children = [
        subprocess.Popen(
            [sys.executable, "-c", code, str(db)], cwd=REPO_ROOT, stderr=subprocess.PIPE, text=True
        )
        for _ in range(8)
    ]
    errors = [child.communicate()[1] for child in children]
    assert [child.returncode for child in children] == [0] * 8, errors
    store = Store.open(db)
    assert store.db.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0] >= 7
    store.close()


def test_a_second_crawl_of_a_running_run_is_refused(web: TestWeb, tmp_path: Path):
    config = web.write_config(tmp_path / "c.toml")
    db = tmp_path / "c.db"
    done = run_cli("check", str(ARTICLE), "--config", str(config), "--db", str(db))
    assert done.returncode == 0, done.stderr
    holder = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        store = Store.open(db)
        store.leases.claim(1, pid=holder.pid)  # as a crawler child of another process would
        store.close()
        child = subprocess.run(
            crawler_command(db, 1, config, resume=True), capture_output=True, text=True
        )
        assert child.returncode == EXIT_BUSY
        assert f"process {holder.pid}" in child.stderr
        resumed = run_cli("resume", "--run", "1", "--db", str(db))
        assert resumed.returncode == 1
        assert resumed.stderr.strip().count("\n") == 0, resumed.stderr
        assert "being crawled by process" in resumed.stderr
        assert statuses(db) == ["done"]  # the refused resume did not touch the run
    finally:
        holder.kill()
        holder.wait()
    again = run_cli("resume", "--run", "1", "--db", str(db))  # its holder died: taken over
    assert again.returncode == 0, again.stderr
    store = Store.open(db)
    assert store.db.execute("SELECT count(*) FROM crawl_leases").fetchone()[0] == 0
    store.close()


def test_the_lease_of_this_process_or_a_dead_one_is_no_obstacle(tmp_path: Path):
    store = Store.open(tmp_path / "c.db")
    store.runs.start_run(Article(path="a.txt", text="The dam collapsed on Tuesday."), [], [])
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    store.leases.claim(1, pid=dead.pid)
    store.leases.claim(1)  # the dead holder's lease is taken over
    store.leases.refuse_if_busy(1)  # held by this very process
    store.leases.release(1)
    assert store.db.execute("SELECT count(*) FROM crawl_leases").fetchone()[0] == 0
    store.close()
