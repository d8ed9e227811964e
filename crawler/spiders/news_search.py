"""What the RSS news-search spiders (Google News, Bing News) share: API requests on the
source's own throttled slot, reading the RSS answer into the ledger, and recording failures."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure

from crawler.parsers.news_rss import NewsItem, read_news_rss
from crawler.parsers.xml import xml_body
from crawler.responses import describe_failure, failed_request, html_sentence, response_text
from crawler.spiders.base import SourceSpider


class NewsSearchSpider(SourceSpider):
    """Subclasses build search requests with ``api_meta`` and follow items in ``follow_items``."""

    def api_meta(self, **extra: Any) -> dict[str, Any]:
        """Search-API calls: the source's own slot and pace, and no robots.txt (not crawling)."""
        return {
            "download_slot": self.name,
            "autothrottle_dont_adjust_delay": True,
            "dont_obey_robotstxt": True,
            **extra,
        }

    def api_request(self, url: str, query_id: int) -> scrapy.Request:
        """One search call for one stored query, answered by ``parse_search``."""
        return scrapy.Request(
            url,
            callback=self.parse_search,
            errback=self.search_failed,
            meta=self.api_meta(query_id=query_id),
            dont_filter=True,
        )

    def parse_search(self, response: Response) -> Iterator[scrapy.Request]:
        query_id = response.meta.get("query_id")
        items = read_news_rss(xml_body(response, self.settings.getint("DOWNLOAD_MAXSIZE")))
        if items is None:  # a block page or an error page is a failed search, not "no news"
            error = f"not RSS: {html_sentence(response_text(response))}"
            self.record_request(
                response.url, "failed", error=error, response=response, query_id=query_id
            )
            return
        self.record_request(
            response.url,
            "ok" if items else "empty",
            results=len(items),
            response=response,
            query_id=query_id,
        )
        yield from self.follow_items(items, response.url, query_id)

    def follow_items(
        self, items: list[NewsItem], search: str, query_id: int | None
    ) -> Iterator[scrapy.Request]:
        raise NotImplementedError

    def search_failed(self, failure: Failure) -> None:
        self.record_request(
            failed_request(failure).url,
            "failed",
            error=describe_failure(failure),
            query_id=failed_request(failure).meta.get("query_id"),
        )
