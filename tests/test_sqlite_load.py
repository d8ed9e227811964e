"""SQLite under load: a real Datasette reads pages and sentences in a loop while a crawl writes.

No reader or writer may see "database is locked", and every page a reader sees already has
all its sentences (a page and its sentences are one transaction).
"""

from __future__ import annotations

import json
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.error import URLError
from urllib.parse import urlencode

import pytest

from tests.conftest import run_crawler
from tests.faultweb import FaultWeb, store_fixture_run, write_config

pytestmark = pytest.mark.crawl

ARTICLES = 300
SENTENCES_PER_PAGE = """SELECT pages.id AS page, count(sentences.id) AS sentences FROM pages
                        LEFT JOIN sentences ON sentences.page_id = pages.id GROUP BY pages.id"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status, answer.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


def wait_until_responds(url: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            get(url)
            return
        except (URLError, ConnectionError):
            time.sleep(0.2)
    raise TimeoutError(f"{url} did not respond within {timeout} s")


@pytest.fixture
def run_id(db_path: Path) -> int:
    return store_fixture_run(db_path)


@pytest.fixture
def datasette(db_path: Path, run_id: int) -> Iterator[str]:
    """A real ``datasette serve`` on the run's database; yields its base URL."""
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "datasette",
            "serve",
            str(db_path),
            "--port",
            str(port),
            "--host",
            "127.0.0.1",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_responds(base + "/-/versions.json")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


class Reader(threading.Thread):
    """Reads sentence counts per page through Datasette until stopped."""

    def __init__(self, url: str) -> None:
        super().__init__(daemon=True)
        self.url = url
        self.stop = threading.Event()
        self.snapshots: list[dict[int, int]] = []
        self.errors: list[str] = []

    def run(self) -> None:
        while not self.stop.is_set():
            status, body = get(self.url)
            if status != 200 or "locked" in body:
                self.errors.append(f"{status}: {body[:300]}")
                continue
            self.snapshots.append({row["page"]: row["sentences"] for row in json.loads(body)})


def test_datasette_reads_while_the_crawler_writes(db_path, tmp_path, run_id, datasette):
    query = urlencode({"sql": SENTENCES_PER_PAGE, "_shape": "array"})
    reader = Reader(f"{datasette}/{db_path.stem}.json?{query}")
    with FaultWeb(ARTICLES, delay=0.01) as web:
        config = write_config(web, tmp_path / "config.toml")
        reader.start()
        crawl = run_crawler(db_path, run_id, config)
        reader.stop.set()
        reader.join(timeout=30)
    assert crawl.returncode == 0, crawl.stderr[-2000:]
    assert "locked" not in crawl.stderr
    assert reader.errors == []
    with sqlite3.connect(db_path) as connection:
        final = dict(connection.execute(SENTENCES_PER_PAGE).fetchall())
    assert len(final) == ARTICLES
    mid_crawl = [snapshot for snapshot in reader.snapshots if 0 < len(snapshot) < ARTICLES]
    assert len(mid_crawl) >= 3, "the reader never saw the crawl in progress"
    for snapshot in reader.snapshots:
        assert all(final[page] == count for page, count in snapshot.items())
