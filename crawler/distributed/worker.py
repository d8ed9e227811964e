"""``python -m crawler.distributed.worker --redis URL [--config FILE] [--idle-exit S]``: a fetch
worker. Start as many as wanted, on any machines that reach Redis and the web.

A worker needs the Redis URL and a config for its ``[crawl]`` table (user agent, timeouts,
address policy, extraction limits); it never opens the database. It refuses to join a Redis
serving another version of corroborate (exit 2, one line on stderr).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from corroborate.errors import CorroborateError
from corroborate.sources.config import load_config
from crawler.distributed.connection import connect, join
from crawler.distributed.spider import FetchWorkerSpider
from crawler.settings import crawl_settings


def worker_settings(redis_url: str, config: str | None, idle_exit: float) -> Settings:
    """The command line's settings; the spider adds the rest (``apply_worker_settings``). The
    config's ``[crawl]`` table goes in here too: the process-wide DNS resolver, which holds the
    address policy, reads these settings, not the spider's."""
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    settings.update(crawl_settings(load_config(config)), priority="cmdline")
    settings.update(
        {
            "REDIS_URL": redis_url,
            "CORROBORATE_WORKER_CONFIG": str(Path(config).resolve()) if config else None,
            "CORROBORATE_WORKER_IDLE_EXIT": idle_exit,
        },
        priority="cmdline",
    )
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
        load_config(args.config)  # a bad config is one line here, not a crash in the spider
        join(connect(args.redis))
    except CorroborateError as error:
        print(f"worker: {error}", file=sys.stderr)
        return 2
    process = CrawlerProcess(worker_settings(args.redis, args.config, args.idle_exit))
    process.crawl(FetchWorkerSpider)
    process.start()
    return 0


if __name__ == "__main__":
    sys.exit(main())
