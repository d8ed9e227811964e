"""The fetch worker's spider: reads article messages from Redis, fetches them, and hands each
answer (or failure) to ``crawler.distributed.results`` to be pushed back.

scrapy-redis' ``RedisSpider`` reads its queue only from ``start_requests`` and the idle
signal; since Scrapy 2.13 spiders start from ``async def start()``, so this one reads Redis
there, in a loop, and the idle path (kept for a spider that has sent its start) reads through
the same leased ``next_requests``.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.settings import BaseSettings
from scrapy.utils.asyncio import sleep
from scrapy_redis.spiders import RedisSpider
from twisted.python.failure import Failure

from crawler.distributed.connection import REDIS_ERRORS, join
from crawler.distributed.keys import REQUESTS, SPIDER, START_URLS
from crawler.distributed.leases import Heartbeat, Leases
from crawler.distributed.settings import apply_worker_settings
from crawler.responses import describe_failure, failed_request, unusable_article_reason

logger = logging.getLogger(__name__)

POLL_SECONDS = 0.5  # how often an idle worker looks for new messages
BUSY_POLL_SECONDS = 0.05  # ... and a busy one, whether the shared queue needs more


@dataclass
class FetchedArticle:
    """One article message's outcome, before cleaning: its HTML, or why there is none."""

    message: str  # the message as queued: its lease, and the article's job, key and source
    final_url: str = ""
    html: str = ""
    failure: str | None = None

    @property
    def fields(self) -> dict[str, Any]:
        fields: dict[str, Any] = json.loads(self.message)
        return fields


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class FetchWorkerSpider(RedisSpider):
    name = SPIDER
    redis_key = START_URLS
    leases: Leases
    idle_exit: float
    heartbeat: Heartbeat | None = None  # once the spider is open

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        super().update_settings(settings)
        apply_worker_settings(settings)

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> FetchWorkerSpider:
        spider: FetchWorkerSpider = super().from_crawler(crawler, *args, **kwargs)
        join(spider.server)  # a Scrapyd job of another version stops here
        spider.leases = Leases(spider.server, worker_id())
        spider.idle_exit = crawler.settings.getfloat("CORROBORATE_WORKER_IDLE_EXIT", 0.0)
        spider.spider_idle_start_time = int(time.time())
        crawler.signals.connect(spider.opened, signal=signals.spider_opened)
        crawler.signals.connect(spider.stopped, signal=signals.spider_closed)
        return spider

    def opened(self) -> None:
        self.heartbeat = Heartbeat(self.leases)
        self.heartbeat.start()

    def stopped(self) -> None:
        if self.heartbeat is not None:
            self.heartbeat.stop()
        try:
            self.leases.retire()
        except REDIS_ERRORS:
            logger.warning("could not retire worker %s; its heartbeat expires", self.leases.worker)

    async def start(self) -> AsyncIterator[Request]:
        """Read messages for as long as the worker runs (``idle_exit``: stop after that many
        seconds without one; 0 = never). Messages are taken only while the shared queue is
        short, so they wait in their list (cheap) rather than all moving to the queue."""
        last_message = time.monotonic()
        while True:
            try:
                busy = self.server.zcard(REQUESTS) >= 2 * self.redis_batch_size
                requests = [] if busy else list(self.next_requests())
            except REDIS_ERRORS as error:
                logger.warning("Redis unreachable, retrying: %s", error)
                busy, requests = False, []
            for request in requests:
                yield request
            if busy or requests:
                last_message = time.monotonic()
            elif self.idle_exit and time.monotonic() - last_message >= self.idle_exit:
                return
            await sleep(BUSY_POLL_SECONDS if busy or requests else POLL_SECONDS)

    def next_requests(self) -> Iterator[Request]:
        for new, message in self.leases.take_messages(self.redis_batch_size):
            yield self.article_request(message, new)

    def article_request(self, message: str, new: bool) -> Request:
        """A message sent again after a worker died skips the dupefilter: it was admitted."""
        fields = json.loads(message)
        return Request(
            fields["url"],
            callback=self.parse_article,
            errback=self.fetch_failed,
            dont_filter=not new,
            meta={"lease": message, "job": fields["job"]},
        )

    def parse_article(self, response: Response) -> Iterator[FetchedArticle]:
        message = response.meta["lease"]
        reason = unusable_article_reason(response)
        if reason is not None:
            yield FetchedArticle(message, failure=reason)
            return
        yield FetchedArticle(message, final_url=response.url, html=response.text)

    def fetch_failed(self, failure: Failure) -> Iterator[FetchedArticle]:
        yield FetchedArticle(
            failed_request(failure).meta["lease"], failure=describe_failure(failure)
        )
