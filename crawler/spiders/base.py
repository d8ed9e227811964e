"""What every discovery spider shares: the run it works for and how articles are fetched.

A spider discovers article URLs its own way (search API, feed, sitemap); from then on every
article is handled here: skipped when another spider of this process already took it, linked
without a fetch when the database knows it, fetched otherwise (up to the run's page cap), and
every failure is recorded with its reason, because a failure is data, not silence.
"""

from __future__ import annotations

import logging
import re
import struct
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import scrapy
from lxml import etree
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.gz import gunzip
from twisted.python.failure import Failure
from w3lib.url import canonicalize_url

from corroborate.config import Config, SourceConfig, load_config
from corroborate.models import Claim
from corroborate.storage import FrontierEntry, Store
from corroborate.window import DateWindow, from_stored
from crawler.frontier import ARTICLE, Frontier
from crawler.frontier import ERRBACK as FRONTIER_ERRBACK
from crawler.frontier import TAG as FRONTIER_TAG
from crawler.items import ArticleItem
from crawler.progress import Progress
from crawler.sightings import LateSightings

logger = logging.getLogger(__name__)

TRACKING_PREFIXES = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid")


@dataclass
class ArticleRegistry:
    """Process-wide: which article URLs some spider has taken, and how many were fetched."""

    max_pages: int
    seen: set[str] = field(default_factory=set)
    fetches: int = 0

    def first_sight(self, url: str) -> bool:
        """True the first time any spider of this process meets this URL."""
        key = registry_key(url)
        if key in self.seen:
            return False
        self.seen.add(key)
        return True

    def take_fetch(self) -> bool:
        """Reserve one fetch under the run-wide cap."""
        if self.fetches >= self.max_pages:
            return False
        self.fetches += 1
        return True


def registry_key(url: str) -> str:
    """One key for the spellings of one URL: query order, fragments, tracking parameters."""
    parts = urlsplit(canonicalize_url(url))
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if not k.lower().startswith(TRACKING_PREFIXES)]
    return urlunsplit(parts._replace(query=urlencode(query)))


@dataclass
class RunContext:
    """Everything the spiders and pipelines of one crawl share."""

    store: Store
    run_id: int
    config: Config
    progress: Progress
    registry: ArticleRegistry
    sightings: LateSightings = field(default_factory=LateSightings)
    resume: bool = False  # continue a killed crawl of this run from its frontier

    @classmethod
    def open(cls, db: str, run_id: int, config_path: str | None,
             resume: bool = False) -> RunContext:
        config = load_config(config_path)
        return cls(Store.open(db), run_id, config, Progress(),
                   ArticleRegistry(config.crawl.max_pages), resume=resume)

    @cached_property
    def claims(self) -> list[Claim]:
        return self.store.claims_for_run(self.run_id)

    @cached_property
    def frontier(self) -> Frontier:
        """Raises CorroborateError when a crawled run is crawled again without ``resume``."""
        frontier = Frontier.open(self.store, self.run_id, self.resume)
        frontier.seed(self.registry)
        return frontier


@dataclass(frozen=True)
class ArticleLink:
    """An article URL a source pointed to."""

    url: str
    discovered_from: str
    publisher: str | None = None


def link_record(link: ArticleLink) -> dict[str, str | None]:
    """What the frontier keeps to rebuild an article's fetch after a crash."""
    return {"discovered_from": link.discovered_from, "publisher": link.publisher}


class SourceSpider(scrapy.Spider):
    """Base for the discovery spiders; ``name`` equals the config's source name."""

    def __init__(self, context: RunContext | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if context is None:
            # The run's settings (trusted endpoints, pace, page cap) come from its config,
            # which only `python -m crawler` applies; a bare `scrapy crawl` would run unsafely.
            raise ValueError(f"spider {self.name} runs through "
                             "`python -m crawler --db PATH --run-id N --config FILE`")
        self.context = context
        self.links_left = self.source.max_results

    @property
    def source(self) -> SourceConfig:
        return self.context.config.sources.get(self.name) or SourceConfig(name=self.name)

    @cached_property
    def window(self) -> DateWindow:
        """The run's date window; each spider passes it on in its source's own syntax."""
        return from_stored(*self.context.store.run_window(self.context.run_id))

    def closed(self, reason: str) -> None:
        """Link the articles this crawl's other sources also found (see crawler/sightings.py)."""
        self.context.sightings.link_stored(self.context.store, self.context.run_id)

    def record_request(self, url: str, status: str, results: int = 0, error: str | None = None,
                       response: Response | None = None, query_id: int | None = None) -> None:
        """Ledger entry and progress line for one discovery request."""
        elapsed = None
        if response is not None and response.request is not None:
            elapsed = response.request.meta.get("download_latency")
        self.context.store.record_source_request(
            self.context.run_id, self.name, url, status, results=results, error=error,
            elapsed=elapsed, query_id=query_id)
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
        """A request for a new article, or None when it is taken, known or over the cap."""
        context = self.context
        key = registry_key(link.url)
        if not context.registry.first_sight(link.url):
            context.sightings.also_found(key, link.url, self.name)
            return None
        context.sightings.first_found(key, link.url)
        page_id = context.store.page_id_for_url(link.url)
        if page_id is not None:
            context.store.link_page(context.run_id, page_id, self.name, link.url)
            context.frontier.add_article(key, link.url, self.name, link_record(link), known=True)
            context.progress.page(self.name, "known", link.url)
            return None
        if not context.registry.take_fetch():
            logger.info("page cap reached, not fetching %s", link.url)
            return None
        context.frontier.add_article(key, link.url, self.name, link_record(link))
        return self.fetch_request(link, key)

    def fetch_request(self, link: ArticleLink, key: str) -> scrapy.Request:
        return scrapy.Request(link.url, callback=self.parse_article, errback=self.article_failed,
                              cb_kwargs={"link": link}, meta={FRONTIER_TAG: [ARTICLE, key]})

    def resumed_article_request(self, entry: FrontierEntry) -> scrapy.Request:
        """The fetch of an article an earlier, killed process of this run had not finished."""
        link = ArticleLink(entry.url, entry.meta.get("discovered_from", ""),
                           entry.meta.get("publisher"))
        return self.fetch_request(link, entry.key)

    def abandon(self, entry: FrontierEntry, reason: str) -> None:
        """Record a pending request that a resume will not send again as failed, with why."""
        if entry.kind == ARTICLE:
            self.record_fetch_failure(entry.url, reason)
            return
        with self.context.store.batch():
            self.record_request(entry.url, "failed", error=reason)
            self.context.store.frontier_settle(self.context.run_id, entry.kind, entry.key,
                                               "failed", reason)

    def discovery_failed(self, failure: Failure) -> Any:
        """Errback of every discovery request (the frontier installs it): the spider's own
        errback writes the ledger, and the frontier entry is settled in the same transaction."""
        request = failure.request
        name = request.meta.get(FRONTIER_ERRBACK)
        with self.context.store.batch():
            output = getattr(self, name)(failure) if name else None
            if output is not None and not isinstance(output, Failure):
                output = self.context.frontier.admit_all(output, self)
            self.context.frontier.settle(request, "failed", describe_failure(failure))
        return output

    def parse_article(self, response: Response, link: ArticleLink) -> Iterator[ArticleItem]:
        reason = unusable_article_reason(response)
        if reason is not None:
            self.record_fetch_failure(link.url, reason)
            return
        yield ArticleItem(url=link.url, final_url=response.url, html=response.text,
                          source=self.name, publisher=link.publisher,
                          discovered_from=link.discovered_from)

    def article_failed(self, failure: Failure) -> None:
        link: ArticleLink = failure.request.cb_kwargs["link"]
        self.record_fetch_failure(link.url, describe_failure(failure))

    def record_fetch_failure(self, url: str, reason: str) -> None:
        self.context.store.record_fetch_failure(self.context.run_id, self.name, url, reason)
        self.context.progress.page(self.name, "failed", url, error=reason)


def unusable_article_reason(response: Response) -> str | None:
    """Why an answer cannot be an article page (binary, still compressed), or None."""
    content_type = response.headers.get(b"Content-Type", b"").decode("latin-1") or "unknown type"
    if response.body[:2] == b"\x1f\x8b":
        return f"compressed body without Content-Encoding ({content_type})"
    if not isinstance(response, TextResponse):
        return f"not a text page ({content_type})"
    return None


_FAILURE_LABELS = {
    "TimeoutError": "timeout",
    "DownloadTimeoutError": "timeout",
    "DNSLookupError": "DNS lookup failed",
    "CannotResolveHostError": "DNS lookup failed",
    "ConnectionRefusedError": "connection refused",
    "ResponseNeverReceived": "no response",
    "ConnectionLost": "connection lost",
    "DownloadCancelledError": "download cancelled",
    "ResponseDataLossError": "truncated body",
    "_DataLoss": "truncated body",
    "DataLoss": "truncated body",
}
# Scrapy 2.19 wraps Twisted's errors: "DownloadFailedError: [<Failure ... ConnectionLost: ...>]".
_WRAPPERS = {"DownloadFailedError", "ResponseFailed", "ResponseNeverReceived"}


def describe_failure(failure: Failure) -> str:
    """A one-line reason for a failed request: HTTP status, refusal, timeout, DNS, ..."""
    error = failure.value
    if isinstance(error, HttpError):
        return f"HTTP {error.response.status}"
    message = " ".join(str(error).split())
    kind = type(error).__name__
    if kind == "RefusedUrl":
        return f"refused URL: {message}"
    if kind == "IgnoreRequest" and message:
        return message  # e.g. "Forbidden by robots.txt"
    if kind in _WRAPPERS:
        kind = _wrapped_kind(message) or kind
    if kind in _FAILURE_LABELS:  # the URL is stored beside the reason; keep reasons groupable
        return _FAILURE_LABELS[kind]
    return f"{kind}: {message}" if message else kind


def _wrapped_kind(message: str) -> str | None:
    """The first known Twisted error named inside a wrapper's message."""
    names = re.findall(r"\b\w*(?:Error|Lost|Loss|Received)\b", message)
    return next((name for name in names if name in _FAILURE_LABELS), None)


def xml_body(response: Response, max_size: int = 0) -> bytes:
    """The response body, gunzipped when it is a ``.gz`` file served without Content-Encoding.

    A corrupt or oversized archive gives an empty body, which the caller records as unreadable.
    """
    body = response.body
    if body[:2] != b"\x1f\x8b":
        return body
    try:
        return gunzip(body, max_size=max_size)
    except (OSError, EOFError, struct.error, ValueError) as error:
        logger.warning("cannot gunzip %s: %s", response.url, error)
        return b""


def response_text(response: Response) -> str:
    """Decoded body; Scrapy only decodes responses it recognised as text."""
    if isinstance(response, TextResponse):
        return response.text
    return response.body.decode("utf-8", errors="replace")


def parse_xml(body: bytes) -> etree._Element | None:
    """Parse XML leniently and safely: junk is skipped, entities and network are not used."""
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True)
    try:
        return etree.fromstring(body.strip(), parser=parser)
    except (etree.XMLSyntaxError, ValueError):
        return None


def local_name(element: etree._Element) -> str:
    tag = element.tag
    return etree.QName(tag).localname if isinstance(tag, str) else ""
