"""What every discovery spider shares: the run it works for and how articles are fetched.

A spider discovers article URLs its own way (search API, feed, sitemap); from then on every
article is handled here: skipped when another spider of this process already took it, linked
without a fetch when the database knows it, fetched otherwise (up to the run's page cap), and
every failure is recorded with its reason, because a failure is data, not silence.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from functools import cached_property
from typing import Any

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure

from corroborate.sources.config import SourceConfig
from corroborate.sources.registry import SOURCES, Source
from corroborate.sources.window import DateWindow, from_stored
from corroborate.store import FrontierEntry
from crawler.articles import ArticleLink, link_record, recorded_link, registry_key
from crawler.frontier import ARTICLE
from crawler.frontier import ERRBACK as FRONTIER_ERRBACK
from crawler.frontier import TAG as FRONTIER_TAG
from crawler.items import ArticleItem
from crawler.responses import describe_failure, failed_request, unusable_article_reason
from crawler.run_context import RunContext

logger = logging.getLogger(__name__)


class SourceSpider(scrapy.Spider):
    """Base for the discovery spiders; ``name`` equals the config's source name."""

    def __init__(self, context: RunContext | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if context is None:
            # The run's settings (trusted endpoints, pace, page cap) come from its config,
            # which only `python -m crawler` applies; a bare `scrapy crawl` would run unsafely.
            raise ValueError(
                f"spider {self.name} runs through "
                "`python -m crawler --db PATH --run-id N --config FILE`"
            )
        self.context = context
        self.links_left = self.source.max_results

    @property
    def source(self) -> SourceConfig:
        return self.context.config.source(self.name)

    @property
    def spec(self) -> Source:
        """The source's registry entry: its window syntax, among others."""
        return SOURCES[self.name]

    @cached_property
    def window(self) -> DateWindow:
        """The run's date window; each spider passes it on in its source's own syntax."""
        return from_stored(*self.context.store.runs.run_window(self.context.run_id))

    def closed(self, reason: str) -> None:
        """Link the articles this crawl's other sources also found (see crawler/sightings.py)."""
        self.context.sightings.link_stored(self.context.store, self.context.run_id)

    def record_request(
        self,
        url: str,
        status: str,
        results: int = 0,
        error: str | None = None,
        response: Response | None = None,
        query_id: int | None = None,
    ) -> None:
        """Ledger entry and progress line for one discovery request."""
        elapsed = None
        if response is not None and response.request is not None:
            elapsed = response.request.meta.get("download_latency")
        self.context.store.crawl.record_source_request(
            self.context.run_id,
            self.name,
            url,
            status,
            results=results,
            error=error,
            elapsed=elapsed,
            query_id=query_id,
        )
        self.context.progress.request(self.name, status, url, error=error, results=results)

    def within_quota(self, links: Iterable[ArticleLink]) -> Iterator[ArticleLink]:
        """At most the source's ``max_results`` links over the whole run (feeds, sitemaps)."""
        for link in links:
            if self.links_left <= 0:
                return
            self.links_left -= 1
            yield link

    def article_requests(self, links: Iterable[ArticleLink]) -> Iterator[scrapy.Request]:
        for link in links:
            request = self.article_request(link)
            if request is not None:
                yield request

    def article_request(self, link: ArticleLink) -> scrapy.Request | None:
        """A request for a new article, or None when it is taken, known or over the cap."""
        context = self.context
        key = registry_key(link.url)
        if not context.registry.first_sight(link.url):
            context.sightings.also_found(key, link.url, self.name)
            return None
        context.sightings.first_found(key, link.url)
        page_id = context.store.crawl.page_id_for_url(link.url)
        if page_id is not None:
            context.store.crawl.link_page(context.run_id, page_id, self.name, link.url)
            context.frontier.add_article(key, link.url, self.name, link_record(link), known=True)
            context.progress.page(self.name, "known", link.url)
            return None
        if not context.registry.take_fetch():
            logger.info("page cap reached, not fetching %s", link.url)
            return None
        context.frontier.add_article(key, link.url, self.name, link_record(link))
        if context.dispatcher is not None:
            context.dispatcher.queue(key, link, self.name)
            return None
        return self.fetch_request(link, key)

    def fetch_request(self, link: ArticleLink, key: str) -> scrapy.Request:
        return scrapy.Request(
            link.url,
            callback=self.parse_article,
            errback=self.article_failed,
            cb_kwargs={"link": link},
            meta={FRONTIER_TAG: [ARTICLE, key]},
        )

    def resumed_article_request(self, entry: FrontierEntry) -> scrapy.Request:
        """The fetch of an article an earlier, killed process of this run had not finished."""
        return self.fetch_request(recorded_link(entry.url, entry.meta), entry.key)

    def abandon(self, entry: FrontierEntry, reason: str) -> None:
        """Record a pending request that a resume will not send again as failed, with why."""
        if entry.kind == ARTICLE:
            self.record_fetch_failure(entry.url, reason)
            return
        with self.context.store.transaction():
            self.record_request(entry.url, "failed", error=reason)
            self.context.store.frontier.settle(
                self.context.run_id, entry.kind, entry.key, "failed", reason
            )

    def discovery_failed(self, failure: Failure) -> Any:
        """Errback of every discovery request (the frontier installs it): the spider's own
        errback writes the ledger, and the frontier entry is settled in the same transaction,
        as failed even when that errback raises (its error is re-raised after the commit)."""
        request = failed_request(failure)
        name = request.meta.get(FRONTIER_ERRBACK)
        output: Any = None
        error: Exception | None = None
        with self.context.store.transaction():
            try:
                output = getattr(self, name)(failure) if name else None
                if output is not None and not isinstance(output, Failure):
                    output = self.context.frontier.admit_all(output, self)
            except Exception as exc:  # noqa: BLE001 - settled as failed, then re-raised
                error = exc
            self.context.frontier.settle(request, "failed", describe_failure(failure))
        if error is not None:
            raise error
        return output

    def parse_article(self, response: Response, link: ArticleLink) -> Iterator[ArticleItem]:
        reason = unusable_article_reason(response)
        if reason is not None:
            self.record_fetch_failure(link.url, reason)
            return
        yield ArticleItem(
            url=link.url,
            final_url=response.url,
            html=response.text,
            source=self.name,
            publisher=link.publisher,
            discovered_from=link.discovered_from,
        )

    def article_failed(self, failure: Failure) -> None:
        link: ArticleLink = failed_request(failure).cb_kwargs["link"]
        self.record_fetch_failure(link.url, describe_failure(failure))

    def record_fetch_failure(self, url: str, reason: str) -> None:
        self.context.store.crawl.record_fetch_failure(self.context.run_id, self.name, url, reason)
        self.context.progress.page(self.name, "failed", url, error=reason)
