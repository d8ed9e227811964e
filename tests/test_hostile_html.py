"""Hostile HTML: no crash, and extraction bounded in time and memory per page.

Pages are cleaned in worker processes (``crawler.extraction_pool``); a runaway page (a million
elements keeps trafilatura busy for minutes and takes 1.6 GB) is killed at the timeout and
recorded, while the other pages of the crawl are still stored.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from crawler.extraction_pool import ExtractionFailed, ExtractionPool, ExtractionTimeout, PoolLimits
from tests.hostileweb import (
    MIB,
    HostileServer,
    Route,
    crawl_against,
    deep_nesting_page,
    huge_attribute_page,
    lying_charset_page,
    million_elements_page,
    xxe_page,
)

HONEST_PAGE = (Path(__file__).parent / "fixtures" / "article.html").read_bytes()


def spin_forever() -> None:
    while True:
        pass


def allocate(size: int) -> int:
    return len(bytearray(size))


def die() -> None:
    os._exit(3)


def test_pool_kills_a_runaway_call_and_keeps_serving():
    # Preloaded: a worker unpickling these functions imports this module, which on a loaded
    # machine took longer than the timeout and timed out the fresh worker's first call.
    pool = ExtractionPool(PoolLimits(workers=1, timeout=1.0, preload=(__name__,)))
    try:
        with pytest.raises(ExtractionTimeout):
            pool.run(spin_forever)
        assert pool.run(allocate, 1000) == 1000  # a fresh worker took over
    finally:
        pool.close()


def test_pool_reports_out_of_memory_and_crashes_without_dying():
    pool = ExtractionPool(PoolLimits(workers=1, timeout=60.0, memory_bytes=512 * MIB))
    try:
        with pytest.raises(ExtractionFailed, match="out of memory"):
            pool.run(allocate, 2048 * MIB)
        with pytest.raises(ExtractionFailed, match="worker died"):
            pool.run(die)
        assert pool.submit(allocate, 10).result(timeout=60) == 10
    finally:
        pool.close()


@pytest.mark.crawl
def test_hostile_pages_are_bounded_and_the_honest_page_is_stored(tmp_path: Path):
    pages = {
        "/deep": deep_nesting_page(),
        "/attribute": huge_attribute_page(),
        "/million": million_elements_page(),
        "/xxe": xxe_page(),
        "/charset": lying_charset_page(),
        "/honest": HONEST_PAGE,
    }
    with HostileServer() as server:
        server.routes.update({path: Route(body) for path, body in pages.items()})
        server.list_articles([server.url(path) for path in pages])
        started = time.monotonic()
        result = crawl_against(server, tmp_path, extraction_timeout=4.0, download_maxsize=10 * MIB)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    failures = result.failures()
    assert failures.get(server.url("/million")) in (
        "extraction timed out",
        "extraction failed: out of memory",
    )
    assert server.url("/honest") not in failures
    texts = [row[0] for row in result.db.execute("SELECT text FROM pages")]
    assert texts and not any("root:" in text for text in texts)  # XXE not resolved
    stored = {row[0] for row in result.db.execute("SELECT url FROM pages")}
    assert server.url("/honest") in stored
    for path in pages:  # every page ends stored or with a recorded reason, none vanishes
        assert server.url(path) in stored or server.url(path) in failures, path
    print(
        f"hostile crawl: {time.monotonic() - started:.1f} s, "
        f"peak RSS {result.peak_rss_mib:.0f} MiB (crawler process)"
    )
