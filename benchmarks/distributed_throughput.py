"""Distributed crawl vs single process, on one local web, in one run; and the costs per page
that project it to 10 and 100 workers.

Run from the repository root (needs Debian's redis-server): ``python
benchmarks/distributed_throughput.py [--pages 2000] [--concurrency 16]``. On the same
benchweb pages (benchmarks/benchweb.py, with its request log on), one after another:

- today's single-process crawl: ``python -m crawler`` for a stored run;
- 1 worker and 2 workers (``python -m crawler.distributed.worker``, started and ready first)
  with the coordinator ``python -m crawler --workers redis://...`` (discovery + ingest).

Each prints pages stored per second (coordinator start to exit), how many page URLs the server
saw fetched exactly once, and CPU seconds per page of the coordinator and of the workers (with
their extraction processes), and Redis' own CPU and commands per page. Then Redis memory per
queued URL (message + dupefilter entry) and per waiting result, measured by filling a scratch
database, and the projection.
"""

from __future__ import annotations

import argparse
import json
import resource
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import redis  # noqa: E402

from benchmarks.benchweb import BenchWeb, prepare_run  # noqa: E402
from corroborate.crawl import CrawlOptions, crawler_command  # noqa: E402
from crawler.distributed.keys import DUPEFILTER, START_URLS, fingerprint  # noqa: E402
from crawler.distributed.leases import Leases, message  # noqa: E402
from tests.redisserver import RedisServer  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Mode:
    name: str
    pages_per_second: float
    stored: int
    fetched_once: int
    fetched_more: int
    coordinator_cpu: float  # seconds per page
    worker_cpu: float  # seconds per page
    redis_cpu: float  # seconds per page
    redis_calls: float  # commands per page


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def redis_counters(client: redis.Redis) -> tuple[float, int]:
    cpu = client.info("cpu")
    stats = client.info("stats")
    return cpu["used_cpu_sys"] + cpu["used_cpu_user"], int(stats["total_commands_processed"])


def page_fetches(web: BenchWeb) -> Counter[str]:
    return Counter(target for _, _, target in web.server.state.log if target.startswith("/news/"))


def run_mode(
    name: str, web: BenchWeb, workers: int, server: RedisServer, config: Path, workdir: Path
) -> Mode:
    client = redis.Redis.from_url(server.url)
    db_path = workdir / f"{name.replace(' ', '-')}.db"
    run_id = prepare_run(db_path)
    web.server.state.log.clear()
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "crawler.distributed.worker", "--redis", server.url]
            + ["--config", str(config)],
            cwd=REPO_ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(workers)
    ]
    while Leases(client, "benchmark").live_workers() < workers:
        time.sleep(0.1)
    redis_before = redis_counters(client)
    cpu_before = children_cpu()
    started = time.perf_counter()
    options = CrawlOptions(workers=server.url if workers else None)
    command = crawler_command(db_path, run_id, config, options=options)
    subprocess.run(command, cwd=REPO_ROOT, check=True, capture_output=True)
    elapsed = time.perf_counter() - started
    coordinator_cpu = children_cpu() - cpu_before
    redis_after = redis_counters(client)
    for process in processes:
        process.send_signal(signal.SIGTERM)
        process.wait()
    worker_cpu = children_cpu() - cpu_before - coordinator_cpu
    fetches = page_fetches(web)
    with sqlite3.connect(db_path) as db:
        stored = db.execute("SELECT count(*) FROM run_pages WHERE run_id = ?", [run_id]).fetchone()[
            0
        ]
    return Mode(
        name,
        stored / elapsed,
        stored,
        sum(count == 1 for count in fetches.values()),
        sum(count > 1 for count in fetches.values()),
        coordinator_cpu / stored,
        worker_cpu / stored,
        (redis_after[0] - redis_before[0]) / stored,
        (redis_after[1] - redis_before[1]) / stored,
    )


def memory_per_entry(server: RedisServer, sample_result: bytes, count: int = 100_000) -> dict:
    """Bytes of Redis memory per queued article (message + dupefilter entry) and per result
    waiting for the ingester, from filling an empty database."""
    client = redis.Redis.from_url(server.url)
    client.flushall()
    before = client.info("memory")["used_memory"]
    with client.pipeline(transaction=False) as pipe:
        for number in range(count):
            url = (
                f"https://www.example-outlet.com/news/2026/11/{number:07d}-halden-ridge-dam-report"
            )
            fields = {"job": "0123456789ab-1", "key": url, "url": url, "source": "sitemaps"}
            pipe.rpush(START_URLS, message({**fields, "publisher": None}))
            pipe.sadd(DUPEFILTER, fingerprint("0123456789ab-1", url))
            if number % 1000 == 999:
                pipe.execute()
        pipe.execute()
    queued = (client.info("memory")["used_memory"] - before) / count
    client.flushall()
    before = client.info("memory")["used_memory"]
    for _ in range(1000):
        client.rpush("results", sample_result)
    result = (client.info("memory")["used_memory"] - before) / 1000
    client.flushall()
    return {"queued_url": queued, "waiting_result": result, "result_json": len(sample_result)}


def sample_result(web: BenchWeb) -> bytes:
    from crawler.distributed.results import page_result
    from crawler.pipelines import analyse_page

    html = web.page_html()[0].decode("utf-8")
    analysed = analyse_page(html, web.page_urls()[0])
    assert analysed is not None
    fields = {"job": "0123456789ab-1", "key": "k", "url": web.page_urls()[0], "source": "s"}
    return json.dumps(page_result(fields, *analysed)).encode()


def projection(modes: list[Mode], memory: dict) -> list[str]:
    two = modes[-1]
    worker_rate = 1 / two.worker_cpu  # pages/s one core of workers gives
    ingest_rate = 1 / two.coordinator_cpu  # pages/s the one writer gives on one core
    redis_rate = 1 / two.redis_cpu  # pages/s one Redis core gives
    lines = [
        f"per page: worker {two.worker_cpu * 1000:.1f} ms CPU, coordinator (discovery + ingest) "
        f"{two.coordinator_cpu * 1000:.2f} ms, Redis {two.redis_cpu * 1000:.3f} ms "
        f"({two.redis_calls:.1f} commands)",
        f"ceilings: ingester {ingest_rate:.0f} pages/s, Redis {redis_rate:.0f} pages/s",
    ]
    for count in (10, 100):
        rate = min(count * worker_rate, ingest_rate, redis_rate)
        lines.append(
            f"{count} workers (one core each): {rate:.0f} pages/s "
            f"(workers alone {count * worker_rate:.0f})"
        )
    lines.append(
        f"Redis memory per million queued URLs: {memory['queued_url'] * 1e6 / 2**20:.0f} MiB "
        f"(message + dupefilter entry, {memory['queued_url']:.0f} B each); per million results "
        f"waiting for the ingester: {memory['waiting_result'] * 1e6 / 2**30:.1f} GiB "
        f"({memory['result_json'] / 1024:.1f} KiB JSON each)"
    )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    with (
        tempfile.TemporaryDirectory() as tmp,
        BenchWeb(args.pages) as web,
        RedisServer(Path(tmp) / "redis") as server,
    ):
        web.server.state.log = []  # benchweb turns the log off; here it counts fetches
        workdir = Path(tmp)
        config = web.write_config(workdir / "config.toml", args.concurrency)
        modes = [
            run_mode(name, web, workers, server, config, workdir)
            for name, workers in (("single process", 0), ("1 worker", 1), ("2 workers", 2))
        ]
        memory = memory_per_entry(server, sample_result(web))
    print(f"{args.pages} pages, concurrency {args.concurrency} per process")
    print("| crawl | pages/s | fetched once | fetched twice+ | CPU ms/page coordinator | workers |")
    print("|---|---|---|---|---|---|")
    for mode in modes:
        print(
            f"| {mode.name} | {mode.pages_per_second:.1f} | {mode.fetched_once} | "
            f"{mode.fetched_more} | {mode.coordinator_cpu * 1000:.1f} | "
            f"{mode.worker_cpu * 1000:.1f} |"
        )
    for line in projection(modes, memory):
        print(line)


if __name__ == "__main__":
    main()
