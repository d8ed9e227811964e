"""HTTP 429 with ``Retry-After``: wait as told (within a cap), then retry.

Scrapy's RetryMiddleware retries a 429 at once, which a rate-limited server answers with
another 429. Waiting costs one coroutine, not the crawl: other downloads go on meanwhile. A wait
beyond ``RETRY_AFTER_MAX`` is not retried at all; the request fails with "HTTP 429".
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING

from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.utils.defer import deferred_to_future
from twisted.internet import reactor
from twisted.internet.task import deferLater

from corroborate.sources.config import CrawlConfig

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)


def retry_after_seconds(value: bytes | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delay-seconds or HTTP-date); None if absent
    or unreadable."""
    if not value:
        return None
    text = value.decode("latin-1").strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class RetryAfterMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.max_wait = crawler.settings.getfloat("RETRY_AFTER_MAX", CrawlConfig.retry_after_max)
        self.max_retry_times = crawler.settings.getint("RETRY_TIMES")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryAfterMiddleware:
        return cls(crawler)

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        if response.status != 429 or request.meta.get("dont_retry"):
            return response
        wait = retry_after_seconds(response.headers.get(b"Retry-After"))
        if wait is None:
            return response  # RetryMiddleware's plain retry
        if wait > self.max_wait:
            logger.info(
                "%s: Retry-After %.0f s exceeds the %.0f s cap; not retried",
                request.url,
                wait,
                self.max_wait,
            )
            request.meta["dont_retry"] = True
            return response
        assert self.crawler.spider is not None  # a response means a spider is crawling
        retry = get_retry_request(
            request,
            spider=self.crawler.spider,
            reason="429 Retry-After",
            max_retry_times=request.meta.get("max_retry_times", self.max_retry_times),
        )
        if retry is None:
            request.meta["dont_retry"] = True  # budget spent: RetryMiddleware must not add one
            return response
        await deferred_to_future(deferLater(reactor, wait, lambda: None))
        return retry
