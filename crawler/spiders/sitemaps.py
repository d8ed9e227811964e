"""Outlet news sitemaps: follow sitemap indexes (bounded), fetch only entries about the claims.

A news sitemap gives each URL a title (``<news:title>``) and a date, enough to skip the
unrelated bulk of an outlet's output without fetching it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from urllib.parse import unquote, urljoin, urlsplit

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

MAX_DEPTH = 2  # index -> child index -> urlset
MAX_CHILD_SITEMAPS = 50  # per index
_WORD_SEPARATORS = re.compile(r"[-_/.+]+")


@dataclass(frozen=True)
class SitemapEntry:
    url: str
    title: str = ""
    published: str | None = None  # news:publication_date, else lastmod, as written


@dataclass(frozen=True)
class Sitemap:
    """A parsed sitemap: an index lists child sitemaps, a urlset lists pages."""

    kind: str  # "index" or "urlset"
    children: tuple[str, ...] = ()  # child sitemap URLs
    child_lastmods: tuple[str | None, ...] = ()  # each child's lastmod, as written
    entries: tuple[SitemapEntry, ...] = ()


def read_sitemap(body: bytes, base_url: str) -> Sitemap | None:
    root = parse_xml(body)
    if root is None:
        return None
    kind = local_name(root)
    if kind == "sitemapindex":
        elements = _children(root, "sitemap")
        children = [child for child in (_entry(e, base_url) for e in elements) if child]
        return Sitemap(
            "index",
            children=tuple(child.url for child in children),
            child_lastmods=tuple(child.published for child in children),
        )
    if kind == "urlset":
        entries = (_entry(element, base_url) for element in _children(root, "url"))
        return Sitemap("urlset", entries=tuple(entry for entry in entries if entry))
    return None


def url_words(url: str) -> str:
    """The words of a URL's path ("/2026/11/dam-bursts-in-x" -> "2026 11 dam bursts in x")."""
    return " ".join(_WORD_SEPARATORS.split(unquote(urlsplit(url).path))).strip()


def _children(element: etree._Element, name: str) -> Iterator[etree._Element]:
    return (child for child in element if local_name(child) == name)


def _child_text(element: etree._Element, name: str) -> str:
    for child in element.iter():
        if local_name(child) == name and (child.text or "").strip():
            return child.text.strip()
    return ""


def _entry(element: etree._Element, base_url: str) -> SitemapEntry | None:
    loc = _child_text(element, "loc")
    if not loc:
        return None
    published = _child_text(element, "publication_date") or _child_text(element, "lastmod")
    return SitemapEntry(urljoin(base_url, loc), _child_text(element, "title"), published or None)


class SitemapsSpider(SourceSpider):
    name = "sitemaps"

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.source.urls:
            yield self.sitemap_request(url, depth=0)

    def sitemap_request(self, url: str, depth: int) -> scrapy.Request:
        return scrapy.Request(
            url,
            callback=self.parse_sitemap,
            errback=self.sitemap_failed,
            cb_kwargs={"depth": depth},
            dont_filter=depth == 0,
        )

    def parse_sitemap(self, response: Response, depth: int) -> Iterator[scrapy.Request]:
        body = xml_body(response, self.settings.getint("DOWNLOAD_MAXSIZE"))
        sitemap = read_sitemap(body, response.url)
        if sitemap is None:
            self.record_request(response.url, "failed", error="not a sitemap", response=response)
            return
        found = len(sitemap.children) + len(sitemap.entries)
        self.record_request(
            response.url, "ok" if found else "empty", results=found, response=response
        )
        if sitemap.kind == "index":
            current = [
                url
                for url, lastmod in zip(sitemap.children, sitemap.child_lastmods)
                if self.changed_in_window(lastmod)
            ]
            yield from self.child_requests(tuple(current), depth + 1, response.url)
        else:
            relevant = [entry for entry in sitemap.entries if self.is_relevant(entry)]
            links = (ArticleLink(entry.url, response.url) for entry in relevant)
            yield from self.article_requests(self.within_quota(links))

    def child_requests(
        self, urls: tuple[str, ...], depth: int, index_url: str
    ) -> Iterator[scrapy.Request]:
        if depth > MAX_DEPTH:
            logger.warning("sitemap index %s nests too deep; not followed", index_url)
            return
        if len(urls) > MAX_CHILD_SITEMAPS:
            logger.warning(
                "sitemap index %s lists %d sitemaps; following the first %d",
                index_url,
                len(urls),
                MAX_CHILD_SITEMAPS,
            )
        for url in urls[:MAX_CHILD_SITEMAPS]:
            yield self.sitemap_request(url, depth)

    def is_relevant(self, entry: SitemapEntry) -> bool:
        if not self.in_date_window(entry):
            return False
        return entry_matches_claims(f"{entry.title} {url_words(entry.url)}", self.context.claims)

    def in_date_window(self, entry: SitemapEntry) -> bool:
        """A page dated outside the run's window is skipped; undated pages are kept."""
        return self.window.contains(entry_date(entry.published))

    def changed_in_window(self, lastmod: str | None) -> bool:
        """A child sitemap last changed before the window opened holds nothing from it; one
        changed later may still hold older pages, so the window's end does not apply."""
        day = entry_date(lastmod)
        return day is None or self.window.since is None or day >= self.window.since

    def sitemap_failed(self, failure: Failure) -> None:
        self.record_request(failed_request(failure).url, "failed", error=describe_failure(failure))
