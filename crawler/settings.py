"""Scrapy settings: fixed, safe defaults here; per-run values from the corroborate config.

``scrapy list`` reads this module through scrapy.cfg. ``crawl_settings`` layers the user's
``[crawl]`` and ``[sources.*]`` tables on top for ``python -m crawler``.
"""

from __future__ import annotations

from typing import Any

from corroborate.sources.config import Config, CrawlConfig, SourceConfig
from corroborate.sources.registry import SEARCH_SOURCES

BOT_NAME = "corroborate"
SPIDER_MODULES = ["crawler.spiders", "crawler.distributed.spider"]
NEWSPIDER_MODULE = "crawler.spiders"
COMMANDS_MODULE = "crawler.commands"  # `scrapy crawl` says what arguments a spider needs

USER_AGENT = "corroborate/0.1 (+https://github.com/corroborate/corroborate)"
ROBOTSTXT_OBEY = True
COOKIES_ENABLED = False  # news pages need no session; cookies only track us
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False  # it runs arbitrary code sent to it over HTTP
LOG_LEVEL = "WARNING"  # stdout carries progress JSON only; logs go to stderr

CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
# Backpressure: downloads pause while this many bytes of pages wait for the extraction workers,
# so a crash loses little downloaded work and memory stays flat (Scrapy's default is 5 MB).
SCRAPER_SLOT_MAX_ACTIVE_SIZE = 500_000
# An article response yields one item; Scrapy starts this many item workers per response, and at
# its default of 100 the reactor thread spent more time creating tasks than storing pages.
CONCURRENT_ITEMS = 4
DOWNLOAD_TIMEOUT = 20
DNS_TIMEOUT = 10
TWISTED_DNS_RESOLVER = "crawler.safety.dns.SafeResolver"  # names that resolve to private addresses
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
RETRY_TIMES = 2  # three attempts in total
REDIRECT_MAX_TIMES = 5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0

DOWNLOADER_MIDDLEWARES = {
    # Before RobotsTxtMiddleware (100): a refused URL must not even have its robots.txt fetched.
    "crawler.middlewares.safety.UrlSafetyMiddleware": 50,
    # RFC 9309: an unreachable robots.txt (5xx, timeout) forbids; Crawl-delay is honoured.
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.middlewares.robots.StrictRobotsTxtMiddleware": 100,
    # After RetryMiddleware (550) on the way back: a 429's Retry-After is waited out first.
    "crawler.middlewares.retry_after.RetryAfterMiddleware": 560,
    # Below HttpCompressionMiddleware (590): sees the body after decompression.
    "crawler.middlewares.safety.UndecodedBodyMiddleware": 580,
    # Next to the downloader: counts each answered attempt of a frontier request.
    "crawler.frontier.AttemptCounterMiddleware": 990,
    # Closest to the downloader: archives each response as received (off without a folder).
    "crawler.warc.recorder.WarcRecorder": 995,
}
SPIDER_MIDDLEWARES = {
    # Sees what the other spider middlewares let through: registers it before scheduling.
    "crawler.frontier.FrontierSpiderMiddleware": 40,
}
DOWNLOAD_FAIL_ON_DATALOSS = True  # a truncated body is a failure, never a short article
RETRY_AFTER_MAX = CrawlConfig.retry_after_max  # seconds: a longer Retry-After fails at once
ITEM_PIPELINES = {
    "crawler.pipelines.CleanPipeline": 100,
    "crawler.pipelines.StorePipeline": 200,
}

# Read by our own components; set from the config by crawl_settings().
CORROBORATE_TRUSTED_ENDPOINTS: list[str] = []
CORROBORATE_ALLOW_PRIVATE_ADDRESSES = False
CORROBORATE_WARC_DIR = ""  # a folder: every response is written there as WARC
CORROBORATE_REPLAY_FILES: list[str] = []
CORROBORATE_RESOLVE: dict[str, str] = {}  # [crawl.resolve]: host name -> address

MAX_ATTEMPTS = 3


def crawl_settings(config: Config) -> dict[str, Any]:
    """The settings a config implies, to apply over this module's defaults."""
    crawl = config.crawl
    return {
        "USER_AGENT": crawl.user_agent,
        "CONCURRENT_REQUESTS": crawl.concurrent_requests,
        "CONCURRENT_REQUESTS_PER_DOMAIN": crawl.concurrent_requests_per_domain,
        "DOWNLOAD_TIMEOUT": crawl.download_timeout,
        "DOWNLOAD_MAXSIZE": crawl.download_maxsize,
        "DOWNLOAD_WARNSIZE": min(DOWNLOAD_WARNSIZE, crawl.download_maxsize),
        "RETRY_TIMES": max(0, min(crawl.retry_times, MAX_ATTEMPTS - 1)),
        "AUTOTHROTTLE_ENABLED": crawl.autothrottle,
        "DOWNLOAD_SLOTS": search_slots(config.enabled_sources()),
        "CORROBORATE_TRUSTED_ENDPOINTS": trusted_endpoints(config.enabled_sources()),
        "CORROBORATE_ALLOW_PRIVATE_ADDRESSES": crawl.allow_private_addresses,
        "CORROBORATE_RESOLVE": dict(crawl.resolve),
        "CORROBORATE_EXTRACTION_WORKERS": crawl.extraction_workers,
        "CORROBORATE_EXTRACTION_TIMEOUT": crawl.extraction_timeout,
        "CORROBORATE_EXTRACTION_MEMORY_MB": crawl.extraction_memory_mb,
        "RETRY_AFTER_MAX": crawl.retry_after_max,
        "CORROBORATE_ROBOTS_TIMEOUT": crawl.robots_timeout,
        # every spider starts with the crawl, so this bounds the whole run; 0 means no bound
        "CLOSESPIDER_TIMEOUT": crawl.run_timeout,
        "CORROBORATE_WARC_DIR": crawl.warc_dir,
    }


def replay_settings(files: list[str]) -> dict[str, Any]:
    """Answer every request from WARC files (crawler/warc/replay.py): no network, no pacing."""
    handler = "crawler.warc.replay.ReplayDownloadHandler"
    return {
        "DOWNLOAD_HANDLERS": {"http": handler, "https": handler},
        "CORROBORATE_REPLAY_FILES": files,
        "AUTOTHROTTLE_ENABLED": False,
        "DOWNLOAD_DELAY": 0,
    }


def search_slots(sources: list[SourceConfig]) -> dict[str, dict[str, Any]]:
    """One download slot per search API, so its pace holds whatever else is being fetched."""
    return {
        source.name: {"concurrency": 1, "delay": source.min_interval, "jitter": 0.0}
        for source in sources
        if source.name in SEARCH_SOURCES
    }


def trusted_endpoints(sources: list[SourceConfig]) -> list[str]:
    """Every endpoint the enabled sources ask (their url, urls and endpoint options, named in the
    config or defaulted by the registry); everything else the crawler meets is untrusted."""
    return [endpoint for source in sources for endpoint in source.endpoints()]
