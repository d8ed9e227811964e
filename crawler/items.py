"""What a spider hands to the pipelines: one fetched article page."""

from __future__ import annotations

from dataclasses import dataclass, field

from corroborate.models import CleanedPage


@dataclass
class ArticleItem:
    """A fetched article, before and after cleaning (CleanPipeline sets ``page`` and what
    follows)."""

    url: str  # the URL as discovered (search result, feed entry, sitemap loc)
    final_url: str  # the URL that answered, after redirects
    html: str  # decoded by HTTP header / meta charset, never raw compressed bytes
    source: str  # the spider that found it: gdelt, feeds, sitemaps, ...
    publisher: str | None = None  # the outlet the source named, if any
    discovered_from: str | None = None  # the search, feed or sitemap URL that listed it
    etag: str | None = None  # the response's validators, for the next conditional re-fetch
    last_modified: str | None = None
    replaces: int | None = None  # the stored page a re-check fetched again
    page: CleanedPage | None = None
    sentences: list[str] = field(default_factory=list)  # set with page
    fingerprint: bytes | None = None  # set with page
