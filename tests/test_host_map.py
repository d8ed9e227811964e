"""``[crawl.resolve]``: a host map, like curl's ``--resolve``, so a mirror or a test web serves an
outlet under its own name; its answers still obey ``allow_private_addresses``."""

from __future__ import annotations

from pathlib import Path

import pytest

from corroborate.errors import ConfigError
from corroborate.sources.config import load_config
from tests.hostileweb import HostileServer, Route, crawl_against

ARTICLE = (
    b"<html><head><title>Dam</title></head><body><article>"
    + b"<p>The Ostrava dam spillway gates were opened on Tuesday after heavy rain.</p>" * 8
    + b"</article></body></html>"
)


def test_the_host_map_is_read_and_checked(tmp_path: Path):
    path = tmp_path / "c.toml"
    path.write_text('[crawl.resolve]\n"Harbour.Example." = "127.0.0.2"\n"v6.example" = "::1"\n')
    assert load_config(path).crawl.resolve == {"harbour.example": "127.0.0.2", "v6.example": "::1"}
    for line, reason in [
        ('"a.example" = "127.0.0.1:80"', "must map to an IP address"),
        ('"a.example" = 5', "must map to an IP address"),
        ('"http://a.example/" = "127.0.0.1"', "is not a host name"),
        ('"a b.example" = "127.0.0.1"', "is not a host name"),
    ]:
        path.write_text(f"[crawl.resolve]\n{line}\n")
        with pytest.raises(ConfigError, match=reason):
            load_config(path)
    path.write_text('[crawl]\nresolve = "127.0.0.1"\n')
    with pytest.raises(ConfigError, match="must be a table"):
        load_config(path)


@pytest.mark.crawl
def test_a_mapped_name_is_fetched_as_itself(tmp_path: Path):
    with HostileServer() as server:
        server.routes["/news/dam"] = Route(ARTICLE)
        server.list_articles([server.url("/news/dam", "harbour.example")])
        result = crawl_against(
            server, tmp_path, resolve={"harbour.example": "127.0.0.1"}, retry_times=0
        )
    assert result.returncode == 0, result.stderr
    assert "/news/dam" in server.paths
    urls = [row[0] for row in result.db.execute("SELECT url FROM pages")]
    assert urls == [f"http://harbour.example:{server.port}/news/dam"]


@pytest.mark.crawl
def test_a_mapped_private_address_is_refused_unless_allowed(tmp_path: Path):
    with HostileServer() as server:
        server.routes["/news/dam"] = Route(ARTICLE)
        url = server.url("/news/dam", "harbour.example")
        server.list_articles([url])
        result = crawl_against(
            server,
            tmp_path,
            resolve={"harbour.example": "127.0.0.1"},
            allow_private_addresses=False,
            endpoint_host="localhost",
        )
    assert result.returncode == 0, result.stderr
    assert "/news/dam" not in server.paths
    assert "DNS lookup failed" in result.failures()[url]
    assert result.page_count() == 0
