"""Google News RSS search: each stored query, sliced by date, its items' links decoded.

Google answers about 100 items per query, so a long date window is asked in slices. Item links
are redirect tokens: old ones decode offline, new ones need the article page (signature and
timestamp) and a batchexecute POST, both on Google's own throttled slot, and decoded URLs are
cached in the database across runs. An item that cannot be decoded is still a publisher that
reported the story: it is recorded as "reported, not fetched" with the reason.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urlencode

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure

from corroborate.sources.languages import ENGLISH, LANGUAGES
from corroborate.sources.window import DateWindow
from corroborate.store import StoredQuery
from crawler.articles import ArticleLink
from crawler.parsers.google_news_links import (
    batchexecute_form,
    decode_params,
    decode_token,
    parse_batchexecute,
    token_of,
)
from crawler.parsers.news_rss import NewsItem
from crawler.responses import describe_failure, failed_request, response_text
from crawler.spiders.news_search import NewsSearchSpider

logger = logging.getLogger(__name__)

LOCALE = ("hl", "gl", "ceid")  # the options that name Google's language, country and edition


def search_url(endpoint: str, query: str, operators: str, locale: dict[str, str]) -> str:
    """``q`` carries the window as ``after:``/``before:`` operators; hl, gl and ceid agree."""
    q = " ".join(part for part in (query, operators) if part)
    return f"{endpoint}?{urlencode({'q': q, **locale})}"


class GoogleNewsSpider(NewsSearchSpider):
    name = "google_news"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.decoding: set[str] = set()  # tokens with a decode in flight or done this run

    async def start(self) -> AsyncIterator[scrapy.Request]:
        if not self.source.url:
            logger.warning("google_news: no url configured; skipping")
            return
        slices = self.window.slices(self.source.option("slice_days"))
        for query in self.context.store.runs.queries_for_run(self.context.run_id, self.name):
            for window in slices:
                yield self.search_request(query, window)

    def locale(self, language: str = ENGLISH) -> dict[str, str]:
        """The configured edition for English queries, the language's own for the others."""
        if language != ENGLISH:
            return dict(zip(LOCALE, LANGUAGES[language].google, strict=True))
        return {key: self.source.option(key) for key in LOCALE}

    def search_request(self, query: StoredQuery, window: DateWindow) -> scrapy.Request:
        url = search_url(
            self.source.url or "",
            query.text,
            self.spec.window_terms(window),
            self.locale(query.language),
        )
        return self.api_request(url, query.query_id)

    def follow_items(
        self, items: list[NewsItem], search: str, query_id: int | None
    ) -> Iterator[scrapy.Request]:
        for item in items[: self.source.max_results]:
            yield from self.resolve(item, search, query_id)

    # --- from item link to article URL -----------------------------------------------------

    def resolve(
        self, item: NewsItem, search: str, query_id: int | None
    ) -> Iterator[scrapy.Request]:
        token = token_of(item.link)
        if token is None:  # a plain article link: nothing to decode
            yield from self.follow(item, item.link, search)
            return
        decoded = decode_token(token)
        cached = self.context.store.crawl.decoded_google_news_url(token)
        if decoded.url or cached:
            yield from self.follow(item, decoded.url or cached or "", search)
        elif decoded.error:
            self.not_fetched(item, decoded.error, query_id)
        elif token not in self.decoding:
            self.decoding.add(token)
            yield self.decode_page_request(item, token, search, query_id)

    def follow(self, item: NewsItem, url: str, search: str) -> Iterator[scrapy.Request]:
        request = self.article_request(ArticleLink(url, search, item.publisher_url))
        if request is not None:
            yield request

    def decode_page_request(
        self, item: NewsItem, token: str, search: str, query_id: int | None
    ) -> scrapy.Request:
        base = self.source.option("articles_url")
        state = {"item": item, "token": token, "search": search, "query_id": query_id}
        return scrapy.Request(
            base + token,
            callback=self.parse_decode_page,
            errback=self.decode_failed,
            meta=self.api_meta(decode=state),
            dont_filter=True,
        )

    def parse_decode_page(self, response: Response) -> Iterator[scrapy.Request]:
        state = response.meta["decode"]
        params = decode_params(response_text(response))
        if params is None:
            self.not_fetched(
                state["item"], "no decode signature on the Google News page", state["query_id"]
            )
            return
        form = batchexecute_form(state["token"], params, self.locale()["ceid"])
        yield scrapy.FormRequest(
            self.source.option("decode_url"),
            formdata=form,
            callback=self.parse_decode_answer,
            errback=self.decode_failed,
            meta=self.api_meta(decode=state),
            dont_filter=True,
        )

    def parse_decode_answer(self, response: Response) -> Iterator[scrapy.Request]:
        state = response.meta["decode"]
        url, error = parse_batchexecute(response_text(response))
        if url is None:
            self.not_fetched(state["item"], error or "undecodable link", state["query_id"])
            return
        self.context.store.crawl.save_google_news_decode(state["token"], url)
        yield from self.follow(state["item"], url, state["search"])

    def decode_failed(self, failure: Failure) -> None:
        state = failed_request(failure).meta["decode"]
        self.not_fetched(
            state["item"], f"decode failed: {describe_failure(failure)}", state["query_id"]
        )

    def not_fetched(self, item: NewsItem, reason: str, query_id: int | None) -> None:
        """A failure with its reason, and the publisher kept as "reported, not fetched"."""
        self.record_fetch_failure(item.link, reason)
        self.context.store.crawl.record_unfetched_report(
            self.context.run_id,
            self.name,
            item.link,
            reason,
            publisher=item.publisher,
            title=item.title,
            query_id=query_id,
        )
