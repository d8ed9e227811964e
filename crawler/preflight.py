"""Offline is said, not suffered: before a crawl, the host names of every configured endpoint
are looked up at once; when not one resolves (no network, no DNS), every request the crawl would
have made is recorded as failed and the crawler exits with ``OFFLINE_EXIT`` within seconds,
instead of retrying every source for minutes."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from time import monotonic
from urllib.parse import urlsplit

from corroborate.crawl import OFFLINE_ERROR
from corroborate.sources.config import Config
from corroborate.sources.registry import SEARCH_SOURCES
from corroborate.store import Store

LOOKUP_TIMEOUT = 8.0  # seconds for all lookups together: a resolver that is there answers sooner

Lookup = Callable[[str], object]


def endpoint_hosts(config: Config) -> set[str]:
    """The host names of every enabled source's endpoints."""
    urls = (url for source in config.enabled_sources() for url in source.endpoints())
    return {host for url in urls if (host := urlsplit(url).hostname)}


def needs_lookup(host: str, host_map: dict[str, str]) -> bool:
    """An address or a name the config maps itself is reachable without DNS."""
    if host in host_map or host == "localhost":
        return False
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return True
    return False


def dns_fails_everywhere(
    hosts: Iterable[str],
    host_map: dict[str, str],
    lookup: Lookup = socket.getaddrinfo,  # type: ignore[assignment]
    timeout: float = LOOKUP_TIMEOUT,
) -> bool:
    """True when there are hosts and not one of them resolves; the first that does ends it."""
    hosts = list(hosts)
    if not hosts or not all(needs_lookup(host, host_map) for host in hosts):
        return False
    pool = ThreadPoolExecutor(max_workers=min(16, len(hosts)))
    pending = {pool.submit(lookup, host) for host in hosts}
    deadline = monotonic() + timeout
    try:
        while pending and monotonic() < deadline:
            done, pending = wait(pending, deadline - monotonic(), return_when=FIRST_COMPLETED)
            if any(future.exception() is None for future in done):
                return False
        return True
    finally:
        pool.shutdown(wait=False, cancel_futures=True)  # a hung lookup must not hold us


def record_offline(store: Store, run_id: int, config: Config) -> int:
    """Record every request the crawl would have made as failed; the number recorded."""
    count = 0
    for source in config.enabled_sources():
        if source.name in SEARCH_SOURCES:
            for query in store.runs.queries_for_run(run_id, source.name):
                store.crawl.record_source_request(
                    run_id,
                    source.name,
                    source.url or "",
                    "failed",
                    error=OFFLINE_ERROR,
                    query_id=query.query_id,
                )
                count += 1
        else:
            for url in source.urls:
                store.crawl.record_source_request(
                    run_id, source.name, url, "failed", error=OFFLINE_ERROR
                )
                count += 1
    return count
