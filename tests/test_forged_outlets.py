"""A page cannot name its own outlet (issue 11, item 1): outlets are the registrable domains
pages were fetched from; a canonical link on another domain is only a claim of being a copy.

Three pages of one host with canonicals on reuters.com, apnews.com and bbc.co.uk gave
"corroborated, 3 independent outlets" with evidence links never fetched; and a page whose
canonical named a real article took that article's place for good.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from corroborate.api import score_run
from tests.hostileweb import HostileServer, Route, crawl_against

pytestmark = pytest.mark.crawl

CLAIM = (
    "The Halden Ridge Dam on the Varro River in Arvenia's northern Kessmark province collapsed "
    "early on Tuesday, November 3, 2026, after a week of torrential rain."
)
FORGED = (
    "https://www.reuters.com/world/dam",
    "https://apnews.com/article/dam",
    "https://www.bbc.co.uk/news/dam",
)


def page(text: str, canonical: str | None = None) -> Route:
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    body = (
        f"<html><head><title>Dam</title>{link}</head><body><article><h1>Dam collapse</h1>"
        f"<p>{text}</p><p>Rescue teams searched the valley through the night with boats.</p>"
        "<p>Engineers will inspect the remaining structures of the river basin this week.</p>"
        "</article></body></html>"
    )
    return Route(body.encode())


def test_canonicals_on_other_domains_add_no_outlet(tmp_path: Path):
    with HostileServer() as server:
        for number, canonical in enumerate(FORGED):
            server.routes[f"/copy/{number}"] = page(CLAIM, canonical)
        urls = [server.url(f"/copy/{number}", "forger.example") for number in range(3)]
        server.list_articles(urls)
        result = crawl_against(server, tmp_path, resolve={"forger.example": "127.0.0.1"})
    assert result.returncode == 0, result.stderr
    rows = result.db.execute("SELECT url, canonical_url, claimed_canonical, outlet FROM pages")
    stored = sorted(rows.fetchall())
    assert [row[0] for row in stored] == sorted(urls)  # keyed by what was fetched
    assert {row[3] for row in stored} == {"forger.example"}
    assert sorted(row[2] for row in stored) == sorted(FORGED)  # kept as claims
    report = score_run(tmp_path / "crawl.db", 1)
    verdict = next(v for v in report.verdicts if v.claim_position == 1)
    assert verdict.independent_outlets == 1, verdict
    assert verdict.verdict == "single-source"
    assert {item.url for item in verdict.evidence} <= set(urls)
    assert {item.outlet for item in verdict.evidence} == {"forger.example"}


def test_a_page_naming_a_real_article_as_canonical_does_not_take_its_place(tmp_path: Path):
    with HostileServer() as server:
        real = server.url("/news/dam", "harbour.example")
        server.routes["/fake"] = page("The dam is fine and nobody was hurt.", canonical=real)
        server.routes["/news/dam"] = page(CLAIM)
        hosts = {"resolve": {"forger.example": "127.0.0.1", "harbour.example": "127.0.0.1"}}
        server.list_articles([server.url("/fake", "forger.example")])
        first = crawl_against(server, tmp_path, **hosts)
        assert first.returncode == 0, first.stderr
        server.list_articles([real])
        second = crawl_against(server, tmp_path, **hosts)  # a later run on the same database
    assert second.returncode == 0, second.stderr
    assert server.paths.count("/news/dam") == 1, "the real article must be fetched"
    texts = dict(second.db.execute("SELECT url, text FROM pages").fetchall())
    assert "Halden Ridge Dam" in texts[real]
    assert "nobody was hurt" in texts[server.url("/fake", "forger.example")]
