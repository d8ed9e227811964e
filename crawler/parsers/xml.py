"""XML bodies (feeds, sitemaps, news RSS) read leniently and safely: gzipped files unpacked
within the size cap, junk skipped, no entities and no network."""

from __future__ import annotations

import logging
import struct

from lxml import etree
from scrapy.http import Response
from scrapy.utils.gz import gunzip

logger = logging.getLogger(__name__)


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
