"""News-search RSS answers (Google News, Bing News): items with their publisher.

Both services answer a search as RSS 2.0 whose items name the publisher in a ``source``
element (Google: ``<source url="...">Name</source>``; Bing: ``<News:Source>Name</News:Source>``).
The publisher matters: it is who reported the story, even when the link cannot be followed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from crawler.parsers.xml import local_name, parse_xml

_TAG = re.compile(r"<[^>]*>")
_MSN_SUFFIX = re.compile(r"\s+on\s+MSN\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class NewsItem:
    title: str
    link: str
    published: str | None = None
    publisher: str | None = None  # the publisher's name
    publisher_url: str | None = None  # Google only: the publisher's home page


def read_news_rss(body: bytes) -> list[NewsItem] | None:
    """The items of an RSS answer; None when the body is not RSS (an HTML block page, junk)."""
    root = parse_xml(body)
    if root is None or local_name(root) != "rss":
        return None
    items = (_item(element) for element in root.iter() if local_name(element) == "item")
    return [item for item in items if item is not None]


def _item(element: etree._Element) -> NewsItem | None:
    fields: dict[str, etree._Element] = {}
    for child in element:
        if isinstance(child.tag, str):
            fields.setdefault(local_name(child).lower(), child)
    link = _text(fields.get("link"))
    if not link:
        return None
    source = fields.get("source")
    return NewsItem(
        title=_TAG.sub(" ", _text(fields.get("title"))).strip(),
        link=link,
        published=_text(fields.get("pubdate")) or None,
        publisher=publisher_name(_text(source)) or None,
        publisher_url=source.get("url") if source is not None else None,
    )


def _text(element: etree._Element | None) -> str:
    return "".join(element.itertext()).strip() if element is not None else ""


def publisher_name(name: str) -> str:
    """Bing labels syndicated copies "X on MSN": the publisher is X."""
    return _MSN_SUFFIX.sub("", " ".join(name.split()))
