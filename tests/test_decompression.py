"""Decompression bombs: every encoding Scrapy accepts, stopped at DOWNLOAD_MAXSIZE.

The bodies expand to 1 to 10 GiB; the crawl must record each as a fetch failure, store no page
for it, still store the honest compressed page beside them, and stay small in memory.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from tests.hostileweb import (
    GIB,
    MIB,
    HostileServer,
    Route,
    brotli_bomb,
    crawl_against,
    deflate_bomb,
    gzip_bomb,
    stacked,
    zstd_bomb,
)

pytestmark = pytest.mark.crawl

HONEST_PAGE = (Path(__file__).parent / "fixtures" / "article.html").read_bytes()
MAX_RSS_MIB = 600  # the crawler alone sits near 150 MiB; one expanded bomb would be >= 1024


def bombs() -> dict[str, tuple[bytes, str]]:
    """Path -> (body, Content-Encoding)."""
    return {
        "/gzip-1g": (gzip_bomb(GIB), "gzip"),
        "/deflate-1g": (deflate_bomb(GIB), "deflate"),
        "/br-1g": (brotli_bomb(GIB), "br"),
        "/zstd-10g": (zstd_bomb(10 * GIB), "zstd"),
        "/gzip-gzip-br-10g": (stacked(gzip_bomb(10 * GIB), "gzip", "br"), "gzip, gzip, br"),
        "/gzip-10g": (gzip_bomb(10 * GIB), "gzip"),  # 10 MB compressed: over the cap as is
    }


def encoded(body: bytes, encoding: str) -> Route:
    return Route(
        body, headers=(("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", encoding))
    )


def test_bombs_are_aborted_at_the_size_limit_and_memory_stays_bounded(tmp_path: Path):
    served = bombs()
    with HostileServer() as server:
        for path, (body, encoding) in served.items():
            server.routes[path] = encoded(body, encoding)
        server.routes["/honest"] = encoded(gzip.compress(HONEST_PAGE), "gzip")
        server.routes["/unknown"] = encoded(gzip.compress(HONEST_PAGE), "x-gzip-9, compress")
        server.list_articles([server.url(path) for path in [*served, "/honest", "/unknown"]])
        result = crawl_against(server, tmp_path, download_maxsize=8 * MIB)
    assert result.returncode == 0, result.stderr
    failures = result.failures()
    for path in served:
        reason = failures.get(server.url(path), "")
        assert "DOWNLOAD_MAXSIZE" in reason or "cancelled" in reason, (path, reason)
    assert server.url("/honest") not in failures
    assert failures[server.url("/unknown")] == "undecodable Content-Encoding: x-gzip-9, compress"
    assert result.page_count() == 1
    assert result.peak_rss_mib < MAX_RSS_MIB, result.peak_rss_mib
    print(f"bombs crawl: {result.seconds:.1f} s, peak RSS {result.peak_rss_mib:.0f} MiB")
