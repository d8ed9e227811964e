"""Several processes on one database lose nothing (issue 11, item 2): writes wait their turn,
two crawls of one run are refused, a fresh file is created once, and a run that lost anything
says so."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
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


# Each process opens file i at start + i * STEP seconds, so 8 processes race on every new file.
OPENER = """
import sys, time
from corroborate.store import Store
start, step, paths = float(sys.argv[1]), float(sys.argv[2]), sys.argv[3:]
for number, path in enumerate(paths):
    time.sleep(max(0.0, start + number * step - time.time()))
    Store.open(path).close()
"""


def test_processes_opening_new_databases_at_once_all_succeed(tmp_path: Path):
    """8 processes opening one fresh file at once: 15 of 160 opens failed with "table
    articles already exists" (two processes migrating the same file)."""
    paths = [str(tmp_path / f"new{number}.db") for number in range(10)]
    start, step = time.time() + 8.0, 0.5  # time for every process to import first
    children = [
        subprocess.Popen(
            [sys.executable, "-c", OPENER, str(start), str(step), *paths],
            cwd=REPO_ROOT,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(8)
    ]
    errors = [child.communicate(timeout=300)[1] for child in children]
    assert [child.returncode for child in children] == [0] * 8, errors
    for path in paths:
        store = Store.open(path)
        names = [row[0] for row in store.db.execute("SELECT name FROM _sqlite_migrations")]
        assert len(names) == len(set(names)) >= 7  # every migration applied once
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
