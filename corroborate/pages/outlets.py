"""Which outlet a page belongs to: the one place that turns URLs and host names into outlets.

A page's outlet is shown as its host ("edition.cnn.com"); pages are counted as one outlet by
their registrable domain ("cnn.com"), read from the Public Suffix List. A hand-written list of
second-level suffixes merged independent publishers: every ``*.go.jp`` ministry became "go.jp",
every ``*.gouv.fr`` "gouv.fr", and NHK ("nhk.or.jp") became "or.jp".
"""

from __future__ import annotations

import functools
import ipaddress
from urllib.parse import urlsplit

import tldextract


def outlet_host(value: str) -> str:
    """ "https://WWW.Example.com:443/x" or "www.example.com" -> "example.com"."""
    text = value.strip()
    host = urlsplit(text if "://" in text else f"//{text}").hostname or ""
    host = host.rstrip(".").lower()
    return host[4:] if host.startswith("www.") else host


def registrable_domain(host: str) -> str:
    """The domain an outlet registered: "www.bbc.co.uk" and "news.bbc.co.uk" -> "bbc.co.uk".

    IP addresses and single-label names ("localhost") are their own outlet. A name under a
    suffix the list does not know (".example", ".test", ".internal") keeps its last two labels,
    as the list's own default rule ("*") prescribes; a name that is itself a public suffix
    ("github.io") is kept whole.
    """
    name = host.strip().rstrip(".").lower()
    if not name or _is_ip_address(name):
        return name
    parts = _extractor()(name)
    if parts.suffix:
        return parts.top_domain_under_public_suffix or name
    return ".".join(name.split(".")[-2:])


@functools.cache
def _extractor() -> tldextract.TLDExtract:
    """The bundled list snapshot only: no download (``suffix_list_urls=()``), no cache on disk.

    Private domains are included: "alice.blogspot.com" and "bob.blogspot.com", or two
    ``*.github.io`` sites, are different publishers on one platform, and the list's private
    section is exactly the platforms that hand out such subdomains to customers.
    """
    return tldextract.TLDExtract(
        suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True
    )


def _is_ip_address(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True
