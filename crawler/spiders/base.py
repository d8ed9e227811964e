"""What every discovery spider shares: the run it works for and how articles are fetched.

A spider discovers article URLs its own way (search API, feed, sitemap); from then on every
article is handled here: skipped when another spider of this process already took it, linked
without a fetch when the database knows it, fetched otherwise (up to the run's page cap), and
every failure is recorded with its reason, because a failure is data, not silence.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import cached_property
from typing import TYPE_CHECKING, Any, Self, cast

import scrapy
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from corroborate.sources.config import SourceConfig
from corroborate.sources.registry import SOURCES, Source
from corroborate.sources.window import DateWindow, from_stored
from corroborate.store import FrontierEntry
from crawler.articles import (
    MAX_URL_LENGTH,
    ArticleLink,
    link_record,
    recorded_link,
    registry_key,
    unfetchable_reason,
    without_credentials,
)
from crawler.frontier import ARTICLE
from crawler.frontier import ERRBACK as FRONTIER_ERRBACK
from crawler.frontier import TAG as FRONTIER_TAG
from crawler.items import ArticleItem
from crawler.responses import (
    describe_failure,
    failed_request,
    page_text,
    unusable_article_reason,
)
from crawler.revalidation import GONE, NOT_MODIFIED, REVALIDATES, header, revalidation_request
from crawler.run_context import RunContext
from crawler.settings import crawl_settings

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

RUN_ARGUMENTS_HINT = (
    "spider {spider} crawls for a run stored in a corroborate database: scrapy crawl {spider} "
    "-a db=PATH -a run_id=N -a config=FILE (a whole check: corroborate check ARTICLE)"
)


def run_arguments_missing(arguments: dict[str, Any]) -> bool:
    """True when spider arguments do not name a stored run (``db`` and ``run_id``)."""
    return not (arguments.get("db") and arguments.get("run_id"))


class SourceSpider(scrapy.Spider):
    """Base for the discovery spiders; ``name`` equals the config's source name."""

    def __init__(self, context: RunContext | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if context is None:
            raise ValueError(RUN_ARGUMENTS_HINT.format(spider=self.name))
        self.context = context
        self.links_left = self.source.max_results
        self.owns_context = False  # opened from spider arguments: closed with the spider

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        """``python -m crawler`` passes the run's context; ``scrapy crawl`` and Scrapyd pass
        spider arguments (``db``, ``run_id``, ``config``, ``resume``), from which the context
        is opened and the config's settings applied, as ``python -m crawler`` applies them."""
        if kwargs.get("context") is not None or run_arguments_missing(kwargs):
            return super().from_crawler(crawler, *args, **kwargs)
        context = RunContext.open(
            kwargs.pop("db"),
            int(kwargs.pop("run_id")),
            kwargs.pop("config", None),
            resume=kwargs.pop("resume", "") in ("1", "true", "yes"),
        )
        crawler.settings.setdict(crawl_settings(context.config), priority="spider")
        spider = super().from_crawler(crawler, *args, context=context, **kwargs)
        spider.owns_context = True
        return spider

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
        try:
            self.context.sightings.link_stored(self.context.store, self.context.run_id)
        except sqlite3.Error as error:  # a signal handler's error would only be logged
            self.context.lost.append(f"sightings of {self.name}: {error}")
        if self.owns_context:
            self.context.progress.done()
            self.context.store.close()

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
        """A request for a new article, or None when it is taken, known, over the cap or
        unusable (then recorded as a fetch failure with its reason: one bad link never costs
        the others of its answer)."""
        link = replace(link, url=without_credentials(link.url))
        reason = unfetchable_reason(link.url)
        if reason is None:
            try:
                return self._article_request(link)
            except ValueError as error:  # whatever the checks above did not foresee
                reason = f"malformed URL: {error}"
        self.record_fetch_failure(link.url[:MAX_URL_LENGTH], reason)
        return None

    def _article_request(self, link: ArticleLink) -> scrapy.Request | None:
        context = self.context
        key = registry_key(link.url)
        if not context.registry.first_sight(link.url):
            context.sightings.also_found(key, link.url, self.name)
            return None
        context.sightings.first_found(key, link.url)
        page_id = context.store.crawl.page_id_for_url(link.url)
        if page_id is not None and context.recheck:
            context.frontier.add_article(
                key, link.url, self.name, {**link_record(link), REVALIDATES: page_id}
            )
            return revalidation_request(self, link, key, page_id)
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
        # dont_filter: the registry already dedupes articles; Scrapy's duplicate filter would
        # drop a redirect back to a seen URL (a loop) without a word, leaving it pending.
        return scrapy.Request(
            link.url,
            callback=self.parse_article,
            errback=self.article_failed,
            cb_kwargs={"link": link},
            meta={FRONTIER_TAG: [ARTICLE, key]},
            dont_filter=True,
        )

    def resumed_article_request(self, entry: FrontierEntry) -> scrapy.Request:
        """The fetch of an article an earlier, killed process of this run had not finished."""
        link = recorded_link(entry.url, entry.meta)
        if entry.meta.get(REVALIDATES) is not None:
            return revalidation_request(self, link, entry.key, entry.meta[REVALIDATES])
        return self.fetch_request(link, entry.key)

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

    def parse_article(
        self, response: Response, link: ArticleLink, replaces: int | None = None
    ) -> Iterator[ArticleItem]:
        reason = unusable_article_reason(response)
        if reason is not None:
            self.record_fetch_failure(link.url, reason)
            return
        yield ArticleItem(
            url=link.url,
            final_url=response.url,
            html=page_text(cast(TextResponse, response)),
            source=self.name,
            publisher=link.publisher,
            discovered_from=link.discovered_from,
            etag=header(response, b"ETag"),
            last_modified=header(response, b"Last-Modified"),
            replaces=replaces,
        )

    def parse_revalidated(
        self, response: Response, link: ArticleLink, page_id: int
    ) -> Iterator[ArticleItem]:
        """A stored page asked again: unchanged (304), gone (404, 410) or a new version."""
        context = self.context
        if response.status == NOT_MODIFIED:
            context.store.crawl.link_unchanged(context.run_id, page_id, self.name, link.url)
            context.progress.page(self.name, "known", link.url)
        elif response.status in GONE:
            reason = f"HTTP {response.status}"
            context.store.crawl.record_vanished(
                context.run_id, page_id, self.name, link.url, reason
            )
            context.progress.page(self.name, "failed", link.url, error=f"vanished ({reason})")
        else:
            yield from self.parse_article(response, link, replaces=page_id)

    def revalidation_failed(self, failure: Failure) -> None:
        """No answer about a stored page is no news: the run keeps the page as it was."""
        request = failed_request(failure)
        link: ArticleLink = request.cb_kwargs["link"]
        context = self.context
        context.store.crawl.link_unchanged(
            context.run_id,
            request.cb_kwargs["page_id"],
            self.name,
            link.url,
            reason=f"not revalidated: {describe_failure(failure)}",
        )
        context.progress.page(self.name, "known", link.url)

    def article_failed(self, failure: Failure) -> None:
        link: ArticleLink = failed_request(failure).cb_kwargs["link"]
        self.record_fetch_failure(link.url, describe_failure(failure))

    def record_fetch_failure(self, url: str, reason: str) -> None:
        self.context.store.crawl.record_fetch_failure(self.context.run_id, self.name, url, reason)
        self.context.progress.page(self.name, "failed", url, error=reason)
