"""``python -m crawler.distributed.worker --redis URL [--config FILE] [--idle-exit S]``: a fetch
worker. Start as many as wanted, on any machines that reach Redis and the web.

A worker needs the Redis URL and a config for its ``[crawl]`` table (user agent, timeouts,
address policy, extraction limits); it never opens the database. It refuses to join a Redis
serving another version of corroborate (exit 2, one line on stderr).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from corroborate.errors import CorroborateError
from corroborate.sources.config import Config, load_config
from crawler.distributed.connection import client_params, connect, join
from crawler.distributed.keys import DUPEFILTER, REQUESTS
from crawler.distributed.spider import FetchWorkerSpider
from crawler.settings import crawl_settings


def worker_settings(config: Config, redis_url: str, idle_exit: float) -> Settings:
    """The crawler's settings and the config's ``[crawl]`` table, with scrapy-redis' scheduler.

    ``SCHEDULER_PERSIST`` stays on: off, the first worker to close would wipe the queue every
    other worker shares. A finished check removes its own keys instead (``ingest``)."""
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    settings.update(crawl_settings(config), priority="cmdline")
    distributed: dict[str, Any] = {
        "REDIS_URL": redis_url,
        "REDIS_PARAMS": client_params(),
        "SCHEDULER": "crawler.distributed.scheduling.LeasedScheduler",
        "SCHEDULER_PERSIST": True,
        "SCHEDULER_QUEUE_KEY": REQUESTS,
        "SCHEDULER_QUEUE_CLASS": "crawler.distributed.scheduling.LeasedQueue",
        "SCHEDULER_SERIALIZER": "crawler.distributed.scheduling",
        "SCHEDULER_DUPEFILTER_KEY": DUPEFILTER,
        "DUPEFILTER_CLASS": "crawler.distributed.scheduling.CanonicalDupeFilter",
        "MAX_IDLE_TIME_BEFORE_CLOSE": max(1, int(idle_exit)) if idle_exit else 0,
        "CORROBORATE_WORKER_IDLE_EXIT": idle_exit,
        "SPIDER_MIDDLEWARES": {"crawler.frontier.FrontierSpiderMiddleware": None},
        "ITEM_PIPELINES": {"crawler.distributed.results.PushResultPipeline": 100},
    }
    downloader = dict(settings.getdict("DOWNLOADER_MIDDLEWARES"))
    downloader["crawler.frontier.AttemptCounterMiddleware"] = None  # the frontier is SQLite's
    distributed["DOWNLOADER_MIDDLEWARES"] = downloader
    settings.update(distributed, priority="cmdline")
    return settings


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m crawler.distributed.worker")
    parser.add_argument("--redis", required=True, help="redis://host:port/db")
    parser.add_argument("--config", default=None, help="TOML config; its [crawl] table applies")
    parser.add_argument(
        "--idle-exit",
        type=float,
        default=0.0,
        help="exit after this many seconds without work (default 0: run until stopped)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        config = load_config(args.config)
        join(connect(args.redis))
    except CorroborateError as error:
        print(f"worker: {error}", file=sys.stderr)
        return 2
    process = CrawlerProcess(worker_settings(config, args.redis, args.idle_exit))
    process.crawl(FetchWorkerSpider)
    process.start()
    return 0


if __name__ == "__main__":
    sys.exit(main())
