"""A DNS resolver that refuses private answers for untrusted host names.

``UrlSafetyMiddleware`` refuses URLs that spell a private address, but a public-looking name can
resolve to one (``intranet.example.com -> 10.0.0.7``, a rebinding domain -> 127.0.0.1). The
check therefore also sits where the address becomes known: Scrapy's ``TWISTED_DNS_RESOLVER``.
Host names of the endpoints the user configured stay trusted (a local mirror may live on
loopback); for every other name a private answer fails the lookup, so no connection is made.

The config's ``[crawl.resolve]`` host map (like curl's ``--resolve``) answers for the names it
lists before DNS is asked, so a mirror or a local test web serves ``harbourcourier.example`` as
itself. The map comes from the user, but its answers pass the same private-address check.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy.resolver import CachingThreadedResolver, dnscache
from twisted.internet import defer
from twisted.internet.error import DNSLookupError

from crawler.safety.urls import is_public_address

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from twisted.internet.base import ReactorBase
    from twisted.internet.defer import Deferred


class PrivateAnswerRefused(DNSLookupError):
    """An untrusted name resolved to a loopback, private or reserved address."""


class SafeResolver(CachingThreadedResolver):
    """``CachingThreadedResolver`` plus a check of every answer it hands out."""

    def __init__(
        self,
        reactor: ReactorBase,
        cache_size: int,
        timeout: float,
        trusted_hosts: frozenset[str] = frozenset(),
        allow_private_addresses: bool = False,
        host_map: dict[str, str] | None = None,
    ) -> None:
        super().__init__(reactor, cache_size, timeout)
        self.trusted_hosts = trusted_hosts
        self.allow_private_addresses = allow_private_addresses
        self.host_map = host_map or {}

    @classmethod
    def from_crawler(cls, crawler: Crawler, reactor: ReactorBase) -> SafeResolver:
        settings = crawler.settings
        resolver = super().from_crawler(crawler, reactor)
        resolver.trusted_hosts = trusted_hosts(settings.getlist("CORROBORATE_TRUSTED_ENDPOINTS"))
        resolver.allow_private_addresses = settings.getbool("CORROBORATE_ALLOW_PRIVATE_ADDRESSES")
        resolver.host_map = settings.getdict("CORROBORATE_RESOLVE")
        return resolver

    def getHostByName(self, name: str, timeout: Sequence[int] = ()) -> Deferred[str]:
        mapped = self.host_map.get(normalise_host(name))
        deferred = defer.succeed(mapped) if mapped else super().getHostByName(name, timeout)
        if self.allow_private_addresses or normalise_host(name) in self.trusted_hosts:
            return deferred
        return deferred.addCallback(self._refuse_private, name)

    def _refuse_private(self, address: Any, name: str) -> Any:
        if answer_is_public(address):
            return address
        dnscache.pop(name, None)  # a trusted lookup of the same name must ask again
        raise PrivateAnswerRefused("resolves to a private address")  # the URL is logged beside


def answer_is_public(address: Any) -> bool:
    try:
        return is_public_address(ipaddress.ip_address(str(address)))
    except ValueError:
        return False  # not an address at all: nothing to connect to


def trusted_hosts(endpoints: Iterable[str]) -> frozenset[str]:
    """Host names of the configured endpoints."""
    hosts = set()
    for endpoint in endpoints:
        try:
            host = urlsplit(endpoint).hostname
        except ValueError:
            continue
        if host:
            hosts.add(normalise_host(host))
    return frozenset(hosts)


def normalise_host(name: str) -> str:
    return name.strip().rstrip(".").lower()
