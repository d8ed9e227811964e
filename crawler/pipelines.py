"""Item pipelines: each hands a fetched article to one core function.

CPU-bound work on untrusted pages (HTML cleaning, sentence splitting, fingerprinting) runs in a
pool of worker processes (``crawler.extraction_pool``) with a per-page timeout and memory cap,
so downloads keep flowing and a runaway page costs one recorded failure, not the crawl. SQLite
writes stay on the reactor thread that owns the connection.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Self, cast

from scrapy.exceptions import DropItem

from corroborate.models import CleanedPage
from corroborate.pages.cleaning import clean_page
from corroborate.pages.fingerprints import text_fingerprint
from corroborate.text.sentences import split_sentences
from crawler.extraction_pool import (
    ExtractionFailed,
    ExtractionPool,
    PoolLimits,
    acquire_shared_pool,
    release_shared_pool,
)
from crawler.items import ArticleItem

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

    from crawler.run_context import RunContext
    from crawler.spiders.base import SourceSpider

PRELOAD = (
    "corroborate.pages.cleaning",
    "corroborate.text.sentences",
    "corroborate.pages.fingerprints",
)


def pool_limits(crawler: Crawler) -> PoolLimits:
    settings = crawler.settings
    return PoolLimits(
        workers=max(1, settings.getint("CORROBORATE_EXTRACTION_WORKERS", 2)),
        timeout=settings.getfloat("CORROBORATE_EXTRACTION_TIMEOUT", 30.0),
        memory_bytes=settings.getint("CORROBORATE_EXTRACTION_MEMORY_MB", 2048) * 1024 * 1024,
        preload=PRELOAD,
    )


class PooledPipeline:
    """A pipeline that runs work in the process-wide extraction pool, held while its spider
    runs (the local crawl's pipelines and the distributed worker's share it)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.pool: ExtractionPool | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def open_spider(self) -> None:
        self.pool = acquire_shared_pool(pool_limits(self.crawler))

    def close_spider(self) -> None:
        if self.pool is not None:
            self.pool = None
            release_shared_pool()

    async def in_worker(self, function: Callable[..., Any], *args: Any) -> Any:
        assert self.pool is not None, "open_spider starts the pool"
        return await asyncio.wrap_future(self.pool.submit(function, *args))


class _RunPipeline(PooledPipeline):
    """Gives a pipeline the run context of the spider it serves."""

    @property
    def context(self) -> RunContext:
        return cast("SourceSpider", self.crawler.spider).context

    def drop_failed(self, item: ArticleItem, reason: str) -> DropItem:
        """Record a page that yields nothing as a fetch failure; the DropItem to raise."""
        context = self.context
        context.store.crawl.record_fetch_failure(context.run_id, item.source, item.url, reason)
        context.progress.page(item.source, "failed", item.url, error=reason)
        return DropItem(f"{reason}: {item.url}", log_level="INFO")


class CleanPipeline(_RunPipeline):
    """Main text, canonical identity, sentences and fingerprint, in one trip to a worker;
    no main text is a fetch failure."""

    async def process_item(self, item: ArticleItem) -> ArticleItem:
        try:
            analysed = await self.in_worker(analyse_page, item.html, item.final_url)
        except ExtractionFailed as error:
            raise self.drop_failed(item, str(error)) from None
        if analysed is None:
            raise self.drop_failed(item, "no main text")
        item.page, item.sentences, item.fingerprint = analysed
        return item


class StorePipeline(_RunPipeline):
    """One transaction per page (``store.crawl.save_page``), with its sentences and fingerprint."""

    def process_item(self, item: ArticleItem) -> ArticleItem:
        page = item.page
        if page is None or item.fingerprint is None:
            raise DropItem(f"not cleaned: {item.url}")
        context = self.context
        context.store.crawl.save_page(
            context.run_id,
            page,
            source=item.source,
            sentences=item.sentences,
            fingerprint=item.fingerprint,
            discovered_url=item.url,
            validators=(item.etag, item.last_modified),
            replaces=item.replaces,
        )
        context.progress.page(item.source, "fetched", item.url)
        return item


def analyse_page(html: str, url: str) -> tuple[CleanedPage, list[str], bytes] | None:
    """The worker's whole job for one page: cleaned page, its sentences and fingerprint.

    One call rather than one per step: each trip to a worker costs the reactor thread a
    pickled round trip, and the text would travel back and forth between the steps.
    """
    page = clean_page(html, url)
    if page is None:
        return None
    return page, split_sentences(page.text), text_fingerprint(page.text)
