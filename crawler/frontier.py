"""The crawl frontier in SQLite, so a crawl killed at any moment resumes without loss or repeats.

Every request is written to the ``frontier`` table (state ``pending``) before Scrapy schedules
it, and settled (``done`` / ``failed``) in the same transaction that stores its outcome: the
page (``store.crawl.save_page``), the fetch failure (``store.crawl.record_fetch_failure``),
or, for a discovery request, its ledger entry together with the article requests it produced.
``python -m crawler --resume`` re-sends only what is still pending. Scrapy's own JOBDIR cannot do
this: requests in flight at a kill are marked seen there but never fetched.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import AsyncIterator, Iterable
from typing import TYPE_CHECKING, Any, Protocol, cast

from scrapy import Request, Spider
from scrapy.utils.request import request_from_dict

from corroborate.errors import CorroborateError
from corroborate.store import FrontierEntry, Store

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from twisted.python.failure import Failure

    from crawler.articles import ArticleRegistry

logger = logging.getLogger(__name__)


class SourceSpider(Protocol):
    """What the frontier needs of a discovery spider (``crawler.spiders.base.SourceSpider``)."""

    name: str
    crawler: Crawler

    def discovery_failed(self, failure: Failure) -> Any: ...

    def abandon(self, entry: FrontierEntry, reason: str) -> None: ...

    def resumed_article_request(self, entry: FrontierEntry) -> Request: ...


ARTICLE, DISCOVERY = "article", "discovery"
TAG = "frontier"  # request.meta[TAG] = [kind, key]
ERRBACK = "frontier_errback"  # the spider's own errback, called by SourceSpider.discovery_failed
KNOWN = "already stored"  # reason of an article linked to a page stored by an earlier run
MAX_ATTEMPTS = 3


class Frontier:
    """One run's frontier: registers, settles and (on resume) re-sends requests."""

    def __init__(self, store: Store, run_id: int, previous: list[FrontierEntry]) -> None:
        self.store = store
        self.run_id = run_id
        self.previous = previous
        self.known = {(entry.kind, entry.key) for entry in previous}

    @classmethod
    def open(cls, store: Store, run_id: int, resume: bool) -> Frontier:
        """The run's frontier; a crawled run is only ever resumed, never crawled twice."""
        previous = store.frontier.entries(run_id)
        if previous and not resume:
            raise CorroborateError(f"run {run_id} was already crawled; continue it with --resume")
        return cls(store, run_id, previous)

    def seed(self, registry: ArticleRegistry) -> None:
        """Carry the earlier processes' article URLs and page-cap use into this one."""
        articles = [entry for entry in self.previous if entry.kind == ARTICLE]
        registry.seen.update(entry.key for entry in articles)
        registry.fetches += sum(entry.reason != KNOWN for entry in articles)

    def add_article(
        self, key: str, url: str, source: str, meta: dict[str, Any], known: bool = False
    ) -> None:
        state, reason = ("done", KNOWN) if known else ("pending", None)
        self.store.frontier.add(
            self.run_id,
            FrontierEntry(ARTICLE, key, url, source, state=state, reason=reason, meta=meta),
        )

    def admit(self, output: Any, spider: SourceSpider) -> Any:
        """Register a discovery request before it is scheduled; None when an earlier process
        of this run already has it (``resume_requests`` re-sends it if still pending)."""
        if not isinstance(output, Request) or TAG in output.meta:
            return output
        key = discovery_key(spider.crawler, output)
        if (DISCOVERY, key) in self.known:
            return None
        request = output.replace(errback=spider.discovery_failed)
        request.meta[TAG] = [DISCOVERY, key]
        if output.errback is not None:
            request.meta[ERRBACK] = output.errback.__name__
        entry = FrontierEntry(
            DISCOVERY, key, request.url, spider.name, meta=request_record(request, spider)
        )
        if not self.store.frontier.add(self.run_id, entry):
            return None  # the same request twice in this process: Scrapy would filter it too
        return request

    def admit_all(self, outputs: Iterable[Any], spider: SourceSpider) -> list[Any]:
        admitted = (self.admit(output, spider) for output in outputs)
        return [output for output in admitted if output is not None]

    def settle(self, request: Request, state: str, reason: str | None = None) -> None:
        tag = request.meta.get(TAG)
        if tag is not None:
            self.store.frontier.settle(self.run_id, tag[0], tag[1], state, reason)

    def count_attempt(self, request: Request) -> None:
        tag = request.meta.get(TAG)
        if tag is not None:
            self.store.frontier.count_attempt(self.run_id, tag[0], tag[1])

    def resume_requests(self, spider: SourceSpider) -> list[Request]:
        """The pending requests an earlier process of this run left behind for this spider."""
        pending = [
            entry
            for entry in self.previous
            if entry.state == "pending" and entry.source == spider.name
        ]
        requests = [self._resumed(entry, spider) for entry in pending]
        if pending:
            logger.info("%s: resuming %d pending requests", spider.name, len(pending))
        return [request for request in requests if request is not None]

    def _resumed(self, entry: FrontierEntry, spider: SourceSpider) -> Request | None:
        if entry.attempts >= MAX_ATTEMPTS:
            spider.abandon(entry, f"gave up after {entry.attempts} attempts")
            return None
        try:
            request = (
                spider.resumed_article_request(entry)
                if entry.kind == ARTICLE
                else request_from_record(entry.meta, spider)
            )
        except (ValueError, KeyError, TypeError) as error:  # one bad entry, not the whole resume
            spider.abandon(entry, f"cannot resume: {type(error).__name__}: {error}")
            return None
        if request is None:
            spider.abandon(entry, "cannot resume: request not recorded")
            return None
        request.meta["retry_times"] = entry.attempts  # the retry budget left, not a fresh one
        return request


def discovery_key(crawler: Crawler, request: Request) -> str:
    """Stable across processes: the request fingerprint plus what tells twins apart
    (the same search URL sent for two claims carries two query ids)."""
    fingerprint = crawler.request_fingerprinter.fingerprint(request).hex()
    extras = json.dumps([_jsonable(request.meta), _jsonable(request.cb_kwargs)], sort_keys=True)
    return hashlib.sha1(f"{fingerprint} {extras}".encode()).hexdigest()


def _jsonable(values: dict[str, Any]) -> dict[str, Any]:
    """The JSON-representable part of a meta or cb_kwargs dict."""
    kept = {}
    for name, value in values.items():
        try:
            json.dumps(value)
        except (TypeError, ValueError):
            continue
        kept[name] = value
    return kept


def as_scrapy_spider(spider: SourceSpider) -> Spider:
    """Our spiders are Scrapy spiders; the protocol names only what the frontier calls."""
    return cast(Spider, spider)


def request_record(request: Request, spider: SourceSpider) -> dict[str, Any]:
    """A JSON form of a request (Scrapy's ``to_dict``), or {} when it cannot be rebuilt."""
    try:
        record = request.to_dict(spider=as_scrapy_spider(spider))
    except ValueError as error:  # a callback that is not a spider method
        logger.warning("request %s cannot be resumed after a crash: %s", request.url, error)
        return {}
    if _jsonable(record["cb_kwargs"]) != record["cb_kwargs"]:
        logger.warning("request %s cannot be resumed: cb_kwargs are not JSON", request.url)
        return {}
    record["meta"] = _jsonable(record["meta"])
    record["body"] = record["body"].decode("latin-1")
    record["headers"] = {
        name.decode("latin-1"): [value.decode("latin-1") for value in values]
        for name, values in record["headers"].items()
    }
    return record


def request_from_record(record: dict[str, Any], spider: SourceSpider) -> Request | None:
    if not record:
        return None
    record = {
        **record,
        "body": record["body"].encode("latin-1"),
        "headers": {
            name.encode("latin-1"): [value.encode("latin-1") for value in values]
            for name, values in record["headers"].items()
        },
    }
    return request_from_dict(record, spider=as_scrapy_spider(spider))


class FrontierSpiderMiddleware:
    """Registers discovery requests before they are scheduled, re-sends pending ones on
    resume, and settles a discovery request once all its output is registered."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FrontierSpiderMiddleware:
        return cls(crawler)

    def _frontier(self) -> Frontier | None:
        context = getattr(self.crawler.spider, "context", None)
        return getattr(context, "frontier", None)

    def _spider(self) -> SourceSpider:
        """The crawl's spider: with a frontier, always one of ours."""
        return cast("SourceSpider", self.crawler.spider)

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        spider, frontier = self._spider(), self._frontier()
        if frontier is not None:
            for request in frontier.resume_requests(spider):
                yield request
        async for output in start:
            if frontier is not None:
                output = frontier.admit(output, spider)
            if output is not None:
                yield output

    async def process_spider_output(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        frontier = self._frontier()
        if frontier is None:
            async for output in result:
                yield output
            return
        outputs, error = await self._register_all(frontier, response, result)
        for output in outputs:
            if output is not None:
                yield output
        if error is not None:
            raise error

    async def _register_all(
        self, frontier: Frontier, response: Response, result: AsyncIterator[Any]
    ) -> tuple[list[Any], Exception | None]:
        """All of a callback's output registered, and its request settled, in one transaction;
        a spider error is caught so the request is committed as failed, then re-raised.

        Our callbacks are plain generators: Scrapy iterates them without yielding to the
        reactor, so no other writer's work joins this transaction (or a rollback of it)."""
        outputs: list[Any] = []
        error: Exception | None = None
        with frontier.store.transaction():
            try:
                async for output in result:
                    outputs.append(frontier.admit(output, self._spider()))
            except Exception as exc:  # noqa: BLE001 - settled as failed, then re-raised
                error = exc
            request = response.request
            if request is not None and request.meta.get(TAG, [None])[0] == DISCOVERY:
                reason = None if error is None else f"spider error: {type(error).__name__}"
                frontier.settle(request, "done" if error is None else "failed", reason)
        return outputs, error


class AttemptCounterMiddleware:
    """Counts each failed attempt (error status or download error) of a frontier request, next
    to the downloader. A request in flight when the crawl is killed costs no attempt, and nor
    does a good answer still waiting for cleaning: the kill lost it, the server did not fail."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> AttemptCounterMiddleware:
        return cls(crawler)

    def _count(self, request: Request) -> None:
        context = getattr(self.crawler.spider, "context", None)
        if context is not None:
            context.frontier.count_attempt(request)

    def process_response(self, request: Request, response: Response) -> Response:
        if response.status >= 400:
            self._count(request)
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        self._count(request)
