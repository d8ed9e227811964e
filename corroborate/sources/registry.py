"""Every discovery source, in one table: its kind, options, query and window syntax, pace, spider.

Config validation, query building, the crawler's download slots and spider loading all read this
table, so adding a source is adding one entry here (and its spider module), not editing a name
list in every module that mentions sources. Spiders are named by dotted path, so the core never
imports Scrapy.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from functools import cached_property
from typing import Any

from corroborate.sources.gdelt import gdelt_params
from corroborate.sources.google_news import google_news_operators
from corroborate.sources.window import DateWindow


class SourceKind(Enum):
    SEARCH = "search"  # a search API, asked one query at a time
    LISTS = "lists"  # lists of outlet feeds or sitemaps, read whole and filtered


@dataclass(frozen=True)
class Option:
    """One key of a ``[sources.<name>]`` table. ``type`` is bool, int, float, str or list (of
    strings); an int is accepted for a float. ``minimum`` bounds a number. ``endpoint`` marks a
    source's own option naming a URL it asks, which the crawler then trusts (as it trusts
    ``url`` and ``urls``)."""

    name: str
    type: type
    default: Any
    help: str
    minimum: float | None = None
    endpoint: bool = False


@dataclass(frozen=True)
class Source:
    """One discovery source: ``options`` are every key its config table accepts, the kind's
    common ones (enabled, min_interval, max_results, url or urls/urls_file) and its own."""

    name: str
    kind: SourceKind
    spider: str  # dotted path of its Scrapy spider class
    own_options: tuple[Option, ...] = ()
    query_syntax: str | None = None  # a key of queries.QUERY_SYNTAXES; search APIs only
    window_syntax: Callable[[DateWindow], Any] | None = None  # None: filtered by entry dates
    min_interval: float = 0.0  # default seconds between two requests (a documented limit)

    @cached_property
    def options(self) -> dict[str, Option]:
        common = _search_options if self.kind is SourceKind.SEARCH else _list_options
        return {option.name: option for option in common(self.min_interval) + self.own_options}

    def window_terms(self, window: DateWindow) -> Any:
        """The window in this source's syntax; None when the source has none."""
        return self.window_syntax(window) if self.window_syntax else None


def _common_options(min_interval: float, max_results_help: str) -> tuple[Option, ...]:
    return (
        Option("enabled", bool, True, "switch the source on or off"),
        Option(
            "min_interval", float, min_interval, "seconds between two requests to it", minimum=0
        ),
        Option("max_results", int, 50, max_results_help, minimum=0),
    )


def _search_options(min_interval: float) -> tuple[Option, ...]:
    return _common_options(min_interval, "results followed per query") + (
        Option("url", str, None, "endpoint of the search API"),
    )


def _list_options(min_interval: float) -> tuple[Option, ...]:
    return _common_options(min_interval, "articles fetched per run") + (
        Option("urls", list, (), "feed or sitemap URLs"),
        Option("urls_file", str, None, "file of more URLs, one per line, relative to the config"),
    )


_ENTRIES = (
    Source(
        "gdelt",
        SourceKind.SEARCH,
        "crawler.spiders.gdelt.GdeltSpider",
        own_options=(
            Option("timespan", str, "3m", "GDELT's time window when the run has none, e.g. 7d"),
        ),
        query_syntax="gdelt",
        window_syntax=gdelt_params,
        min_interval=5.0,  # GDELT's documented limit: one request every 5 seconds
    ),
    Source(
        "google_news",
        SourceKind.SEARCH,
        "crawler.spiders.google_news.GoogleNewsSpider",
        own_options=(
            Option("hl", str, "en-US", "interface language; hl, gl and ceid must agree"),
            Option("gl", str, "US", "country"),
            Option("ceid", str, "US:en", "edition, country:language"),
            Option(
                "slice_days",
                int,
                14,
                "a dated window is searched in slices of this many days",
                minimum=1,
            ),
            Option(
                "articles_url",
                str,
                "https://news.google.com/rss/articles/",
                "link decoding, step 1: the token's page",
                endpoint=True,
            ),
            Option(
                "decode_url",
                str,
                "https://news.google.com/_/DotsSplashUi/data/batchexecute",
                "link decoding, step 2: the batchexecute POST",
                endpoint=True,
            ),
        ),
        query_syntax="keywords",
        window_syntax=google_news_operators,
    ),
    Source(
        "bing_news",
        SourceKind.SEARCH,
        "crawler.spiders.bing_news.BingNewsSpider",
        own_options=(Option("mkt", str, None, "Bing market, e.g. en-gb"),),
        query_syntax="keywords",
    ),
    Source("feeds", SourceKind.LISTS, "crawler.spiders.feeds.FeedsSpider"),
    Source("sitemaps", SourceKind.LISTS, "crawler.spiders.sitemaps.SitemapsSpider"),
)

SOURCES: dict[str, Source] = {source.name: source for source in _ENTRIES}
SOURCE_NAMES = tuple(SOURCES)
SEARCH_SOURCES = tuple(name for name, source in SOURCES.items() if source.kind is SourceKind.SEARCH)
