"""URL safety: untrusted URLs never reach private addresses, however they are spelled."""

import pytest

from crawler.safety.urls import UrlPolicy, parse_ip_literal, url_refusal

PRIVATE_URLS = [
    "http://127.0.0.1/",
    "http://127.0.0.1:8080/admin",
    "http://127.255.255.254/",
    "http://10.0.0.5/",
    "http://172.16.0.1/",
    "http://172.31.255.255/",
    "http://192.168.1.1/",
    "http://169.254.169.254/latest/meta-data/",
    "http://0.0.0.0/",
    "http://0/",
    "http://[::1]/",
    "http://[::]/",
    "http://[fc00::1]/",
    "http://[fd12:3456::1]/",
    "http://[fe80::1%25eth0]/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:7f00:1]/",
    "http://[::ffff:10.0.0.1]/",
    "http://2130706433/",
    "http://0177.0.0.1/",
    "http://0x7f.0.0.1/",
    "http://0x7f000001/",
    "http://127.1/",
    "http://10.1/",
    "http://0300.0250.0.1/",
    "http://localhost/",
    "http://LOCALHOST:8000/",
    "http://localhost./",
    "http://api.localhost/",
    "https://user:pw@127.0.0.1/",
    "http://127.0.0.1./",
]

PUBLIC_URLS = [
    "http://example.com/news/1",
    "https://www.harbourcourier.example/2026/11/03/dam",
    "https://93.184.216.34/",
    "http://[2606:4700::1111]/",
    "http://1.1.1.1/",
    "http://localhost.example.com/",  # a real domain that merely contains the word
]


@pytest.mark.parametrize("url", PRIVATE_URLS)
def test_private_and_obfuscated_addresses_refused(url):
    reason = url_refusal(url)
    assert reason is not None
    assert "refused" in reason


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_public_urls_allowed(url):
    assert url_refusal(url) is None


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.com/a",
        "file:///etc/passwd",
        "gopher://x/",
        "javascript:alert(1)",
        "data:text/html,hi",
        "//example.com/a",
    ],
)
def test_non_http_schemes_refused(url):
    assert "scheme not allowed" in url_refusal(url)


def test_url_without_host_refused():
    assert url_refusal("http:///path") == "URL has no host"


@pytest.mark.parametrize(
    "spelling",
    [
        "2130706433",
        "0177.0.0.1",
        "0x7f.0.0.1",
        "127.1",
        "0x7f.1",
        "017700000001",
        "[::ffff:127.0.0.1]",
    ],
)
def test_obfuscated_spellings_read_as_loopback(spelling):
    address = parse_ip_literal(spelling)
    assert address is not None
    assert str(address) in {"127.0.0.1", "::ffff:7f00:1"}


@pytest.mark.parametrize("name", ["example.com", "1.2.3.4.5", "08.0.0.1", "256.256.256.256.1"])
def test_names_that_are_not_addresses(name):
    assert parse_ip_literal(name) is None


def test_allow_flag_permits_private_addresses_but_not_other_schemes():
    assert url_refusal("http://127.0.0.1:8000/a", allow_private_addresses=True) is None
    assert url_refusal("http://localhost/", allow_private_addresses=True) is None
    assert url_refusal("file:///etc/passwd", allow_private_addresses=True) is not None


def test_configured_endpoint_is_trusted_and_only_it():
    policy = UrlPolicy.build(["http://127.0.0.1:9000/api/v2/doc/doc"], False)
    assert policy.refusal("http://127.0.0.1:9000/api/v2/doc/doc?query=dam&format=json") is None
    assert policy.refusal("http://127.0.0.1:9000/robots.txt") is None
    assert policy.refusal("http://127.0.0.1:9000/admin") is not None
    assert policy.refusal("http://127.0.0.1:9001/api/v2/doc/doc") is not None
    assert policy.refusal("http://10.0.0.1/") is not None


def test_trusted_prefix_does_not_extend_to_a_longer_host():
    policy = UrlPolicy.build(["http://127.0.0.1:90"], False)
    assert policy.refusal("http://127.0.0.1:9000/feed.xml") is not None
    policy = UrlPolicy.build(["http://news.example"], False)
    assert policy.refusal("http://news.example.evil.com/") is None  # public, but not trusted
    assert not policy.is_trusted("http://news.example.evil.com/")


def test_redirect_target_is_judged_by_its_own_url():
    """A redirect inherits meta, so only the URL may decide: a trusted prefix must match."""
    policy = UrlPolicy.build(["http://127.0.0.1:9000/feed.xml"], False)
    assert policy.refusal("http://127.0.0.1:9000/feed.xml") is None
    assert policy.refusal("http://127.0.0.1:22/") is not None


ENDPOINTS = ["http://127.0.0.1:9/gdelt", "http://127.0.0.1:9/rss/articles/"]


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/gdelt/../admin",
        "http://127.0.0.1:9/gdelt/%2e%2e/admin",
        "http://127.0.0.1:9/gdelt/%2E%2E/%2e%2e/etc",
        "http://127.0.0.1:9/gdeltadmin",
        "http://127.0.0.1:9/rss/articles/../../admin",
    ],
)
def test_a_path_that_leaves_the_endpoint_is_not_trusted(url: str):
    """Trust was a string prefix: dot segments, encoded or not, and a longer name passed."""
    policy = UrlPolicy.build(
        ["http://127.0.0.1:9/gdelt", "http://127.0.0.1:9/rss/articles/"], False
    )
    assert not policy.is_trusted(url)
    assert policy.refusal(url) is not None


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/gdelt",
        "http://127.0.0.1:9/gdelt?query=dam&mode=artlist",
        "http://127.0.0.1:9/gdelt/more",
        "http://127.0.0.1:9/rss/articles/CBMiTOKEN?oc=5",
        "http://127.0.0.1:9/robots.txt",
    ],
)
def test_the_endpoint_and_what_lies_below_it_stay_trusted(url: str):
    policy = UrlPolicy.build(
        ["http://127.0.0.1:9/gdelt", "http://127.0.0.1:9/rss/articles/"], False
    )
    assert policy.is_trusted(url)
