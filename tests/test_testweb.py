"""The local test web itself, checked with urllib against the real servers."""

from __future__ import annotations

import base64
import http.client
import json
import re
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

import pytest

from corroborate.sources.config import load_config
from corroborate.sources.registry import SOURCE_NAMES
from tests.testweb import (
    EXPECTED,
    FIXTURE_ARTICLE,
    FIXTURE_HTML,
    FIXTURE_NON_CLAIMS,
    OUTLETS,
    PUBLIC_STORIES,
    STORIES,
    TestWeb,
    canonical_url,
)
from tests.testweb.search import normalize

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


# The ``web`` fixture (tests/conftest.py) is the session's TestWeb with failures cleared.


def fetch(url: str, data: bytes | None = None) -> tuple[int, str, str]:
    """Outlets live under their own names, which only the crawler's host map resolves: every
    server of the test web listens on 127.0.0.1."""
    parts = urllib.parse.urlsplit(url)
    local = urllib.parse.urlunsplit(parts._replace(netloc=f"127.0.0.1:{parts.port}"))
    request = urllib.request.Request(local, data=data, headers={"User-Agent": "testweb-test"})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, response.headers["Content-Type"], response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read().decode()


def served_by_an_outlet(web: TestWeb, url: str) -> bool:
    """On an outlet's own name and its server's port: what the test web hands out."""
    base = "{0.scheme}://{0.netloc}".format(urllib.parse.urlsplit(url))
    return base in {server.base_url for server in web.outlets.values()}


def gdelt(web: TestWeb, query: str, **params: str) -> tuple[int, str, str]:
    params = {"query": query, "mode": "artlist", "format": "json", **params}
    return fetch(web.gdelt_url() + "?" + urllib.parse.urlencode(params))


def story(path: str):
    return next(item for item in STORIES if item.path == path)


DAM_HARBOUR = story("/news/2026/11/04/halden-ridge-dam-collapse-kessmark")
DAM_CAPITAL = story("/news/2026/11/04/halden-ridge-dam-collapse")


# --- outlet pages -----------------------------------------------------------------------------


def test_article_page_has_canonical_metadata_and_boilerplate(web: TestWeb) -> None:
    status, content_type, page = fetch(web.url_of(DAM_HARBOUR))
    assert status == 200 and content_type.startswith("text/html")
    canonical = "https://www.harbourcourier.example" + DAM_HARBOUR.path
    assert f'<link rel="canonical" href="{canonical}">' in page
    assert f'<meta property="og:url" content="{canonical}">' in page
    assert 'property="og:site_name" content="The Harbour Courier"' in page
    assert 'property="article:published_time" content="2026-11-04T06:30:00+00:00"' in page
    assert '<html lang="en">' in page and "<article" in page
    for clutter in ("cookie-banner", "main-nav", "Most read", "newsletter", "All rights reserved"):
        assert clutter in page
    assert DAM_HARBOUR.paragraphs[1] in page.replace("&#x27;", "'")


def test_alias_path_serves_the_same_canonical_page(web: TestWeb) -> None:
    base = web.outlets["capitalsignal"].base_url
    _, _, main = fetch(base + DAM_CAPITAL.path)
    _, _, amp = fetch(base + DAM_CAPITAL.aliases[0])
    assert main == amp
    assert f'href="{canonical_url(DAM_CAPITAL)}"' in amp


def test_unknown_path_is_404(web: TestWeb) -> None:
    status, _, _ = fetch(web.outlets["harbourcourier"].base_url + "/no/such/page")
    assert status == 404


def test_robots_disallows_private_and_names_sitemap(web: TestWeb) -> None:
    base = web.outlets["valleyherald"].base_url
    status, content_type, robots = fetch(base + "/robots.txt")
    assert status == 200 and content_type.startswith("text/plain")
    assert "Disallow: /private/" in robots.splitlines()
    assert f"Sitemap: {base}/sitemap_index.xml" in robots


def test_rss_and_atom_feeds_parse_and_link_to_served_pages(web: TestWeb) -> None:
    assert len(web.feed_urls()) == 7
    for url in web.feed_urls():
        _, _, body = fetch(url)
        root = ET.fromstring(body)
        if root.tag == "rss":
            links = [item.findtext("link") for item in root.iter("item")]
            assert all(item.findtext("pubDate") for item in root.iter("item"))
        else:
            links = [entry.find(f"{ATOM}link").get("href") for entry in root.iter(f"{ATOM}entry")]
            assert all(entry.findtext(f"{ATOM}updated") for entry in root.iter(f"{ATOM}entry"))
        base = url.split("/", 3)[:3]
        assert links and all(link.startswith("/".join(base) + "/") for link in links)


def test_feed_links_private_page_for_robots_to_block(web: TestWeb) -> None:
    _, _, body = fetch(web.outlets["harbourcourier"].site.feed_url())
    links = [item.findtext("link") for item in ET.fromstring(body).iter("item")]
    assert any("/private/" in link for link in links)
    assert any("utm_source=rss" in link for link in links)


def test_sitemap_index_leads_to_news_sitemap(web: TestWeb) -> None:
    index_url = web.outlets["valleyherald"].site.sitemap_url()
    assert index_url in web.sitemap_urls()
    _, _, index = fetch(index_url)
    news_url = ET.fromstring(index).find(f"{SITEMAP}sitemap/{SITEMAP}loc").text
    _, _, body = fetch(news_url)
    urls = ET.fromstring(body).findall(f"{SITEMAP}url")
    assert urls
    for url in urls:
        news = url.find(f"{NEWS}news")
        assert news.findtext(f"{NEWS}publication/{NEWS}name") == "Valley Herald"
        assert news.findtext(f"{NEWS}publication_date").startswith("2026-11-")
        assert news.findtext(f"{NEWS}title")


# --- GDELT ------------------------------------------------------------------------------------


def test_gdelt_answers_in_real_format_with_local_urls(web: TestWeb) -> None:
    status, content_type, body = gdelt(web, '"Halden Ridge" Kessmark', maxrecords="3")
    assert status == 200 and content_type.startswith("application/json")
    articles = json.loads(body)["articles"]
    assert len(articles) == 3
    for article in articles:
        assert set(article) == {
            "url",
            "url_mobile",
            "title",
            "seendate",
            "socialimage",
            "domain",
            "language",
            "sourcecountry",
        }
        assert served_by_an_outlet(web, article["url"])
        assert article["domain"].endswith(".example")
        assert re.fullmatch(r"2026\d{4}T\d{6}Z", article["seendate"])


def test_gdelt_every_term_must_occur(web: TestWeb) -> None:
    _, _, body = gdelt(web, "Halden Kessmark")
    assert len(json.loads(body)["articles"]) >= 8
    assert gdelt(web, "Halden Kessmark zanzibar")[2] == "{}"


def test_gdelt_or_groups_and_exclusion(web: TestWeb) -> None:
    _, _, body = gdelt(web, "(Eberhardt OR Saltmere)")
    events = {_event_of(article["url"]) for article in json.loads(body)["articles"]}
    assert events == {"resignation", "strike"}
    _, _, body = gdelt(web, "Halden -Lindqvist")
    for article in json.loads(body)["articles"]:
        assert "lindqvist" not in _story_text(article["url"])


def test_gdelt_rejects_short_terms_and_bare_parentheses(web: TestWeb) -> None:
    status, content_type, body = gdelt(web, 'Halden "ab"')
    assert status == 200 and content_type.startswith("text/html")
    assert "too short" in body
    assert "too short" in gdelt(web, "Halden ok")[2]
    assert "Parentheses" in gdelt(web, "(Halden Kessmark)")[2]


def test_gdelt_honours_time_window(web: TestWeb) -> None:
    inside = gdelt(web, "Halden", startdatetime="20261103000000", enddatetime="20261103235959")
    dates = {a["seendate"][:8] for a in json.loads(inside[2])["articles"]}
    assert dates == {"20261103"}
    assert (
        gdelt(web, "Halden", startdatetime="20261001000000", enddatetime="20261031000000")[2]
        == "{}"
    )
    assert gdelt(web, "Halden", timespan="24h")[2] == "{}"


@pytest.mark.parametrize("mode", ["429", "html_error", "bad_json", "500"])
def test_gdelt_failure_modes_then_recovery(web: TestWeb, mode: str) -> None:
    web.fail("gdelt", mode, times=1)
    status, content_type, body = gdelt(web, "Halden")
    expected_status = {"429": 429, "500": 500}.get(mode, 200)
    assert status == expected_status
    if mode == "429":
        assert "one every 5 seconds" in body
    if mode == "html_error":
        assert content_type.startswith("text/html")
    if mode == "bad_json":
        with pytest.raises(json.JSONDecodeError):
            json.loads(body)
    assert json.loads(gdelt(web, "Halden")[2])["articles"]


def test_reset_mode_drops_the_connection(web: TestWeb) -> None:
    web.fail("harbourcourier", "reset")
    with pytest.raises((ConnectionError, http.client.HTTPException, urllib.error.URLError)):
        fetch(web.url_of(DAM_HARBOUR))
    web.reset_failures()
    assert fetch(web.url_of(DAM_HARBOUR))[0] == 200


def test_requests_log_names_server_method_and_target(web: TestWeb) -> None:
    fetch(web.outlets["eastmarchpost"].base_url + "/robots.txt?x=1")
    assert ("eastmarchpost", "GET", "/robots.txt?x=1") in web.requests_log()


# --- Google News ------------------------------------------------------------------------------


def google_items(web: TestWeb, q: str) -> list[ET.Element]:
    params = urllib.parse.urlencode({"q": q, "hl": "en-US", "gl": "US", "ceid": "US:en"})
    _, _, body = fetch(web.google_news_url() + "?" + params)
    return list(ET.fromstring(body).iter("item"))


def token_of(link: str) -> str:
    return urllib.parse.urlsplit(link).path.rsplit("/", 1)[-1]


def decode_bytes(token: str) -> bytes:
    return base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))


def test_google_news_items_in_real_format(web: TestWeb) -> None:
    items = google_items(web, '"Petra Vollan"')
    assert items
    for item in items:
        source = item.find("source")
        assert item.findtext("title").endswith(" - " + source.text)
        assert source.get("url").startswith("https://") and source.get("url").endswith(".example")
        assert item.findtext("link").startswith(web.services_url + "/rss/articles/")
        assert item.findtext("pubDate") and item.findtext("guid")


def test_google_news_operators(web: TestWeb) -> None:
    hosts = {
        item.find("source").get("url")
        for item in google_items(web, "Halden site:tidewatermail.example")
    }
    assert hosts == {"https://news.tidewatermail.example"}
    assert not google_items(web, "Saltmere before:2026-11-01")
    assert google_items(web, "Saltmere OR Eberhardt after:2026-11-06")


def test_google_news_old_token_decodes_offline(web: TestWeb) -> None:
    decoded = [
        decode_bytes(token_of(item.findtext("link"))) for item in google_items(web, "Halden")
    ]
    urls = [re.search(rb"https?://[\x21-\x7e]+?(?=\xd2\x01|$)", raw) for raw in decoded]
    found = [match.group().decode() for match in urls if match]
    assert found and all(served_by_an_outlet(web, url) for url in found)
    assert all(fetch(url)[0] == 200 for url in found[:2])


def new_token_links(web: TestWeb) -> list[str]:
    links = [item.findtext("link") for item in google_items(web, "Halden")]
    return [link for link in links if b"AU_yqL" in decode_bytes(token_of(link))]


def batchexecute(web: TestWeb, token: str, timestamp: int, signature: str) -> str:
    inner = json.dumps(
        [
            "garturlreq",
            [
                [
                    "X",
                    "X",
                    ["X", "X"],
                    None,
                    None,
                    1,
                    1,
                    "US:en",
                    None,
                    1,
                    None,
                    None,
                    None,
                    None,
                    None,
                    0,
                    1,
                ],
                "X",
                "X",
                1,
                [1, 1, 1],
                1,
                1,
                None,
                0,
                0,
                None,
                0,
            ],
            token,
            timestamp,
            signature,
        ]
    )
    form = urllib.parse.urlencode({"f.req": json.dumps([[["Fbv4je", inner, None, "generic"]]])})
    status, _, body = fetch(web.services_url + "/_/DotsSplashUi/data/batchexecute", form.encode())
    assert status == 200 and body.startswith(")]}'\n\n")
    return body


def signature_and_timestamp(web: TestWeb, link: str) -> tuple[str, int]:
    _, _, page = fetch(link)
    signature = re.search(r'data-n-a-sg="([^"]+)"', page).group(1)
    timestamp = int(re.search(r'data-n-a-ts="(\d+)"', page).group(1))
    return signature, timestamp


def test_google_news_new_token_decode_flow(web: TestWeb) -> None:
    links = new_token_links(web)
    assert any(decode_bytes(token_of(link)).startswith(b"AU_yqL") for link in links)
    assert any(decode_bytes(token_of(link)).startswith(b"\x08\x13\x22") for link in links)
    decoded = []
    for link in links[:-1]:  # the last one is the undecodable live blog
        signature, timestamp = signature_and_timestamp(web, link)
        body = batchexecute(web, token_of(link), timestamp, signature)
        frames = json.loads(body.split("\n\n", 1)[1])
        assert frames[0][:2] == ["wrb.fr", "Fbv4je"]
        decoded.append(json.loads(frames[0][2])[1])
    assert decoded and all(served_by_an_outlet(web, url) for url in decoded)


def test_google_news_bad_signature_and_undecodable_token_get_error_frames(web: TestWeb) -> None:
    links = new_token_links(web)
    assert "live updates" in google_items(web, "Halden")[-1].findtext("title")
    signature, timestamp = signature_and_timestamp(web, links[0])
    wrong = json.loads(batchexecute(web, token_of(links[0]), timestamp, "nope").split("\n\n")[1])
    assert wrong[0][2] is None
    signature, timestamp = signature_and_timestamp(web, links[-1])
    live = json.loads(batchexecute(web, token_of(links[-1]), timestamp, signature).split("\n\n")[1])
    assert live[0][2] is None


# --- Bing News --------------------------------------------------------------------------------


def test_bing_news_link_unwraps_to_served_article(web: TestWeb) -> None:
    params = urllib.parse.urlencode({"q": "Saltmere strike", "format": "rss"})
    _, _, body = fetch(web.bing_news_url() + "?" + params)
    assert "xmlns:News=" in body
    items = list(ET.fromstring(body).iter("item"))
    assert len(items) >= 4
    sources = [
        element.text for item in items for element in item if element.tag.endswith("}Source")
    ]
    assert len(sources) == len(items) and any(s.endswith(" on MSN") for s in sources)
    for item in items:
        link = urllib.parse.urlsplit(item.findtext("link"))
        assert link.path == "/news/apiclick.aspx"
        article = urllib.parse.parse_qs(link.query)["url"][0]
        assert served_by_an_outlet(web, article) and fetch(article)[0] == 200


# --- the corpus and EXPECTED ------------------------------------------------------------------


def _story_text(url: str) -> str:
    path = urllib.parse.urlsplit(url).path
    return normalize(next(item for item in PUBLIC_STORIES if item.path == path).text)


def _event_of(url: str) -> str | None:
    path = urllib.parse.urlsplit(url).path
    return next(item for item in PUBLIC_STORIES if item.path == path).event


def _page_text(canonical: str) -> str:
    return normalize(next(item for item in PUBLIC_STORIES if canonical_url(item) == canonical).text)


def test_expected_is_backed_by_the_pages() -> None:
    for claim in EXPECTED:
        for url in claim.supporting_urls:
            assert all(normalize(term) in _page_text(url) for term in claim.key_terms), url
        for url in claim.contradicting_urls:
            assert any(normalize(term) in _page_text(url) for term in claim.conflicting_terms)
            assert not all(normalize(term) in _page_text(url) for term in claim.key_terms)
    every_page = " ".join(normalize(item.text) for item in PUBLIC_STORIES)
    not_found = next(claim for claim in EXPECTED if claim.verdict == "not found")
    assert not any(normalize(term) in every_page for term in not_found.key_terms)


def test_expected_counts_wire_reprints_once() -> None:
    by_id = {claim.claim_id: claim for claim in EXPECTED}
    assert len(by_id["C1"].supporting_urls) == 8 and by_id["C1"].independent_outlets == 6
    assert by_id["C2"].contradicting_outlets == ("www.pinecrestobserver.example",)
    assert by_id["C6"].independent_outlets == 1 and by_id["C7"].independent_outlets == 0
    assert by_id["C4"].verdict == "contradicted" and not by_id["C4"].supporting_urls


def test_fixture_files_carry_every_expected_sentence() -> None:
    text = FIXTURE_ARTICLE.read_text(encoding="utf-8")
    page = FIXTURE_HTML.read_text(encoding="utf-8")
    for sentence in [claim.sentence for claim in EXPECTED] + list(FIXTURE_NON_CLAIMS):
        assert sentence in text and sentence in page


def test_canonical_hosts_are_not_loopback() -> None:
    assert len(OUTLETS) == 13  # 8 writing in English, 5 in other languages
    assert all(outlet.host.endswith(".example") for outlet in OUTLETS.values())


# --- config -----------------------------------------------------------------------------------


def test_the_test_web_serves_every_registered_source(web: TestWeb, tmp_path) -> None:
    config = load_config(web.write_config(tmp_path / "testweb.toml"))
    assert set(config.sources) == set(SOURCE_NAMES)
    assert all(source.enabled for source in config.sources.values())


def test_write_config_points_sources_at_the_test_web(web: TestWeb, tmp_path) -> None:
    path = web.write_config(
        tmp_path / "testweb.toml", gdelt={"enabled": False}, crawl={"max_pages": 40}
    )
    config = load_config(path)
    assert not config.sources["gdelt"].enabled
    assert config.sources["gdelt"].url == web.gdelt_url()
    assert set(config.sources["feeds"].urls) == set(web.feed_urls())
    assert set(config.sources["sitemaps"].urls) == set(web.sitemap_urls())
    google = config.sources["google_news"]
    assert google.option("decode_url").startswith(web.services_url)
    assert google.option("ceid") == "US:en"
    assert config.crawl.allow_private_addresses and not config.crawl.autothrottle
    assert config.crawl.max_pages == 40 and config.crawl.download_timeout == 10.0
    with pytest.raises(ValueError):
        web.write_config(tmp_path / "bad.toml", nonsense={"a": 1})
