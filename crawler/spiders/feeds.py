"""Outlet RSS 2.0 / Atom feeds: read each configured feed, fetch only entries about the claims.

Feeds list everything an outlet published, mostly unrelated to the article under test, so
entries are filtered by the claims' key terms before any article is requested.
"""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from urllib.parse import urljoin

import scrapy
from lxml import etree
from scrapy.http import Response
from twisted.python.failure import Failure

from corroborate.sources.queries import entry_matches_claims
from corroborate.sources.window import entry_date
from crawler.articles import ArticleLink
from crawler.parsers.xml import local_name, parse_xml, xml_body
from crawler.responses import describe_failure, failed_request
from crawler.spiders.base import SourceSpider

logger = logging.getLogger(__name__)

_TAG = re.compile(r"<[^>]*>")
_ENTRY_TAGS = {"item", "entry"}
_SUMMARY_TAGS = ("description", "summary", "content", "encoded")
_DATE_TAGS = ("pubDate", "published", "updated", "date")


@dataclass(frozen=True)
class FeedEntry:
    link: str
    title: str = ""
    summary: str = ""
    published: str | None = None  # as written in the feed


def read_feed(body: bytes, base_url: str) -> list[FeedEntry] | None:
    """Entries of an RSS 2.0, RSS 1.0 or Atom feed; None when the body is not a feed at all."""
    root = parse_xml(body)
    if root is None or local_name(root) not in {"rss", "feed", "RDF", "channel"}:
        return None
    elements = (element for element in root.iter() if local_name(element) in _ENTRY_TAGS)
    entries = (_entry(element, base_url) for element in elements)
    return [entry for entry in entries if entry is not None]


def _entry(element: etree._Element, base_url: str) -> FeedEntry | None:
    children = [child for child in element if isinstance(child.tag, str)]
    link = _entry_link(children)
    if not link:
        return None
    return FeedEntry(
        link=urljoin(base_url, link),
        title=_first_text(children, ("title",)),
        summary=" ".join(_TAG.sub(" ", _first_text(children, _SUMMARY_TAGS)).split()),
        published=_first_text(children, _DATE_TAGS) or None,
    )


def _entry_link(children: list[etree._Element]) -> str:
    """RSS: <link>text</link>; Atom: <link rel="alternate" href=".."/> (rel optional)."""
    for child in children:
        if local_name(child) != "link":
            continue
        if child.get("href") and child.get("rel", "alternate") == "alternate":
            return child.get("href", "").strip()
        if (child.text or "").strip():
            return child.text.strip()
    return ""


def _first_text(children: list[etree._Element], names: tuple[str, ...]) -> str:
    for name in names:
        for child in children:
            if local_name(child) == name:
                text = "".join(child.itertext()).strip()
                if text:
                    return text
    return ""


class FeedsSpider(SourceSpider):
    name = "feeds"

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.source.urls:
            yield scrapy.Request(
                url, callback=self.parse_feed, errback=self.feed_failed, dont_filter=True
            )

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        max_size = self.settings.getint("DOWNLOAD_MAXSIZE")
        entries = read_feed(xml_body(response, max_size), response.url)
        if entries is None:
            self.record_request(
                response.url, "failed", error="not an RSS or Atom feed", response=response
            )
            return
        matching = [entry for entry in entries if self.is_relevant(entry)]
        self.record_request(
            response.url, "ok" if entries else "empty", results=len(entries), response=response
        )
        logger.info(
            "feed %s: %d of %d entries match the claims", response.url, len(matching), len(entries)
        )
        links = (ArticleLink(entry.link, response.url) for entry in matching)
        yield from self.article_requests(self.within_quota(links))

    def is_relevant(self, entry: FeedEntry) -> bool:
        """Inside the run's date window (undated entries pass) and about some claim."""
        if not self.window.contains(entry_date(entry.published)):
            return False
        return entry_matches_claims(f"{entry.title} {entry.summary}", self.context.claims)

    def feed_failed(self, failure: Failure) -> None:
        self.record_request(failed_request(failure).url, "failed", error=describe_failure(failure))
