"""One bad link never silences the rest of its answer (issue 11, item 3): every discovered link
is fetched or recorded with its reason, and nothing stays pending."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.articles import unfetchable_reason
from tests.hostileweb import HostileServer, Route, crawl_against

pytestmark = pytest.mark.crawl

ARTICLE = (
    b"<html><head><title>Dam</title></head><body><article>"
    + b"<p>The Halden Ridge Dam collapsed early on Tuesday after a week of torrential rain.</p>" * 6
    + b"</article></body></html>"
)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("javascript:alert(1)", "not an http(s) URL: javascript"),
        ("mailto:desk@example.com", "not an http(s) URL: mailto"),
        ("", "empty URL"),
        ("/news/relative", "not an http(s) URL: relative"),
        ("http://bad host.example/x", "URL has no valid host"),
        ("http://example.com:port/x", "malformed URL"),
        ("https://example.com/" + "a" * 2100, "URL longer than 2083 characters"),
    ],
)
def test_unusable_urls_have_a_reason(url: str, reason: str):
    assert (unfetchable_reason(url) or "").startswith(reason)


def test_good_links_after_bad_ones_are_fetched_and_bad_ones_recorded(tmp_path: Path):
    with HostileServer() as server:
        server.routes["/good"] = Route(ARTICLE)
        server.routes["/loop"] = Route(status=302, headers=(("Location", "/loop"),))
        bad = [
            "javascript:alert(1)",
            "mailto:desk@example.com",
            "",
            "/news/relative",
            "http://bad host.example/x",
            server.url("/" + "a" * 2100),
            server.url("/loop"),
        ]
        good = server.url("/good")
        server.list_articles([*bad, good])
        result = crawl_against(server, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "/good" in server.paths
    assert result.page_count() == 1
    failures = result.failures()
    for url in bad:
        assert url[:2083] in failures, url
    assert "redirect" in failures[server.url("/loop")].lower()
    pending = result.db.execute("SELECT count(*) FROM frontier WHERE state = 'pending'")
    assert pending.fetchone()[0] == 0
