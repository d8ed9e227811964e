"""Main text and identity of a fetched page.

trafilatura strips the navigation, related links and legal text so only the reporting is
matched against claims. A page belongs to the outlet it was fetched from: anyone can write any
``link rel=canonical``, so a canonical URL on the same registrable domain only tells which fetched
URLs (an AMP copy, a mirror path) are one page, and one on another domain is kept as a claim of
being that outlet's copy, which may merge origins (``verdicts.origins``) but never names one.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin, urlsplit

import trafilatura
from lxml import html as lxml_html
from trafilatura.settings import Document

from corroborate.models import CleanedPage
from corroborate.pages.metadata import DATE_OPTIONS, page_metadata
from corroborate.pages.outlets import outlet_host, registrable_domain

logger = logging.getLogger(__name__)

# include_comments: reader comments are not the outlet's reporting. favor_precision: boilerplate
# that slips through becomes false matches; on the extraction benchmark (benchmarks/extraction.py)
# it scores P 0.963 / R 0.971 / F1 0.967 against 0.942 / 0.978 / 0.960 without it.
TEXT_OPTIONS: dict[str, Any] = {"include_comments": False, "favor_precision": True}
# The one stock trafilatura call that yields what clean_page keeps (text, title, date, site
# name): benchmarks measure against it, and a test checks that both agree.
TRAFILATURA_EQUIVALENT: dict[str, Any] = {
    **TEXT_OPTIONS,
    "with_metadata": True,
    "date_extraction_params": DATE_OPTIONS,
}
MIN_TEXT_CHARS = 20  # shorter leftovers ("Home", "Loading...") cannot carry a claim


def clean_page(html: str | bytes, url: str) -> CleanedPage | None:
    """Extract a page's main text and metadata; None when there is no main text."""
    if isinstance(html, bytes):
        if html[:2] == b"\x1f\x8b":
            logger.warning("refusing compressed bytes for %s", url)
            return None
        html = html.decode("utf-8", errors="replace")
    tree = _parse(html)
    if tree is None:
        return None
    canonical = canonical_url(tree, url)
    metadata = page_metadata(tree, url)  # before extraction, on the whole page, as trafilatura
    document = trafilatura.bare_extraction(tree, url=url, **TEXT_OPTIONS)
    text = (document.text or "").strip() if isinstance(document, Document) else ""
    if len(text) < MIN_TEXT_CHARS:
        return None
    same_outlet = canonical is not None and same_registrable_domain(canonical, url)
    return CleanedPage(
        url=url,
        canonical_url=canonical if canonical and same_outlet else url,
        outlet=outlet_host(url),
        claimed_canonical=canonical if canonical and not same_outlet else None,
        text=text,
        title=metadata.title,
        published=_iso_date(metadata.date),
        sitename=metadata.sitename,
        language=_html_language(tree),
    )


def canonical_url(tree: lxml_html.HtmlElement, url: str) -> str | None:
    """``link rel=canonical``, else ``og:url``, made absolute; http(s) only, else None."""
    for value in _canonical_candidates(tree):
        value = value.strip()
        candidate = urljoin(url, value)
        if value and urlsplit(candidate).scheme in ("http", "https"):
            return candidate
    return None


def same_registrable_domain(url: str, other: str) -> bool:
    """Do two URLs belong to one outlet (one registrable domain)?"""
    return registrable_domain(outlet_host(url)) == registrable_domain(outlet_host(other))


def _parse(html: str) -> lxml_html.HtmlElement | None:
    try:
        return trafilatura.load_html(html)
    except (ValueError, TypeError) as error:  # load_html is lenient; be safe anyway
        logger.warning("unparseable HTML: %s", error)
        return None


def _canonical_candidates(tree: lxml_html.HtmlElement) -> Iterator[str]:
    """Every ``link rel=canonical`` href (rel tokens, any case), then every ``og:url``.

    ``iter`` with a tag filter visits the few link and meta elements in C; an XPath over the
    whole page cost a millisecond per page on the crawler's workers.
    """
    for link in tree.iter("link"):
        href = link.get("href")
        if href is not None and "canonical" in (link.get("rel") or "").lower().split():
            yield href
    for meta in tree.iter("meta"):
        content = meta.get("content")
        if content is not None and "og:url" in (meta.get("property"), meta.get("name")):
            yield content


def _html_language(tree: lxml_html.HtmlElement) -> str | None:
    lang = next(
        (value for html in tree.iter("html") if (value := html.get("lang")) is not None), ""
    )
    code = lang.strip().split("-")[0].lower()
    return code or None


def _iso_date(value: str | None) -> str | None:
    """trafilatura already answers YYYY-MM-DD; keep only that shape."""
    if value and len(value) >= 10 and value[4] == "-" and value[7] == "-":
        return value[:10]
    return None
