"""robots.txt as RFC 9309 reads it, and its ``Crawl-delay`` honoured.

Scrapy's middleware treats a robots.txt it could not get (a timeout, a refused connection) as
"allow everything", and parses a 5xx error page as if it were the rules. RFC 9309 says the
opposite: when robots.txt is unreachable (5xx, network error) the crawler must assume a complete
disallow; only a 4xx means "no rules" (except 429: a rate limit is read as unreachable, as
Google does). Scrapy also ignores ``Crawl-delay``; here it becomes the host's download-slot
delay, with one request at a time and AutoThrottle kept from shortening it.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.httpobj import urlparse_cached

from corroborate.sources.config import CrawlConfig

if TYPE_CHECKING:
    from scrapy.http import Request, Response
    from scrapy.settings import BaseSettings

logger = logging.getLogger(__name__)

MAX_CRAWL_DELAY = 60.0  # a hostile robots.txt must not park the crawl for hours
MAX_ROBOTS_BYTES = 500 * 1024  # RFC 9309 asks parsers to read at least this much, no more needed


class Unreachable:
    """Stands in for the rules of a host whose robots.txt could not be read: nothing allowed."""

    def __init__(self, reason: str) -> None:
        self.reason = reason

    def allowed(self, url: str | bytes, user_agent: str | bytes) -> bool:
        return False


class StrictRobotsTxtMiddleware(RobotsTxtMiddleware):
    """``RobotsTxtMiddleware`` with RFC 9309 failure handling and ``Crawl-delay``."""

    async def process_request(self, request: Request, spider: Any = None) -> None:
        if _is_robots_request(request):
            request.meta.setdefault("download_timeout", robots_timeout(self.crawler.settings))
        await super().process_request(request)

    async def robot_parser(self, request: Request) -> Any:
        """The host's rules, read from the table once settled.

        Scrapy hands the rules to waiting requests through one shared Deferred, so only the
        first waiter receives them and the others get None, which means "allow everything".
        """
        await super().robot_parser(request)
        return self._parsers[urlparse_cached(request).netloc]

    async def _parse_robots(self, response: Response, netloc: str, request: Request) -> None:
        if response.status >= 500 or response.status == 429:  # 429: Google's reading too
            self._settle(netloc, Unreachable(f"HTTP {response.status}"))
            return
        if 400 <= response.status < 500:
            response = response.replace(body=b"")  # no rules; an error page is not rules
        elif len(response.body) > MAX_ROBOTS_BYTES:
            response = response.replace(body=response.body[:MAX_ROBOTS_BYTES])
        await super()._parse_robots(response, netloc, request)

    def _robots_error(self, exc: Exception, netloc: str) -> None:
        self._stats.inc_value(f"robotstxt/exception_count/{type(exc)}")
        self._settle(netloc, Unreachable(failure_label(exc)))

    def _settle(self, netloc: str, rules: Any) -> None:
        if isinstance(rules, Unreachable):
            logger.info("robots.txt of %s unavailable (%s): host not crawled", netloc, rules.reason)
        waiting = self._parsers[netloc]
        self._parsers[netloc] = rules
        waiting.callback(rules)  # type: ignore[union-attr]

    def process_request_2(self, rp: Any, request: Request) -> None:
        if isinstance(rp, Unreachable):
            raise IgnoreRequest(f"robots.txt unavailable ({rp.reason}): not fetched")
        super().process_request_2(rp, request)
        if rp is not None:
            self._apply_crawl_delay(rp, request)

    def _apply_crawl_delay(self, rp: Any, request: Request) -> None:
        delay = crawl_delay(rp, self._robotstxt_useragent or self._default_useragent)
        if not delay:
            return
        request.meta["autothrottle_dont_adjust_delay"] = True
        downloader = self.crawler.engine.downloader
        key = downloader.get_slot_key(request)
        downloader.per_slot_settings[key] = {"concurrency": 1, "delay": delay, "jitter": 0.0}
        slot = downloader.slots.get(key)
        if slot is not None and slot.delay < delay:
            slot.delay, slot.concurrency, slot.jitter = delay, 1, 0.0


def robots_timeout(settings: BaseSettings) -> float:
    """Seconds a robots.txt gets: never less than a page, and at least
    ``CORROBORATE_ROBOTS_TIMEOUT``, because an unread robots.txt closes its whole host (a page
    timeout can be a few seconds; retries still apply on top)."""
    least = settings.getfloat("CORROBORATE_ROBOTS_TIMEOUT", CrawlConfig.robots_timeout)
    return max(settings.getfloat("DOWNLOAD_TIMEOUT"), least)


def crawl_delay(rp: Any, user_agent: str | bytes) -> float:
    """The rules' ``Crawl-delay`` for us in seconds, capped; 0 when absent or unreadable."""
    reader = getattr(rp, "crawl_delay", None)
    if reader is None:
        return 0.0
    try:
        delay = float(reader(user_agent) or 0.0)
    except (TypeError, ValueError):
        return 0.0
    return min(max(delay, 0.0), MAX_CRAWL_DELAY)


def failure_label(error: Exception) -> str:
    """A short, groupable reason: the URL is stored beside it."""
    kind = type(error).__name__
    if "Timeout" in kind:
        return "timeout"
    if "DNS" in kind or "Resolve" in kind:
        return "DNS lookup failed"
    if isinstance(error, IgnoreRequest) and str(error):
        return " ".join(str(error).split())[:120]
    return kind


def _is_robots_request(request: Request) -> bool:
    """The middleware's own robots.txt request (it carries this meta flag and path)."""
    return (
        request.meta.get("dont_obey_robotstxt") is True
        and urlparse_cached(request).path == "/robots.txt"
    )
