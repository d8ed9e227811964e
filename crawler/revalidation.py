"""Conditional re-fetches: a re-check asks a stored page's server whether it changed.

A run of a watch (a re-check) does not take a stored page as it is: it sends the page's
``ETag`` as ``If-None-Match`` and its ``Last-Modified`` as ``If-Modified-Since``. A 304 costs
the server no body and keeps the stored page; a 404 or 410 records the page as vanished; a
200 is a page like any other, stored as a new version when its text changed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import scrapy
from scrapy.http import Response

from crawler.articles import ArticleLink
from crawler.frontier import ARTICLE
from crawler.frontier import TAG as FRONTIER_TAG

if TYPE_CHECKING:
    from crawler.spiders.base import SourceSpider

NOT_MODIFIED = 304
GONE = (404, 410)
REVALIDATES = "revalidates"  # frontier meta: the stored page a request asks about


def conditional_headers(etag: str | None, last_modified: str | None) -> dict[str, str]:
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers


def revalidation_request(
    spider: SourceSpider, link: ArticleLink, key: str, page_id: int
) -> scrapy.Request:
    """The conditional fetch of stored page ``page_id``; its answers, 304 and "gone" included,
    reach ``parse_revalidated``."""
    validators = spider.context.store.crawl.page_validators(page_id)
    return scrapy.Request(
        link.url,
        headers=conditional_headers(*validators),
        callback=spider.parse_revalidated,
        errback=spider.revalidation_failed,
        cb_kwargs={"link": link, "page_id": page_id},
        meta={FRONTIER_TAG: [ARTICLE, key], "handle_httpstatus_list": [NOT_MODIFIED, *GONE]},
        dont_filter=True,
    )


def header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None
