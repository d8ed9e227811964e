"""Item pipelines: each hands a fetched article to one core function.

CPU-bound work (HTML cleaning, sentence splitting, fingerprinting) runs in the reactor's thread
pool so downloads keep flowing; SQLite writes stay on the reactor thread that owns the connection.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from scrapy.exceptions import DropItem
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.threads import deferToThread

from corroborate.cleaning import clean_page
from corroborate.fingerprints import text_fingerprint
from corroborate.sentences import split_sentences
from crawler.items import ArticleItem

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

    from crawler.spiders.base import RunContext

T = TypeVar("T")


async def in_thread(function: Callable[..., T], *args: Any) -> T:
    return await maybe_deferred_to_future(deferToThread(function, *args))


class _RunPipeline:
    """Gives a pipeline the run context of the spider it serves."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> _RunPipeline:
        return cls(crawler)

    @property
    def context(self) -> RunContext:
        return self.crawler.spider.context


class CleanPipeline(_RunPipeline):
    """Main text and canonical identity (``clean_page``); no main text is a fetch failure."""

    async def process_item(self, item: ArticleItem) -> ArticleItem:
        item.page = await in_thread(clean_page, item.html, item.final_url, item.publisher)
        if item.page is None:
            context = self.context
            context.store.record_fetch_failure(context.run_id, item.source, item.url,
                                               "no main text")
            context.progress.page(item.source, "failed", item.url, error="no main text")
            raise DropItem(f"no main text: {item.url}", log_level="INFO")
        return item


class StorePipeline(_RunPipeline):
    """One transaction per page (``Store.save_page``), with its sentences and fingerprint."""

    async def process_item(self, item: ArticleItem) -> ArticleItem:
        page = item.page
        if page is None:
            raise DropItem(f"not cleaned: {item.url}")
        sentences, fingerprint = await in_thread(_analyse, page.text)
        context = self.context
        context.store.save_page(context.run_id, page, source=item.source, sentences=sentences,
                                fingerprint=fingerprint, discovered_url=item.url)
        context.progress.page(item.source, "fetched", item.url)
        return item


def _analyse(text: str) -> tuple[list[str], int]:
    return split_sentences(text), text_fingerprint(text)
