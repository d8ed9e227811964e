"""Google News: token decoding against the stand-in's own tokens, and the spider offline."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import scrapy
from scrapy.http import HtmlResponse, TextResponse, XmlResponse
from scrapy.utils.test import get_crawler

from corroborate.models import Article, Claim, Query
from corroborate.sources.config import load_config
from corroborate.store import Store
from crawler.articles import ArticleRegistry
from crawler.parsers.google_news_links import (
    DecodeParams,
    batchexecute_form,
    decode_params,
    decode_token,
    parse_batchexecute,
    token_of,
)
from crawler.progress import Progress
from crawler.run_context import RunContext
from crawler.settings import crawl_settings
from crawler.spiders.google_news import GoogleNewsSpider
from tests.testweb import gnews_tokens

ARTICLE = "https://www.harbourcourier.example/news/2026/11/04/dam-collapse?x=1&y=2"
SEARCH = "http://127.0.0.1:9/rss/search"
CONFIG = f"""
[sources.google_news]
url = "{SEARCH}"
max_results = 10
hl = "en-GB"
gl = "GB"
ceid = "GB:en"
slice_days = 7
articles_url = "http://127.0.0.1:9/rss/articles/"
decode_url = "http://127.0.0.1:9/_/DotsSplashUi/data/batchexecute"
"""


def test_old_token_decodes_offline_to_the_embedded_url():
    assert decode_token(gnews_tokens.old_token(ARTICLE)).url == ARTICLE


@pytest.mark.parametrize("wrapped", [True, False])
def test_new_tokens_need_a_lookup_bare_or_wrapped(wrapped):
    decoded = decode_token(gnews_tokens.new_token(ARTICLE, wrapped=wrapped))
    assert decoded.needs_lookup and decoded.url is None


def test_garbage_token_is_an_error_not_a_url():
    assert decode_token("!!!").error
    assert decode_token(gnews_tokens.b64url(b"\x08\x13\x22\x03abc")).error == "token holds no URL"


def test_token_of_reads_rss_and_plain_article_links():
    assert token_of("https://news.google.com/rss/articles/CBMiAB?oc=5") == "CBMiAB"
    assert token_of("https://news.google.com/articles/CBMiAB") == "CBMiAB"
    assert token_of("https://www.example.com/story") is None


def test_two_step_decode_against_the_stand_in():
    book = gnews_tokens.TokenBook([ARTICLE])
    token = book.token_for(ARTICLE)
    params = decode_params(book.article_page(token).body)
    assert params == DecodeParams(gnews_tokens.signature(token), str(book.timestamp(token)))
    answer = book.batchexecute(batchexecute_form(token, params)["f.req"])
    assert parse_batchexecute(answer.body) == (ARTICLE, None)


def test_refused_and_wrong_signature_decodes_give_reasons():
    book = gnews_tokens.TokenBook([ARTICLE])
    token = book.token_for(ARTICLE)
    wrong = DecodeParams("bad", str(book.timestamp(token)))
    answer = book.batchexecute(batchexecute_form(token, wrong)["f.req"])
    url, reason = parse_batchexecute(answer.body)
    assert url is None and reason == "Google refused to decode the link"
    assert parse_batchexecute("<html>unusual traffic</html>")[1] == (
        "decode answer lacks the batchexecute guard"
    )
    assert decode_params("<html><body>no c-wiz</body></html>") is None


# --- the spider, offline -----------------------------------------------------------------


@pytest.fixture
def context(tmp_path: Path):
    config_path = tmp_path / "config.toml"
    config_path.write_text(CONFIG, encoding="utf-8")
    store = Store.open(tmp_path / "c.db")
    claims = [Claim(1, "The Halden Ridge Dam collapsed.")]
    run_id = store.runs.start_run(
        Article("a.txt", "The Halden Ridge Dam collapsed."),
        claims,
        [Query(1, "google_news", '"Halden Ridge" dam')],
        since="2026-11-01",
        until="2026-11-10",
    )
    config = load_config(config_path)
    yield RunContext(
        store, run_id, config, Progress(io.StringIO()), ArticleRegistry(config.crawl.max_pages)
    )
    store.close()


def spider_for(context) -> GoogleNewsSpider:
    crawler = get_crawler(GoogleNewsSpider, settings_dict=crawl_settings(context.config))
    return GoogleNewsSpider.from_crawler(crawler, context=context)


def start_requests(spider) -> list[scrapy.Request]:
    async def collect() -> list[scrapy.Request]:
        return [request async for request in spider.start()]

    return asyncio.run(collect())


def rss(*links: str) -> str:
    items = "".join(
        f"<item><title>Dam gives way - Harbour Courier</title><link>{link}</link>"
        "<pubDate>Wed, 04 Nov 2026 06:30:00 GMT</pubDate>"
        '<source url="https://www.harbourcourier.example">The Harbour Courier</source></item>'
        for link in links
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>'


def search_response(spider, body: str, query_id: int = 1) -> XmlResponse:
    request = scrapy.Request(SEARCH + "?q=x", meta={"query_id": query_id})
    return XmlResponse(url=request.url, body=body.encode(), request=request)


def test_window_is_sliced_into_after_before_queries_with_the_locale(context):
    requests = start_requests(spider_for(context))
    queries = [parse_qs(urlsplit(request.url).query) for request in requests]
    assert [q["q"][0] for q in queries] == [
        '"Halden Ridge" dam after:2026-11-01 before:2026-11-08',
        '"Halden Ridge" dam after:2026-11-08 before:2026-11-11',
    ]
    assert all(q["hl"] == ["en-GB"] and q["ceid"] == ["GB:en"] for q in queries)
    assert {request.meta["download_slot"] for request in requests} == {"google_news"}
    assert all(request.meta["dont_obey_robotstxt"] for request in requests)


def test_old_tokens_are_fetched_new_ones_decoded_first(context):
    spider = spider_for(context)
    old = "http://127.0.0.1:9/rss/articles/" + gnews_tokens.old_token(ARTICLE) + "?oc=5"
    new_token = gnews_tokens.new_token("https://other.example/a", wrapped=False)
    new = f"http://127.0.0.1:9/rss/articles/{new_token}?oc=5"
    requests = list(spider.parse_search(search_response(spider, rss(old, new, new))))
    assert [request.url for request in requests] == [
        ARTICLE,
        "http://127.0.0.1:9/rss/articles/" + new_token,
    ]
    assert requests[0].cb_kwargs["link"].publisher == "https://www.harbourcourier.example"
    ledger = list(context.store.db["source_requests"].rows)
    assert [(row["status"], row["results"], row["query_id"]) for row in ledger] == [("ok", 3, 1)]


def test_decode_flow_caches_the_url_and_a_cached_token_skips_it(context):
    spider = spider_for(context)
    book = gnews_tokens.TokenBook(["https://x.example/0", ARTICLE])
    token = book.token_for(ARTICLE)
    link = f"http://127.0.0.1:9/rss/articles/{token}?oc=5"
    [page_request] = spider.parse_search(search_response(spider, rss(link)))
    page = HtmlResponse(
        url=page_request.url, body=book.article_page(token).body.encode(), request=page_request
    )
    [post] = spider.parse_decode_page(page)
    assert post.method == "POST" and post.url.endswith("/batchexecute")
    f_req = parse_qs(post.body.decode())["f.req"][0]
    answer = TextResponse(url=post.url, body=book.batchexecute(f_req).body.encode(), request=post)
    [article] = spider.parse_decode_answer(answer)
    assert article.url == ARTICLE
    assert context.store.crawl.decoded_google_news_url(token) == ARTICLE
    again = spider_for(context)
    again.context.registry.seen.clear()
    assert [r.url for r in again.parse_search(search_response(again, rss(link)))] == [ARTICLE]


def test_undecodable_item_is_a_failure_and_a_reported_not_fetched_publisher(context):
    spider = spider_for(context)
    book = gnews_tokens.TokenBook([])
    token = book.token_for(gnews_tokens.UNDECODABLE_URL)
    link = f"http://127.0.0.1:9/rss/articles/{token}?oc=5"
    [page_request] = spider.parse_search(search_response(spider, rss(link)))
    page = HtmlResponse(
        url=page_request.url, body=book.article_page(token).body.encode(), request=page_request
    )
    [post] = spider.parse_decode_page(page)
    f_req = parse_qs(post.body.decode())["f.req"][0]
    answer = TextResponse(url=post.url, body=book.batchexecute(f_req).body.encode(), request=post)
    assert list(spider.parse_decode_answer(answer)) == []
    [failure] = context.store.db["fetch_failures"].rows
    assert (failure["url"], failure["reason"]) == (link, "Google refused to decode the link")
    assert context.store.coverage.unfetched_reports(context.run_id) == [
        (1, "google_news", "The Harbour Courier", "Google refused to decode the link")
    ]


def test_block_page_instead_of_rss_is_a_failed_search(context):
    spider = spider_for(context)
    request = scrapy.Request(SEARCH + "?q=x", meta={"query_id": 1})
    block = HtmlResponse(
        url=request.url,
        request=request,
        body=(b"<html><body><h1>Before you continue</h1><p>unusual traffic</p></body></html>"),
    )
    assert list(spider.parse_search(block)) == []
    [row] = context.store.db["source_requests"].rows
    assert row["status"] == "failed" and "unusual traffic" in row["error"]
