"""Offline is said, not suffered: with no DNS at all, ``check`` says so at once, records every
request as failed (none sent, none retried) and exits 3, the documented status."""

from __future__ import annotations

import socket
import sqlite3
import subprocess
import sys

import pytest

from corroborate.crawl import OFFLINE_ERROR
from crawler.preflight import dns_fails_everywhere
from tests.conftest import REPO_ROOT
from tests.netns import offline, require_no_network_namespace

FIXTURE_ARTICLE = REPO_ROOT / "tests" / "fixtures" / "article.txt"


def _fail_lookup(host: str) -> object:
    raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")


@pytest.mark.crawl
def test_check_with_no_network_says_offline_and_exits_3_without_retrying(tmp_path):
    require_no_network_namespace()
    db = tmp_path / "offline.db"
    command = [sys.executable, "-m", "corroborate", "check", str(FIXTURE_ARTICLE), "--db", str(db)]
    result = subprocess.run(
        offline(command), capture_output=True, text=True, cwd=REPO_ROOT, timeout=120
    )
    assert result.returncode == 3, result.stderr
    assert "offline" in result.stderr and "corroborate demo" in result.stderr
    assert "--config" in result.stderr and "Traceback" not in result.stderr
    assert "7 claims: 7 search failed" in result.stdout
    with sqlite3.connect(db) as connection:
        rows = connection.execute("SELECT status, error FROM source_requests").fetchall()
        queries = connection.execute(
            "SELECT count(*) FROM queries WHERE source != 'feeds' AND source != 'sitemaps'"
        ).fetchone()[0]
        status = connection.execute("SELECT status FROM runs").fetchone()[0]
    assert rows and set(rows) == {("failed", OFFLINE_ERROR)}  # recorded, never dropped
    feeds_and_sitemaps = len(rows) - queries
    assert feeds_and_sitemaps > 40  # one row per feed and sitemap: none retried
    assert status == "offline"


def test_every_host_failing_its_lookup_is_offline():
    assert dns_fails_everywhere(["a.example", "b.example"], {}, lookup=_fail_lookup)


def test_one_host_that_resolves_is_not_offline():
    def lookup(host: str) -> object:
        return [] if host == "b.example" else _fail_lookup(host)

    assert not dns_fails_everywhere(["a.example", "b.example"], {}, lookup=lookup)


def test_addresses_and_mapped_names_need_no_dns():
    assert not dns_fails_everywhere(["a.example", "127.0.0.1"], {}, lookup=_fail_lookup)
    mapped = {"a.example": "127.0.0.1"}
    assert not dns_fails_everywhere(["a.example"], mapped, lookup=_fail_lookup)
    assert not dns_fails_everywhere([], {}, lookup=_fail_lookup)
