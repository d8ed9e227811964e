"""An interrupted check stops its crawler, leaves the rest pending, says how to finish, and
reports itself as incomplete (issue 11, item 5)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT, run_cli
from tests.testweb import TestWeb

pytestmark = pytest.mark.crawl

ARTICLE = REPO_ROOT / "tests" / "fixtures" / "article.txt"


def wait_for(db: Path, sql: str, at_least: int = 1, timeout: float = 120) -> int:
    """Poll until ``sql`` counts ``at_least`` rows; the crawl is then under way."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with sqlite3.connect(db, timeout=5) as conn:
                value = conn.execute(sql).fetchone()[0]
            if value >= at_least:
                return value
        except sqlite3.OperationalError:
            pass  # not created yet
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {sql}")


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_an_interrupted_check_stops_its_crawler_and_can_be_resumed(
    web: TestWeb, tmp_path: Path, stop: signal.Signals
):
    # a slow pace, so the check is surely mid-crawl when it is stopped
    config = web.write_config(
        tmp_path / "c.toml",
        gdelt={"min_interval": 1.0},
        google_news={"min_interval": 1.0},
        bing_news={"min_interval": 1.0},
    )
    db = tmp_path / "c.db"
    cli = subprocess.Popen(
        [sys.executable, "-m", "corroborate", "check", str(ARTICLE)]
        + ["--config", str(config), "--db", str(db), "--no-progress"],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    wait_for(db, "SELECT count(*) FROM source_requests", at_least=3)
    crawler_pid = wait_for(db, "SELECT coalesce(max(pid), 0) FROM crawl_leases")
    cli.send_signal(stop)
    out, err = cli.communicate(timeout=180)
    assert cli.returncode == 130, err
    assert "corroborate resume --run 1" in err
    assert "Traceback" not in err and "Aborted" not in err
    assert not alive(crawler_pid), "the crawler child must stop with the CLI"

    with sqlite3.connect(db) as conn:
        states = dict(
            conn.execute("SELECT state, count(*) FROM frontier GROUP BY state").fetchall()
        )
        reasons = [
            row[0] for row in conn.execute("SELECT reason FROM frontier WHERE reason NOT NULL")
        ]
        status = conn.execute("SELECT status FROM runs WHERE id = 1").fetchone()[0]
    assert status == "interrupted"
    assert not any("BrokenPipe" in reason for reason in reasons), reasons

    scored = run_cli("score", "--run", "1", "--db", str(db), "--json")
    report = json.loads(scored.stdout)
    assert report["complete"] is False
    assert report["pending"]["searches"] + report["pending"]["pages"] > 0 or states
    assert all(claim["verdict"] != "not found" for claim in report["claims"])
    text = run_cli("score", "--run", "1", "--db", str(db)).stdout
    assert "INCOMPLETE RUN" in text and "corroborate resume --run 1" in text

    resumed = run_cli("resume", "--run", "1", "--db", str(db), "--json")
    assert resumed.returncode == 0, resumed.stderr
    finished = json.loads(resumed.stdout)
    assert finished["complete"] is True, finished["pending"]
    assert finished["pending"] == {"searches": 0, "pages": 0}
