"""GDELT DOC 2.0 full-text search: one request per stored query, at GDELT's pace.

GDELT answers ``{}`` for no results, but also answers failures in ways that look like no
results to a careless reader: an HTML page with a sentence, a 429 with a text body, JSON with
invalid escapes. Each is told apart here, because "nothing found" and "could not ask" mean very
different things for a claim's score.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure

from corroborate.store import StoredQuery
from crawler.articles import ArticleLink
from crawler.responses import describe_failure, failed_request, html_sentence, response_text
from crawler.spiders.base import SourceSpider

logger = logging.getLogger(__name__)

MAX_RECORDS = 250  # GDELT's own ceiling
REACH_DAYS = 92  # the DOC API searches a rolling window of about three months
OUT_OF_REACH = "date window older than GDELT's ~3-month reach"
_ESCAPE = re.compile(r'\\(["\\/bfnrt]|u[0-9a-fA-F]{4})|\\')


@dataclass(frozen=True)
class GdeltAnswer:
    """One search answer: ``status`` is ok, empty or failed (with ``error``)."""

    status: str
    links: tuple[ArticleLink, ...] = ()
    error: str | None = None


def search_url(endpoint: str, query: str, max_results: int, window: dict[str, str]) -> str:
    params = {
        "query": query,
        "mode": "artlist",
        "format": "json",
        "maxrecords": str(max(1, min(max_results, MAX_RECORDS))),
    }
    params.update(window)
    params["sort"] = "HybridRel"
    return f"{endpoint}?{urlencode(params)}"


def parse_answer(body: str, content_type: str, search: str) -> GdeltAnswer:
    """Read a 200 answer; anything that is not a JSON object of articles is a failure."""
    stripped = body.strip()
    if "html" in content_type.lower() or stripped.startswith("<"):
        return GdeltAnswer("failed", error=f"HTML error: {html_sentence(stripped)}")
    if not stripped.startswith("{"):
        return GdeltAnswer("failed", error=f"not JSON: {' '.join(stripped.split())[:200]}")
    data = lenient_json(stripped)
    if not isinstance(data, dict):
        return GdeltAnswer("failed", error="bad JSON")
    articles = data.get("articles", [])
    if not isinstance(articles, list):
        return GdeltAnswer("failed", error="bad JSON: 'articles' is not a list")
    links = tuple(link for link in (_article_link(a, search) for a in articles) if link)
    if articles and not links:
        return GdeltAnswer("failed", error="bad JSON: no result has a url")
    if len(links) < len(articles):
        logger.warning(
            "GDELT: %d of %d results had no usable url", len(articles) - len(links), len(articles)
        )
    return GdeltAnswer("ok" if links else "empty", links)


def lenient_json(text: str) -> Any:
    """Parse JSON, repairing the invalid escapes GDELT sometimes emits; None if still bad."""
    try:
        return json.loads(text, strict=False)
    except RecursionError:  # nested deeper than Python's stack: no answer of GDELT's
        return None
    except json.JSONDecodeError:
        pass
    repaired = _ESCAPE.sub(lambda m: m.group(0) if m.group(1) else "\\\\", text)
    try:
        data = json.loads(repaired, strict=False)
    except (json.JSONDecodeError, RecursionError):
        return None
    logger.warning("GDELT answer had invalid escape sequences; repaired")
    return data


def _article_link(article: Any, search: str) -> ArticleLink | None:
    if not isinstance(article, dict) or not isinstance(article.get("url"), str):
        return None
    domain = article.get("domain")
    return ArticleLink(article["url"], search, domain if isinstance(domain, str) else None)


class GdeltSpider(SourceSpider):
    name = "gdelt"

    async def start(self) -> AsyncIterator[scrapy.Request]:
        if not self.source.url:
            logger.warning("gdelt: no url configured; skipping")
            return
        out_of_reach = self.window.ends_before(date.today() - timedelta(days=REACH_DAYS))
        store, run_id = self.context.store, self.context.run_id
        recorded = store.crawl.asked_queries(run_id, self.name) if out_of_reach else set()
        for query in store.runs.queries_for_run(run_id, self.name):
            if out_of_reach and query.query_id in recorded:
                continue  # an earlier round of this run recorded it already
            if out_of_reach:  # asking would answer {}: "nothing found" where nothing was asked
                self.record_request(
                    self.source.url, "failed", error=OUT_OF_REACH, query_id=query.query_id
                )
                continue
            yield self.search_request(query)

    def search_request(self, query: StoredQuery) -> scrapy.Request:
        url = search_url(
            self.source.url or "", query.text, self.source.max_results, self.time_window()
        )
        meta = {
            "download_slot": self.name,
            "autothrottle_dont_adjust_delay": True,
            "query_id": query.query_id,
            "dont_obey_robotstxt": True,
        }
        return scrapy.Request(
            url, callback=self.parse_search, errback=self.search_failed, meta=meta, dont_filter=True
        )

    def time_window(self) -> dict[str, str]:
        """The run's date window as start/end datetimes, else the configured timespan."""
        return self.spec.window_terms(self.window) or {"timespan": self.source.option("timespan")}

    def parse_search(self, response: Response) -> Iterator[scrapy.Request]:
        content_type = (response.headers.get(b"Content-Type") or b"").decode("latin-1")
        answer = parse_answer(response_text(response), content_type, response.url)
        self.record_request(
            response.url,
            answer.status,
            results=len(answer.links),
            error=answer.error,
            response=response,
            query_id=response.meta.get("query_id"),
        )
        yield from self.article_requests(answer.links)

    def search_failed(self, failure: Failure) -> None:
        request = failed_request(failure)
        self.record_request(
            request.url,
            "failed",
            error=describe_failure(failure),
            query_id=request.meta.get("query_id"),
        )
