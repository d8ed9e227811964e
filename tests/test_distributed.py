"""Distributed crawls against a real redis-server: fetch workers in their own processes share one
frontier, the check's own process is the only SQLite writer, and faults lose nothing.

Each test starts redis-server on a free 127.0.0.1 port with a temp directory, worker processes
(``python -m crawler.distributed.worker``) and the coordinator (``python -m crawler --workers``
or ``corroborate check --workers``) against the fault web, whose server log counts every fetch.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from corroborate.crawl import EXIT_LOST, CrawlOptions, crawler_command
from corroborate.store import FrontierEntry, Store
from crawler.distributed.keys import (
    DUPEFILTER,
    LEASES,
    REQUESTS,
    START_URLS,
    VERSION_KEY,
    JobKeys,
    job_id,
)
from tests.conftest import REPO_ROOT, run_cli
from tests.faultweb import FaultWeb, article_path, store_fixture_run, write_config
from tests.redisserver import RedisServer, require_redis_server

pytestmark = pytest.mark.crawl

FIXTURE_ARTICLE = REPO_ROOT / "tests" / "fixtures" / "article.txt"


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    require_redis_server()
    with RedisServer(tmp_path / "redis") as server:
        yield server


class Workers:
    """Fetch worker processes, each in its own session so a kill takes its extraction pool."""

    def __init__(self, redis_url: str, config: Path, logs: Path) -> None:
        self.redis_url, self.config, self.logs = redis_url, config, logs
        self.processes: list[subprocess.Popen[bytes]] = []

    def start(self, count: int, as_scrapy_crawl: bool = False) -> None:
        """``as_scrapy_crawl``: the form a Scrapyd job runs, ``scrapy crawl fetch_worker -s``."""
        for _ in range(count):
            log = self.logs / f"worker-{len(self.processes)}.log"
            command = [
                *(sys.executable, "-m", "crawler.distributed.worker", "--redis", self.redis_url),
                *("--config", str(self.config)),
            ]
            if as_scrapy_crawl:
                command = [
                    *(sys.executable, "-m", "scrapy", "crawl", "fetch_worker"),
                    *("-s", f"REDIS_URL={self.redis_url}"),
                    *("-s", f"CORROBORATE_WORKER_CONFIG={self.config}"),
                    # The DNS resolver is process-wide: it reads the job's settings only.
                    *("-s", "CORROBORATE_ALLOW_PRIVATE_ADDRESSES=True"),
                ]
            self.processes.append(
                subprocess.Popen(
                    command,
                    cwd=REPO_ROOT,
                    stdout=subprocess.DEVNULL,
                    stderr=log.open("wb"),
                    stdin=subprocess.DEVNULL,
                    start_new_session=True,
                )
            )

    def kill(self, index: int) -> None:
        """SIGKILL the worker and its extraction processes: a machine lost."""
        os.killpg(self.processes[index].pid, signal.SIGKILL)

    def terminate(self, index: int) -> None:
        """SIGTERM the worker alone, as a supervisor or Scrapyd stops it."""
        self.processes[index].send_signal(signal.SIGTERM)

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)


@pytest.fixture
def crawl_setup(tmp_path: Path, redis_server: RedisServer) -> Iterator[dict]:
    """A 200-article fault web answering each request after 0.2 s (so a kill lands with
    requests in flight), a stored run, its config, and the worker pool (stopped afterwards)."""
    with FaultWeb(200, delay=0.2) as web:
        config = write_config(
            web, tmp_path / "config.toml", concurrent_requests=8, download_timeout=20
        )
        db_path = tmp_path / "run.db"
        workers = Workers(redis_server.url, config, tmp_path)
        try:
            yield {
                "web": web,
                "config": config,
                "db": db_path,
                "run_id": store_fixture_run(db_path),
                "redis": redis_server,
                "workers": workers,
            }
        finally:
            workers.stop_all()


def start_coordinator(setup: dict) -> subprocess.Popen[str]:
    options = CrawlOptions(workers=setup["redis"].url)
    command = crawler_command(setup["db"], setup["run_id"], setup["config"], options=options)
    return subprocess.Popen(
        command,
        cwd=REPO_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
    )


def article_fetches(web: FaultWeb) -> dict[str, int]:
    return {path: n for path, n in web.attempts().items() if path.startswith("/news/")}


def wait_for(condition, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not reached"
        time.sleep(0.02)


def stored_per_url(db_path: Path, run_id: int) -> dict[str, int]:
    with sqlite3.connect(db_path) as db:
        rows = db.execute(
            "SELECT discovered_url, count(*) FROM run_pages WHERE run_id = ? GROUP BY 1", [run_id]
        ).fetchall()
    return dict(rows)


def frontier_states(db_path: Path, run_id: int) -> dict[str, int]:
    with sqlite3.connect(db_path) as db:
        return dict(
            db.execute(
                "SELECT state, count(*) FROM frontier WHERE run_id = ? AND kind = 'article' "
                "GROUP BY state",
                [run_id],
            ).fetchall()
        )


def assert_all_stored_once(setup: dict) -> None:
    web = setup["web"]
    stored = stored_per_url(setup["db"], setup["run_id"])
    assert stored == {web.article_url(n): 1 for n in range(200)}
    with sqlite3.connect(setup["db"]) as db:
        assert db.execute("SELECT count(*) FROM pages").fetchone()[0] == 200
        assert db.execute("SELECT count(*) FROM fetch_failures").fetchone()[0] == 0
    assert frontier_states(setup["db"], setup["run_id"]) == {"done": 200}


def assert_redis_cleaned(url: str) -> None:
    """The check removed its job keys and dupefilter entries; nothing is queued or leased."""
    client = redis.Redis.from_url(url)
    assert [key for key in client.keys("corroborate:job:*")] == []
    for key in (DUPEFILTER, LEASES, REQUESTS, START_URLS):
        assert not client.exists(key), key


def test_two_workers_fetch_every_page_once_and_the_check_stores_each_once(crawl_setup, tmp_path):
    """One worker started as the command, one as a Scrapyd job would run it."""
    setup = crawl_setup
    setup["workers"].start(1)
    setup["workers"].start(1, as_scrapy_crawl=True)
    result = run_cli(
        *("check", str(FIXTURE_ARTICLE), "--json", "--db", str(tmp_path / "check.db")),
        *("--config", str(setup["config"]), "--workers", setup["redis"].url),
    )
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout)
    web = setup["web"]
    assert article_fetches(web) == {article_path(n): 1 for n in range(200)}
    assert stored_per_url(tmp_path / "check.db", report["run_id"]) == {
        web.article_url(n): 1 for n in range(200)
    }
    sitemaps = next(source for source in report["sources"] if source["name"] == "sitemaps")
    assert sitemaps["pages_fetched"] == 200
    assert_redis_cleaned(setup["redis"].url)


def test_a_worker_killed_mid_crawl_loses_nothing(crawl_setup):
    """SIGKILL one of two workers with requests in flight: its leases expire with its
    heartbeat and the other worker fetches them; every page is stored once."""
    setup, web = crawl_setup, crawl_setup["web"]
    setup["workers"].start(2)
    coordinator = start_coordinator(setup)
    wait_for(lambda: sum(article_fetches(web).values()) >= 40)
    setup["workers"].kill(0)
    _, errors = coordinator.communicate(timeout=300)
    assert coordinator.returncode == 0, errors[-2000:]
    assert_all_stored_once(setup)
    fetches = article_fetches(web)
    assert set(fetches) == {article_path(n) for n in range(200)}
    refetched = [path for path, count in fetches.items() if count > 1]
    # The kill interrupted real work (requests in flight were sent again), and only those: a
    # worker holds at most its 8 concurrent requests and a short queue of 16, give or take what
    # it took while a loaded machine delayed its bookkeeping; a queue wiped or re-crawled would
    # show as most of the 200 pages.
    assert 1 <= len(refetched) <= 2 * (8 + 16), refetched
    assert max(fetches.values()) == 2
    assert_redis_cleaned(setup["redis"].url)


def test_a_worker_stopping_cleanly_does_not_wipe_the_shared_queue(crawl_setup):
    """With scrapy-redis' default (SCHEDULER_PERSIST off) a closing worker deletes the queue and
    the dupefilter every worker shares; here a SIGTERM mid-crawl finishes its own requests and
    leaves the rest to the other worker: each page fetched exactly once."""
    setup, web = crawl_setup, crawl_setup["web"]
    setup["workers"].start(2)
    coordinator = start_coordinator(setup)
    wait_for(lambda: sum(article_fetches(web).values()) >= 40)
    setup["workers"].terminate(0)
    _, errors = coordinator.communicate(timeout=300)
    assert coordinator.returncode == 0, errors[-2000:]
    assert setup["workers"].processes[0].wait(timeout=60) == 0
    assert article_fetches(web) == {article_path(n): 1 for n in range(200)}
    assert_all_stored_once(setup)


def test_redis_restarted_with_persistence_mid_crawl_the_crawl_goes_on(crawl_setup):
    setup, web = crawl_setup, crawl_setup["web"]
    setup["workers"].start(2)
    coordinator = start_coordinator(setup)
    wait_for(lambda: sum(article_fetches(web).values()) >= 40)
    setup["redis"].restart()
    _, errors = coordinator.communicate(timeout=300)
    assert coordinator.returncode == 0, errors[-2000:]
    assert_all_stored_once(setup)
    assert set(article_fetches(web)) == {article_path(n) for n in range(200)}


def test_redis_restarted_without_persistence_the_check_says_what_was_lost(tmp_path):
    require_redis_server()
    with (
        RedisServer(tmp_path / "redis", persistent=False) as server,
        FaultWeb(200, delay=0.2) as web,
    ):
        config = write_config(web, tmp_path / "config.toml", concurrent_requests=8)
        db_path = tmp_path / "run.db"
        run_id = store_fixture_run(db_path)
        workers = Workers(server.url, config, tmp_path)
        workers.start(1)
        try:
            setup = {"db": db_path, "run_id": run_id, "config": config, "redis": server}
            coordinator = start_coordinator(setup)
            wait_for(lambda: sum(article_fetches(web).values()) >= 20)
            server.restart()
            _, errors = coordinator.communicate(timeout=300)
        finally:
            workers.stop_all()
    assert coordinator.returncode == EXIT_LOST
    assert "articles not fetched: lost: Redis lost the queued crawl" in errors
    states = frontier_states(db_path, run_id)
    assert "pending" not in states and states.get("failed", 0) >= 1
    with sqlite3.connect(db_path) as db:
        lost = db.execute(
            "SELECT count(*) FROM fetch_failures WHERE reason LIKE 'lost: Redis%'"
        ).fetchone()[0]
    assert lost == states["failed"]
    assert sum(states.values()) == 200


def test_a_worker_of_another_version_refuses_to_join(redis_server, tmp_path):
    redis.Redis.from_url(redis_server.url).set(VERSION_KEY, "0.0.9/protocol-0")
    result = subprocess.run(
        [sys.executable, "-m", "crawler.distributed.worker", "--redis", redis_server.url],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("worker: refusing to join: this Redis serves corroborate 0.0.9")
    assert len(result.stderr.strip().splitlines()) == 1


def test_check_with_an_unreachable_redis_is_one_line(tmp_path):
    from tests.redisserver import free_port

    result = run_cli(
        *("check", str(FIXTURE_ARTICLE), "--db", str(tmp_path / "x.db")),
        *("--workers", f"redis://127.0.0.1:{free_port()}/0"),
    )
    assert result.returncode == 1
    assert "cannot reach Redis" in result.stderr
    assert "Traceback" not in result.stderr


def test_ingest_wait_sends_again_what_a_killed_check_never_queued(tmp_path, redis_server):
    """A check killed between writing its frontier and queuing: ``corroborate ingest --wait``
    finds no message anywhere in Redis for its pending articles, queues them, stores them."""
    with FaultWeb(20) as web:
        config = write_config(web, tmp_path / "config.toml")
        db_path = tmp_path / "run.db"
        run_id = store_fixture_run(db_path)
        store = Store.open(db_path)
        for number in range(20):
            url = web.article_url(number)
            store.frontier.add(run_id, FrontierEntry("article", url, url, "sitemaps"))
        store.close()
        client = redis.Redis.from_url(redis_server.url)
        client.hset(JobKeys(job_id(db_path, run_id)).meta, "run_id", run_id)
        workers = Workers(redis_server.url, config, tmp_path)
        workers.start(1)
        try:
            result = run_cli(
                *("ingest", "--workers", redis_server.url, "--db", str(db_path), "--wait")
            )
        finally:
            workers.stop_all()
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == "stored 20 pages and failures"
        assert article_fetches(web) == {article_path(n): 1 for n in range(20)}
    assert stored_per_url(db_path, run_id) == {web.article_url(n): 1 for n in range(20)}
    assert_redis_cleaned(redis_server.url)
