"""Title, publication date and site name of a parsed page, as trafilatura would give them.

``trafilatura.bare_extraction(with_metadata=True)`` also looks for authors, categories, tags and
a licence, scanning every link of the page several times; we store none of those, and on the
181 real pages of the extraction benchmark they cost a fifth of the whole extraction. This runs
the same trafilatura and htmldate functions, in the same order, for the three fields we keep,
so the values are identical (``tests/test_cleaning.py`` checks it against the stock call).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from htmldate import find_date
from lxml.html import HtmlElement
from trafilatura.metadata import (
    META_URL,
    examine_meta,
    extract_meta_json,
    extract_sitename,
    extract_title,
    extract_url,
)

logger = logging.getLogger(__name__)

# No extensive date search: it guesses from copyright lines ("(c) 2026" -> 2026-01-01), and a
# wrong publication date is worse than none once runs filter by date.
DATE_OPTIONS: dict[str, Any] = {"extensive_search": False, "original_date": True}


@dataclass(frozen=True)
class PageMetadata:
    title: str | None
    date: str | None  # YYYY-MM-DD, as htmldate answers
    sitename: str | None


def page_metadata(tree: HtmlElement, url: str | None) -> PageMetadata:
    """The fields of trafilatura's ``extract_metadata`` that we store; ``tree`` is not changed."""
    metadata = examine_meta(tree)
    try:
        metadata = extract_meta_json(tree, metadata)
    except Exception as error:  # noqa: BLE001 - trafilatura guards its JSON-LD parser the same way
        logger.debug("JSON-LD metadata unreadable: %s", error)
    if not metadata.title:
        metadata.title = extract_title(tree)
    if not metadata.url:
        metadata.url = extract_url(tree, url)
    metadata.date = find_date(tree, **DATE_OPTIONS, url=metadata.url)
    if not metadata.sitename:
        metadata.sitename = extract_sitename(tree)
    if metadata.sitename:
        metadata.sitename = metadata.sitename.lstrip("@")
        if (
            metadata.sitename
            and "." not in metadata.sitename
            and not metadata.sitename[0].isupper()
        ):
            metadata.sitename = metadata.sitename.title()
    elif metadata.url and (match := META_URL.match(metadata.url)):
        metadata.sitename = match[1]
    metadata.clean_and_trim()
    return PageMetadata(metadata.title or None, metadata.date or None, metadata.sitename or None)
