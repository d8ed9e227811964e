"""Bing News RSS search: each stored query once; links unwrapped offline, dates filtered here.

Item links are ``.../news/apiclick.aspx?...&url=<article>`` click trackers: the article URL is
the ``url`` parameter, so the tracker is never fetched (wherever it points). Bing's RSS has no
precise date syntax, so the run's window is applied to each item's ``pubDate`` instead.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from urllib.parse import parse_qs, urlencode, urlsplit

import scrapy

from corroborate.sources.languages import ENGLISH, LANGUAGES
from corroborate.sources.window import entry_date
from corroborate.store import StoredQuery
from crawler.articles import ArticleLink
from crawler.parsers.news_rss import NewsItem
from crawler.spiders.news_search import NewsSearchSpider

logger = logging.getLogger(__name__)

CLICK_TRACKER = "apiclick.aspx"


def search_url(endpoint: str, query: str, market: str | None) -> str:
    params = {"q": query, "format": "rss"}
    if market:
        params["mkt"] = market
    return f"{endpoint}?{urlencode(params)}"


def article_url(link: str) -> str | None:
    """The article behind a Bing link: the ``url`` parameter of any apiclick.aspx tracker."""
    parts = urlsplit(link)
    if not parts.path.lower().endswith(CLICK_TRACKER):
        return link if parts.scheme in ("http", "https") else None
    target = parse_qs(parts.query).get("url", [""])[0]
    return target if target.startswith(("http://", "https://")) else None


class BingNewsSpider(NewsSearchSpider):
    name = "bing_news"

    async def start(self) -> AsyncIterator[scrapy.Request]:
        if not self.source.url:
            logger.warning("bing_news: no url configured; skipping")
            return
        for query in self.context.store.runs.queries_for_run(self.context.run_id, self.name):
            yield self.search_request(query)

    def search_request(self, query: StoredQuery) -> scrapy.Request:
        mkt = (
            self.source.option("mkt")
            if query.language == ENGLISH
            else LANGUAGES[query.language].bing
        )
        url = search_url(self.source.url or "", query.text, mkt)
        return self.api_request(url, query.query_id)

    def follow_items(
        self, items: list[NewsItem], search: str, query_id: int | None
    ) -> Iterator[scrapy.Request]:
        in_window = [item for item in items if self.window.contains(entry_date(item.published))]
        yield from self.article_requests(self.links(in_window[: self.source.max_results], search))

    def links(self, items: list[NewsItem], search: str) -> Iterator[ArticleLink]:
        for item in items:
            url = article_url(item.link)
            if url is None:
                self.record_fetch_failure(item.link, "no article URL in the Bing link")
                continue
            yield ArticleLink(url, search)
