"""A fetch worker's settings: the crawler's own, its config's ``[crawl]`` table, and
scrapy-redis' scheduler over our leases. Applied by the worker spider's ``update_settings``, so
``python -m crawler.distributed.worker`` and a Scrapyd job of ``fetch_worker`` run alike."""

from __future__ import annotations

from typing import Any

from scrapy.settings import BaseSettings

from corroborate.sources.config import load_config
from crawler.distributed.connection import client_params
from crawler.distributed.keys import DUPEFILTER, REQUESTS
from crawler.settings import crawl_settings


def apply_worker_settings(settings: BaseSettings) -> None:
    """``REDIS_URL`` is required (scrapy-redis would quietly use localhost:6379);
    ``CORROBORATE_WORKER_CONFIG`` names the config (default: seeds/sources.toml).

    ``SCHEDULER_PERSIST`` stays on: off, the first worker to close would wipe the queue and the
    dupefilter every other worker shares. A finished check removes its own keys instead."""
    if not settings.get("REDIS_URL"):
        raise ValueError("fetch_worker needs the setting REDIS_URL=redis://host:port/db")
    config = load_config(settings.get("CORROBORATE_WORKER_CONFIG") or None)
    settings.update(crawl_settings(config), priority="spider")
    idle_exit = settings.getfloat("CORROBORATE_WORKER_IDLE_EXIT", 0.0)
    downloader = dict(settings.getdict("DOWNLOADER_MIDDLEWARES"))
    downloader["crawler.frontier.AttemptCounterMiddleware"] = None  # the frontier is SQLite's
    distributed: dict[str, Any] = {
        "REDIS_PARAMS": client_params(),
        "SCHEDULER": "crawler.distributed.scheduling.LeasedScheduler",
        "SCHEDULER_PERSIST": True,
        "SCHEDULER_QUEUE_KEY": REQUESTS,
        "SCHEDULER_QUEUE_CLASS": "crawler.distributed.scheduling.LeasedQueue",
        "SCHEDULER_SERIALIZER": "crawler.distributed.scheduling",
        "SCHEDULER_DUPEFILTER_KEY": DUPEFILTER,
        "DUPEFILTER_CLASS": "crawler.distributed.scheduling.CanonicalDupeFilter",
        "MAX_IDLE_TIME_BEFORE_CLOSE": max(1, int(idle_exit)) if idle_exit else 0,
        "SPIDER_MIDDLEWARES": {"crawler.frontier.FrontierSpiderMiddleware": None},
        "DOWNLOADER_MIDDLEWARES": downloader,
        "ITEM_PIPELINES": {"crawler.distributed.results.PushResultPipeline": 100},
    }
    settings.update(distributed, priority="spider")
