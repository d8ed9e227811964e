"""Private addresses: discovered links and redirects never reach a sentinel on loopback.

The sentinel server counts TCP connections; after a crawl whose sources point at it in every
spelling (literal, decimal, octal, IPv6-mapped, local names, file://, redirects, and a host name
whose DNS answer is 127.0.0.1) it must have seen none. The configured endpoint stays usable
although it lives on loopback too.
"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from crawler.safety.dns import answer_is_public, trusted_hosts
from crawler.safety.urls import host_refusal
from tests.hostileweb import HostileServer, Route, crawl_against

pytestmark = pytest.mark.crawl


def loopback_name() -> str | None:
    """A host name that is not spelled like a local one but resolves to loopback (DNS case)."""
    name = socket.gethostname()
    try:
        address = socket.gethostbyname(name)
    except OSError:
        return None
    return name if address.startswith("127.") and host_refusal(name) is None else None


def redirect(location: str) -> Route:
    return Route(status=302, headers=(("Location", location),))


def test_nothing_discovered_reaches_a_private_address(tmp_path: Path):
    name = loopback_name()
    if name is None:
        pytest.skip("this machine's host name does not resolve to loopback")
    with HostileServer() as main, HostileServer() as sentinel:
        port = sentinel.port
        literal = [
            f"http://127.0.0.1:{port}/a",
            f"http://2130706433:{port}/b",
            f"http://0177.0.0.1:{port}/c",
            f"http://[::ffff:127.0.0.1]:{port}/d",
            f"http://localhost:{port}/e",
            f"http://sentinel.localhost:{port}/f",
            f"http://0x7f.1:{port}/g",
            "file:///etc/passwd",
        ]
        by_dns = f"http://{name}:{port}/dns"
        main.routes["/gdelt/to-literal"] = redirect(f"http://127.0.0.1:{port}/r")
        main.routes["/gdelt/to-dns"] = redirect(f"http://{name}:{port}/r")
        via_redirect = [
            main.url("/gdelt/to-literal", "localhost"),
            main.url("/gdelt/to-dns", "localhost"),
        ]
        main.list_articles([*literal, by_dns, *via_redirect])
        result = crawl_against(
            main, tmp_path, endpoint_host="localhost", allow_private_addresses=False
        )
    assert result.returncode == 0, result.stderr
    assert sentinel.connections == 0
    assert "/gdelt/to-dns" in [path.split("?")[0] for path in main.paths]  # trusted: fetched
    ok = result.db.execute("SELECT count(*) FROM source_requests WHERE status = 'ok'").fetchone()
    assert ok[0] >= 1, "the configured endpoint on loopback must stay usable"
    failures = result.failures()
    # refused by crawler.safety.dns.SafeResolver, already for the host's robots.txt
    assert failures[by_dns] == "robots.txt unavailable (DNS lookup failed): not fetched"
    for url in literal:  # file:// is not even a request (crawler.articles.unfetchable_reason)
        assert failures[url].startswith(("refused URL:", "not an http(s) URL:")), (
            url,
            failures[url],
        )
    assert all(url in failures for url in via_redirect)
    assert result.page_count() == 0


def test_the_same_name_is_fetched_when_private_addresses_are_allowed(tmp_path: Path):
    """The control for the test above: the name does resolve, only the policy refused it."""
    name = loopback_name()
    if name is None:
        pytest.skip("this machine's host name does not resolve to loopback")
    with HostileServer() as main, HostileServer() as sentinel:
        main.list_articles([f"http://{name}:{sentinel.port}/dns"])
        result = crawl_against(main, tmp_path, allow_private_addresses=True)
    assert result.returncode == 0, result.stderr
    assert [path for path in sentinel.paths if path == "/dns"] == ["/dns"]


def test_private_answers_and_trusted_hosts():
    assert not answer_is_public("127.0.0.1")
    assert not answer_is_public("10.1.2.3")
    assert not answer_is_public("169.254.169.254")
    assert not answer_is_public("::ffff:192.168.0.1")
    assert not answer_is_public("not an address")
    assert answer_is_public("93.184.216.34")
    assert trusted_hosts(["http://LocalHost.:8080/api", "bad", "https://mirror.example/x"]) == {
        "localhost",
        "mirror.example",
    }
