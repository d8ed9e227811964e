"""Spider logic offline: Scrapy Response objects in, requests and ledger rows out.

The store is a real SQLite file; no network is used.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, Response, TextResponse, XmlResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

from corroborate.models import Article, Claim, KeyTerms, Query
from corroborate.sources.config import load_config
from corroborate.store import Store
from crawler.articles import ArticleRegistry
from crawler.middlewares.safety import RefusedUrl, UrlSafetyMiddleware
from crawler.progress import Progress
from crawler.responses import describe_failure
from crawler.run_context import RunContext
from crawler.settings import crawl_settings
from crawler.spiders.feeds import FeedsSpider, read_feed
from crawler.spiders.gdelt import GdeltSpider, lenient_json, parse_answer
from crawler.spiders.sitemaps import SitemapsSpider, read_sitemap, url_words

GDELT = "http://127.0.0.1:9/api/v2/doc/doc"
CLAIMS = [
    Claim(
        1,
        "Twelve people were killed when the Varnholt dam failed in Eskerland on Tuesday.",
        KeyTerms(entities=("Varnholt", "Eskerland"), numbers=("Twelve",), dates=("Tuesday",)),
    ),
    Claim(
        2,
        "Governor Helena Rask promised an inquiry into the dam failure.",
        KeyTerms(entities=("Helena Rask",)),
    ),
]
QUERIES = [Query(1, "gdelt", '"Varnholt dam" Eskerland'), Query(2, "gdelt", '"Helena Rask"')]
CONFIG = f"""
[sources.gdelt]
url = "{GDELT}"
min_interval = 5
max_results = 20
timespan = "7d"
[sources.feeds]
urls = ["http://127.0.0.1:9/feed.xml"]
max_results = 2
[sources.sitemaps]
urls = ["http://127.0.0.1:9/sitemap.xml"]
[crawl]
max_pages = 3
"""


@pytest.fixture
def context(tmp_path: Path):
    config_path = tmp_path / "config.toml"
    config_path.write_text(CONFIG, encoding="utf-8")
    store = Store.open(tmp_path / "c.db")
    run_id = store.runs.start_run(Article(path="a.txt", text="Dam story."), CLAIMS, QUERIES)
    config = load_config(config_path)
    yield RunContext(
        store, run_id, config, Progress(io.StringIO()), ArticleRegistry(config.crawl.max_pages)
    )
    store.close()


def make_spider(spider_class, context):
    crawler = get_crawler(spider_class, settings_dict=crawl_settings(context.config))
    return spider_class.from_crawler(crawler, context=context)


def ledger(context) -> list[dict]:
    return [dict(row) for row in context.store.db["source_requests"].rows]


def progress_events(context) -> list[dict]:
    return [json.loads(line) for line in context.progress._stream.getvalue().splitlines()]


def respond(cls, url: str, body: str | bytes, meta: dict | None = None, **kwargs) -> Response:
    data = body.encode("utf-8") if isinstance(body, str) else body
    return cls(url=url, body=data, request=scrapy.Request(url, meta=meta or {}), **kwargs)


# -- GDELT ------------------------------------------------------------------------------------

ARTICLES = {
    "articles": [
        {
            "url": "http://127.0.0.1:9/a",
            "title": "Dam fails",
            "seendate": "20261103T031500Z",
            "domain": "harbourcourier.example",
            "language": "English",
        },
        {"url": "http://127.0.0.1:9/b", "title": "Dam", "domain": "tidewater.example"},
        {"title": "no url here"},
    ]
}


def test_gdelt_results_become_links_with_publisher_hint():
    answer = parse_answer(json.dumps(ARTICLES), "application/json", "q")
    assert answer.status == "ok"
    assert [(link.url, link.publisher) for link in answer.links] == [
        ("http://127.0.0.1:9/a", "harbourcourier.example"),
        ("http://127.0.0.1:9/b", "tidewater.example"),
    ]


def test_gdelt_empty_object_is_empty_not_failed():
    assert parse_answer("{}", "application/json", "q").status == "empty"
    assert parse_answer('{"articles": []}', "application/json", "q").status == "empty"


def test_gdelt_html_error_is_a_failure_with_its_sentence():
    body = "<html><body><p>The specified phrase is too short.</p></body></html>"
    answer = parse_answer(body, "text/html; charset=utf-8", "q")
    assert answer.status == "failed"
    assert answer.error == "HTML error: The specified phrase is too short."


def test_gdelt_bad_json_and_non_json_are_failures():
    assert parse_answer('{"articles": [', "application/json", "q").error == "bad JSON"
    plain = parse_answer("Please limit requests", "text/plain", "q")
    assert plain.status == "failed" and plain.error.startswith("not JSON")


def test_gdelt_invalid_escapes_are_repaired():
    body = (
        r'{"articles": [{"url": "http://127.0.0.1:9/a", '
        r'"title": "It\'s a \x dam \\ ok \u00e9"}]}'
    )
    data = lenient_json(body)
    assert data["articles"][0]["title"] == "It\\'s a \\x dam \\ ok \u00e9"
    assert parse_answer(body, "application/json", "q").status == "ok"


def test_gdelt_start_asks_each_query_on_its_own_slot(context):
    spider = make_spider(GdeltSpider, context)

    async def collect():
        return [request async for request in spider.start()]

    import asyncio

    requests = asyncio.run(collect())
    assert len(requests) == 2
    params = parse_qs(urlsplit(requests[0].url).query)
    assert params["query"] == ['"Varnholt dam" Eskerland']
    assert params["mode"] == ["artlist"] and params["format"] == ["json"]
    assert params["maxrecords"] == ["20"] and params["timespan"] == ["7d"]
    assert params["sort"] == ["HybridRel"]
    assert requests[0].meta["download_slot"] == "gdelt"
    assert requests[0].meta["autothrottle_dont_adjust_delay"] is True
    slots = spider.settings.getdict("DOWNLOAD_SLOTS")
    assert slots["gdelt"]["delay"] == 5 and slots["gdelt"]["concurrency"] == 1


def test_gdelt_answer_recorded_and_articles_requested(context):
    spider = make_spider(GdeltSpider, context)
    response = respond(
        TextResponse,
        GDELT + "?query=x",
        json.dumps(ARTICLES),
        meta={"query_id": 1},
        headers={"Content-Type": "application/json"},
    )
    requests = list(spider.parse_search(response))
    assert [request.url for request in requests] == ["http://127.0.0.1:9/a", "http://127.0.0.1:9/b"]
    assert requests[0].cb_kwargs["link"].publisher == "harbourcourier.example"
    [row] = ledger(context)
    assert (row["status"], row["results"], row["query_id"]) == ("ok", 2, 1)
    assert progress_events(context)[0]["event"] == "request"


def test_gdelt_429_recorded_as_failed_not_empty(context):
    spider = make_spider(GdeltSpider, context)
    response = respond(
        TextResponse, GDELT + "?query=x", "Please limit requests", meta={"query_id": 2}, status=429
    )
    failure = Failure(HttpError(response))
    failure.request = response.request
    spider.search_failed(failure)
    [row] = ledger(context)
    assert (row["status"], row["error"], row["query_id"]) == ("failed", "HTTP 429", 2)


def test_a_discovery_errback_that_raises_still_settles_its_request_as_failed(context):
    """The errback's ledger entry and the settled request are committed together, then the
    errback's error is re-raised: a resume does not send the request again."""
    spider = make_spider(GdeltSpider, context)

    def broken_errback(failure):
        spider.search_failed(failure)
        raise ValueError("errback bug")

    spider.broken_errback = broken_errback
    response = respond(
        TextResponse, GDELT + "?query=x", "Please limit requests", meta={"query_id": 2}, status=429
    )
    request = context.frontier.admit(response.request.replace(errback=broken_errback), spider)
    failure = Failure(HttpError(response))
    failure.request = request
    with pytest.raises(ValueError, match="errback bug"):
        spider.discovery_failed(failure)
    [entry] = context.store.frontier.entries(context.run_id)
    assert (entry.state, entry.reason) == ("failed", describe_failure(failure))
    assert [row["status"] for row in ledger(context)] == ["failed"]
    assert not context.store.db.conn.in_transaction


def test_known_and_duplicate_urls_not_fetched_again(context):
    from corroborate.models import CleanedPage

    page = CleanedPage(
        url="http://127.0.0.1:9/a",
        canonical_url="https://h.example/a",
        outlet="h.example",
        text="Twelve people were killed.",
    )
    context.store.crawl.save_page(
        context.run_id, page, "feeds", ["Twelve people were killed."], 1, "http://127.0.0.1:9/a"
    )
    spider = make_spider(GdeltSpider, context)
    response = respond(TextResponse, GDELT, json.dumps(ARTICLES), meta={"query_id": 1})
    first = [request.url for request in spider.parse_search(response)]
    again = [request.url for request in spider.parse_search(response)]
    assert first == ["http://127.0.0.1:9/b"]  # /a is known: linked, not fetched
    assert again == []  # both already taken in this process
    statuses = [event["status"] for event in progress_events(context) if event["event"] == "page"]
    assert statuses == ["known"]


def test_page_cap_is_run_wide(context):
    registry = context.registry
    spider = make_spider(GdeltSpider, context)
    links = {"articles": [{"url": f"http://127.0.0.1:9/{n}"} for n in range(10)]}
    response = respond(TextResponse, GDELT, json.dumps(links), meta={"query_id": 1})
    assert len(list(spider.parse_search(response))) == 3 == registry.fetches


# -- feeds ------------------------------------------------------------------------------------

RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Courier</title>
<item><title>Varnholt dam fails in Eskerland</title><link>http://127.0.0.1:9/dam</link>
<description>&lt;p&gt;Twelve people killed&lt;/p&gt;</description>
<pubDate>Tue, 03 Nov 2026 08:00:00 GMT</pubDate></item>
<item><title>Local team wins cup final</title><link>/sport/cup</link>
<description>A late goal settled it.</description></item>
<item><title>No link item</title></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Mail</title>
<entry><title>Governor Helena Rask orders inquiry</title>
<link rel="alternate" href="http://127.0.0.1:9/rask"/><link rel="self" href="http://x/self"/>
<summary>The inquiry will examine the dam.</summary><updated>2026-11-04T10:00:00Z</updated></entry>
<entry><title type="html">Weather: rain all week</title><link href="/weather"/></entry>
</feed>"""


def test_rss_entries_parsed_with_relative_links_resolved():
    entries = read_feed(RSS, "http://127.0.0.1:9/feed.xml")
    assert [entry.link for entry in entries] == [
        "http://127.0.0.1:9/dam",
        "http://127.0.0.1:9/sport/cup",
    ]
    assert entries[0].summary == "Twelve people killed"
    assert entries[0].published == "Tue, 03 Nov 2026 08:00:00 GMT"


def test_atom_entries_use_alternate_link():
    entries = read_feed(ATOM, "http://127.0.0.1:9/atom.xml")
    assert [entry.link for entry in entries] == [
        "http://127.0.0.1:9/rask",
        "http://127.0.0.1:9/weather",
    ]
    assert entries[0].published == "2026-11-04T10:00:00Z"


def test_feed_with_junk_is_tolerated_and_html_is_not_a_feed():
    junk = RSS.replace(b"<title>Courier</title>", b"<title>Courier & Co \x0b</title><bogus>")
    assert len(read_feed(junk, "http://x/")) >= 1
    assert read_feed(b"<html><body>Not found</body></html>", "http://x/") is None
    assert read_feed(b"", "http://x/") is None


def test_feed_entries_filtered_by_claims_before_fetching(context):
    spider = make_spider(FeedsSpider, context)
    response = respond(XmlResponse, "http://127.0.0.1:9/feed.xml", RSS)
    assert [request.url for request in spider.parse_feed(response)] == ["http://127.0.0.1:9/dam"]
    atom = respond(XmlResponse, "http://127.0.0.1:9/atom.xml", ATOM)
    assert [request.url for request in spider.parse_feed(atom)] == ["http://127.0.0.1:9/rask"]
    assert [(row["status"], row["results"]) for row in ledger(context)] == [("ok", 2), ("ok", 2)]


def test_feed_that_is_not_a_feed_recorded_as_failed(context):
    spider = make_spider(FeedsSpider, context)
    response = respond(HtmlResponse, "http://127.0.0.1:9/feed.xml", "<html><p>moved</p></html>")
    assert list(spider.parse_feed(response)) == []
    assert ledger(context)[0]["status"] == "failed"


# -- sitemaps ---------------------------------------------------------------------------------

INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>http://127.0.0.1:9/news-sitemap.xml</loc><lastmod>2026-11-04</lastmod></sitemap>
<sitemap><loc>/pages-sitemap.xml</loc></sitemap>
</sitemapindex>"""

NEWS = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>http://127.0.0.1:9/2026/11/03/varnholt-dam-failure-eskerland</loc>
  <news:news><news:publication><news:name>Courier</news:name><news:language>en</news:language>
  </news:publication><news:publication_date>2026-11-03T08:00:00+00:00</news:publication_date>
  <news:title>Deadly flood after dam gives way</news:title></news:news></url>
<url><loc>http://127.0.0.1:9/2026/11/03/recipe-pumpkin-soup</loc><lastmod>2026-11-02</lastmod></url>
</urlset>"""


def test_sitemap_index_lists_children():
    sitemap = read_sitemap(INDEX, "http://127.0.0.1:9/sitemap.xml")
    assert sitemap.kind == "index"
    assert sitemap.children == (
        "http://127.0.0.1:9/news-sitemap.xml",
        "http://127.0.0.1:9/pages-sitemap.xml",
    )


def test_news_sitemap_entries_have_title_and_date():
    sitemap = read_sitemap(NEWS, "http://127.0.0.1:9/news-sitemap.xml")
    assert sitemap.kind == "urlset"
    first, second = sitemap.entries
    assert first.title == "Deadly flood after dam gives way"
    assert first.published == "2026-11-03T08:00:00+00:00"
    assert (second.title, second.published) == ("", "2026-11-02")


def test_url_words():
    words = url_words("http://x/2026/11/03/varnholt-dam_failure.html")
    assert words == "2026 11 03 varnholt dam failure html"


def test_sitemap_spider_follows_index_then_filters_entries(context):
    spider = make_spider(SitemapsSpider, context)
    index = respond(XmlResponse, "http://127.0.0.1:9/sitemap.xml", INDEX)
    children = list(spider.parse_sitemap(index, depth=0))
    assert [request.cb_kwargs["depth"] for request in children] == [1, 1]
    news = respond(XmlResponse, "http://127.0.0.1:9/news-sitemap.xml", NEWS)
    articles = list(spider.parse_sitemap(news, depth=1))
    assert [request.url for request in articles] == [
        "http://127.0.0.1:9/2026/11/03/varnholt-dam-failure-eskerland"
    ]
    assert list(spider.child_requests(("http://127.0.0.1:9/deeper.xml",), 3, "x")) == []


def test_gzipped_sitemap_is_read(context):
    import gzip

    spider = make_spider(SitemapsSpider, context)
    response = respond(Response, "http://127.0.0.1:9/sitemap.xml.gz", gzip.compress(NEWS))
    assert len(list(spider.parse_sitemap(response, depth=0))) == 1


# -- failures, middleware, settings ----------------------------------------------------------


def test_failure_reasons_are_specific():
    robots = Failure(IgnoreRequest("Forbidden by robots.txt"))
    assert describe_failure(robots) == "Forbidden by robots.txt"
    reason = describe_failure(Failure(RefusedUrl("refused private address: 10.0.0.1")))
    assert reason == "refused URL: refused private address: 10.0.0.1"
    from twisted.internet.error import DNSLookupError, TimeoutError

    assert describe_failure(Failure(TimeoutError())).startswith("timeout")
    assert describe_failure(Failure(DNSLookupError("no such host"))).startswith("DNS lookup failed")


def test_article_failure_recorded_with_reason(context):
    spider = make_spider(GdeltSpider, context)
    response = respond(TextResponse, GDELT, json.dumps(ARTICLES), meta={"query_id": 1})
    request = next(iter(spider.parse_search(response)))
    failure = Failure(IgnoreRequest("Forbidden by robots.txt"))
    failure.request = request
    spider.article_failed(failure)
    [row] = context.store.db["fetch_failures"].rows
    assert (row["url"], row["reason"], row["source"]) == (
        request.url,
        "Forbidden by robots.txt",
        "gdelt",
    )


def test_middleware_refuses_untrusted_private_urls(context):
    crawler = get_crawler(GdeltSpider, settings_dict=crawl_settings(context.config))
    middleware = UrlSafetyMiddleware.from_crawler(crawler)
    assert middleware.process_request(scrapy.Request(GDELT + "?query=x")) is None
    with pytest.raises(RefusedUrl):
        middleware.process_request(scrapy.Request("http://127.0.0.1:9/a"))
    with pytest.raises(RefusedUrl):
        middleware.process_request(scrapy.Request("http://2130706433/"))


def test_settings_cap_attempts_and_are_safe(context):
    settings = crawl_settings(context.config)
    assert settings["RETRY_TIMES"] <= 2
    from crawler import settings as defaults

    assert defaults.ROBOTSTXT_OBEY is True
    assert defaults.TELNETCONSOLE_ENABLED is False and defaults.REMOTE_CONTROL_ENABLED is False
    assert defaults.COOKIES_ENABLED is False
    assert GDELT in settings["CORROBORATE_TRUSTED_ENDPOINTS"]


def test_registry_treats_spellings_of_one_url_as_one():
    registry = ArticleRegistry(max_pages=10)
    assert registry.first_sight("http://127.0.0.1:9/dam?b=2&a=1")
    assert not registry.first_sight("http://127.0.0.1:9/dam?a=1&b=2&utm_source=rss#top")
    assert registry.first_sight("http://127.0.0.1:9/dam?a=1")


def test_feed_links_capped_by_max_results_over_the_run(context):
    spider = make_spider(FeedsSpider, context)  # max_results = 2 in CONFIG
    many = RSS.replace(
        b"</channel>",
        b"".join(
            b"<item><title>Varnholt dam Eskerland update %d</title><link>/u%d</link></item>"
            % (n, n)
            for n in range(5)
        )
        + b"</channel>",
    )
    response = respond(XmlResponse, "http://127.0.0.1:9/feed.xml", many)
    assert len(list(spider.parse_feed(response))) == 2
    assert list(spider.parse_feed(respond(XmlResponse, "http://127.0.0.1:9/f2.xml", ATOM))) == []


def test_redirect_from_trusted_endpoint_to_private_address_refused(context):
    """RedirectMiddleware copies meta onto the new request; trust must not travel with it."""
    from scrapy.downloadermiddlewares.redirect import RedirectMiddleware

    crawler = get_crawler(GdeltSpider, settings_dict=crawl_settings(context.config))
    crawler.spider = make_spider(GdeltSpider, context)
    safety = UrlSafetyMiddleware.from_crawler(crawler)
    request = scrapy.Request(GDELT + "?query=x", meta={"download_slot": "gdelt"})
    assert safety.process_request(request) is None
    redirect = Response(
        GDELT + "?query=x",
        status=302,
        request=request,
        headers={"Location": "http://169.254.169.254/latest/meta-data/"},
    )
    follow = RedirectMiddleware.from_crawler(crawler).process_response(request, redirect)
    assert isinstance(follow, scrapy.Request) and follow.meta["download_slot"] == "gdelt"
    with pytest.raises(RefusedUrl, match="169.254.169.254"):
        safety.process_request(follow)


def test_corrupt_gzip_sitemap_recorded_as_unreadable(context):
    spider = make_spider(SitemapsSpider, context)
    response = respond(Response, "http://127.0.0.1:9/sitemap.xml.gz", b"\x1f\x8b\x08\x00broken")
    assert list(spider.parse_sitemap(response, depth=0)) == []
    rows = [(row["status"], row["error"]) for row in ledger(context)]
    assert rows == [("failed", "not a sitemap")]


@pytest.mark.parametrize(
    ("response_class", "body", "reason"),
    [
        (Response, b"%PDF-1.7 binary", "not a text page"),
        (
            HtmlResponse,
            b"\x1f\x8b\x08\x00\x00compressed",
            "compressed body without Content-Encoding",
        ),
    ],
)
def test_unusable_article_bodies_recorded_not_cleaned(context, response_class, body, reason):
    spider = make_spider(GdeltSpider, context)
    search = respond(TextResponse, GDELT, json.dumps(ARTICLES), meta={"query_id": 1})
    request = next(iter(spider.parse_search(search)))
    response = response_class(url=request.url, body=body, request=request)
    assert list(spider.parse_article(response, **request.cb_kwargs)) == []
    [row] = context.store.db["fetch_failures"].rows
    assert row["reason"].startswith(reason)


def test_article_item_carries_decoded_text_and_hints(context):
    spider = make_spider(GdeltSpider, context)
    search = respond(TextResponse, GDELT, json.dumps(ARTICLES), meta={"query_id": 1})
    request = next(iter(spider.parse_search(search)))
    html = "<html><head><meta charset='iso-8859-1'></head><body>Caf\xe9</body></html>"
    response = HtmlResponse(
        url=request.url + "?final", body=html.encode("latin-1"), request=request
    )
    [item] = spider.parse_article(response, **request.cb_kwargs)
    assert "Caf\xe9" in item.html
    assert (item.url, item.final_url, item.publisher, item.source) == (
        request.url,
        request.url + "?final",
        "harbourcourier.example",
        "gdelt",
    )
    assert item.discovered_from == GDELT


def test_gdelt_results_without_urls_are_not_read_as_empty():
    answer = parse_answer('{"articles": [{"title": "x"}]}', "application/json", "q")
    assert (answer.status, answer.error) == ("failed", "bad JSON: no result has a url")
