"""Which URLs the crawler may fetch.

Search results, feeds, sitemaps, pages and redirects are written by strangers: a link to
``http://127.1/admin`` or ``http://[::ffff:10.0.0.1]/`` would turn the crawler into a probe of
the machine it runs on. Only the endpoints the user configured are trusted; every other URL must
be http(s) and must not name a loopback, private, link-local or reserved address, however the
address is spelled. Trust is read from the URL itself, never from request metadata, because a
redirect inherits the metadata of the request it answers.

Names that resolve to private addresses (DNS rebinding) cannot be caught from the URL: the
resolver in ``crawler.safety.dns`` checks every DNS answer instead.
"""

from __future__ import annotations

import ipaddress
import posixpath
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

ALLOWED_SCHEMES = frozenset({"http", "https"})
LOCAL_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"})
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


@dataclass(frozen=True)
class UrlPolicy:
    """Decides, URL by URL, whether a fetch is allowed; ``refusal`` says why not."""

    trusted_endpoints: tuple[str, ...] = ()
    allow_private_addresses: bool = False

    @classmethod
    def build(cls, endpoints: Iterable[str], allow_private_addresses: bool) -> UrlPolicy:
        return cls(tuple(e for e in endpoints if e), allow_private_addresses)

    def is_trusted(self, url: str) -> bool:
        """A configured endpoint (or a URL below it, or its site's robots.txt) is trusted."""
        return any(_below_endpoint(url, endpoint) for endpoint in self.trusted_endpoints)

    def refusal(self, url: str) -> str | None:
        """None when the URL may be fetched, else a one-line reason."""
        if self.is_trusted(url):
            return None
        return url_refusal(url, self.allow_private_addresses)


def url_refusal(url: str, allow_private_addresses: bool = False) -> str | None:
    """Why an untrusted URL must not be fetched, or None when it may be."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError as error:
        return f"malformed URL: {error}"
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        return f"scheme not allowed: {scheme or '(none)'}"
    if not host:
        return "URL has no host"
    if allow_private_addresses:
        return None
    return host_refusal(host)


def host_refusal(host: str) -> str | None:
    """Why a host name or literal address is not public, or None."""
    name = host.strip().rstrip(".").lower()
    if name in LOCAL_NAMES or name.endswith(".localhost"):
        return f"refused local host name: {host}"
    address = parse_ip_literal(name)
    if address is not None and not is_public_address(address):
        return f"refused private address: {host} ({address})"
    return None


def parse_ip_literal(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """Read a host as an IP address in any form a resolver would accept, else None.

    Besides the dotted quad this covers what ``inet_aton`` accepts: ``2130706433``,
    ``0177.0.0.1``, ``0x7f.0.0.1``, ``127.1``; and IPv6 with brackets or a zone id.
    """
    text = host.strip("[]").split("%", 1)[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        pass
    return _parse_inet_aton(text)


def is_public_address(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """True only for globally routable unicast addresses, looking inside IPv6 wrappers."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is None and address in _NAT64:
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None and not is_public_address(embedded):
            return False
    return address.is_global and not address.is_multicast


def _parse_inet_aton(text: str) -> ipaddress.IPv4Address | None:
    parts = text.split(".")
    if not 1 <= len(parts) <= 4:
        return None
    parsed = [_inet_number(part) for part in parts]
    numbers = [number for number in parsed if number is not None]
    if len(numbers) < len(parsed):
        return None
    *leading, last = numbers
    if any(n > 0xFF for n in leading) or last >= 1 << (8 * (5 - len(parts))):
        return None
    value = last
    for index, number in enumerate(leading):
        value |= number << (8 * (3 - index))
    return ipaddress.IPv4Address(value)


def _inet_number(part: str) -> int | None:
    """One component as inet_aton reads it: 0x.. hex, 0.. octal, else decimal."""
    lowered = part.lower()
    try:
        if lowered.startswith("0x"):
            return int(lowered[2:] or "0", 16)
        if len(lowered) > 1 and lowered.startswith("0"):
            return int(lowered[1:], 8)
        return int(lowered, 10) if lowered.isdigit() else None
    except ValueError:
        return None


def _below_endpoint(url: str, endpoint: str) -> bool:
    """Same scheme and authority, and a path at or below the endpoint's, compared after
    decoding and resolving dot segments: a string prefix let ``/gdelt/../admin``,
    ``/gdelt/%2e%2e/admin`` and ``/gdeltadmin`` pass as ``/gdelt``."""
    try:
        target, base = urlsplit(url), urlsplit(endpoint)
    except ValueError:
        return False
    if (target.scheme.lower(), target.netloc.lower()) != (base.scheme.lower(), base.netloc.lower()):
        return False
    path, root = normalised_path(target.path), normalised_path(base.path)
    if path == "/robots.txt":
        return True
    return path == root or path.startswith(root if root.endswith("/") else root + "/")


def normalised_path(path: str) -> str:
    """The path a server would serve: percent-decoded, dot segments resolved (RFC 3986 5.2.4),
    a trailing slash kept."""
    decoded = unquote(path) or "/"
    resolved = posixpath.normpath(decoded)
    resolved = "/" + resolved.lstrip("/")  # normpath keeps a leading "//"
    return resolved + "/" if decoded.endswith("/") and resolved != "/" else resolved
