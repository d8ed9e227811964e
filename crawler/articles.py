"""Article URLs as the crawl keeps them: one key per URL spelling, the run-wide page cap, and
where each link came from, so every spider treats an article the same way."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

TRACKING_PREFIXES = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid")
# Scrapy's URLLENGTH_LIMIT: its middleware drops a longer URL with a log line and nothing else.
MAX_URL_LENGTH = 2083


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
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith(TRACKING_PREFIXES)
    ]
    return urlunsplit(parts._replace(query=urlencode(query)))


@dataclass(frozen=True)
class ArticleLink:
    """An article URL a source pointed to."""

    url: str
    discovered_from: str
    publisher: str | None = None


def link_record(link: ArticleLink) -> dict[str, str | None]:
    """What the frontier keeps to rebuild an article's fetch after a crash."""
    return {"discovered_from": link.discovered_from, "publisher": link.publisher}


def unfetchable_reason(url: str) -> str | None:
    """Why a discovered URL cannot become a request, or None. Checked before a link is
    registered: ``scrapy.Request`` raising inside a callback dropped every later link of the
    same answer and left the entry pending for ever."""
    if not url.strip():
        return "empty URL"
    if len(url) > MAX_URL_LENGTH:
        return f"URL longer than {MAX_URL_LENGTH} characters"
    try:
        parts = urlsplit(url)
        host = parts.hostname
        _ = parts.port  # raises on a port that is not a number
    except ValueError as error:
        return f"malformed URL: {error}"
    if parts.scheme.lower() not in ("http", "https"):
        return f"not an http(s) URL: {parts.scheme or 'relative'}"
    if not host or any(char.isspace() or char in '<>"^`{|}' for char in parts.netloc):
        return "URL has no valid host"
    return None


def without_credentials(url: str) -> str:
    """The URL without a ``user:password@`` part: a stranger's link must not make the crawler
    send credentials, nor have them stored in the frontier and failure tables."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url  # unfetchable_reason says why
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


def recorded_link(url: str, record: dict[str, Any]) -> ArticleLink:
    """The link ``link_record`` kept for ``url``."""
    return ArticleLink(url, record.get("discovered_from", ""), record.get("publisher"))
