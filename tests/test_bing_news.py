"""Bing News RSS: click trackers unwrapped offline, publishers normalised, dates filtered."""

from __future__ import annotations

import io
from pathlib import Path
from urllib.parse import quote

import pytest
import scrapy
from scrapy.http import XmlResponse
from scrapy.utils.test import get_crawler

from corroborate.models import Article, Claim, Query
from corroborate.sources.config import load_config
from corroborate.store import Store
from crawler.articles import ArticleRegistry
from crawler.parsers.news_rss import publisher_name, read_news_rss
from crawler.progress import Progress
from crawler.run_context import RunContext
from crawler.settings import crawl_settings
from crawler.spiders.bing_news import BingNewsSpider, article_url, search_url

SEARCH = "http://127.0.0.1:9/news/search"
ARTICLE = "https://www.tidewatermail.example/world/2026/11/04/dam?ref=a&b=c"


def click(url: str, host: str = "http://www.bing.com") -> str:
    return (
        f"{host}/news/apiclick.aspx?ref=FexRss&aid=&tid=0A1B&url={quote(url, safe='')}"
        "&c=1234&mkt=en-us"
    )


@pytest.mark.parametrize(
    "host", ["http://www.bing.com", "http://127.0.0.1:9", "https://elsewhere.example"]
)
def test_any_apiclick_link_is_unwrapped_offline(host):
    assert article_url(click(ARTICLE, host)) == ARTICLE


def test_non_tracker_links_pass_and_unusable_ones_do_not():
    assert article_url("https://www.example.com/a") == "https://www.example.com/a"
    assert article_url(click("javascript:alert(1)")) is None
    assert article_url("http://www.bing.com/news/apiclick.aspx?ref=FexRss") is None


@pytest.mark.parametrize(
    "raw, name",
    [
        ("Tidewater Mail on MSN", "Tidewater Mail"),
        ("Tidewater  Mail", "Tidewater Mail"),
        ("MSN", "MSN"),
    ],
)
def test_on_msn_publishers_are_the_publisher(raw, name):
    assert publisher_name(raw) == name


def test_search_url_asks_for_rss():
    assert search_url(SEARCH, '"Halden Ridge" dam', None) == (
        SEARCH + "?q=%22Halden+Ridge%22+dam&format=rss"
    )


def rss(*items: tuple[str, str]) -> bytes:
    body = "".join(
        f"<item><title>Dam</title><link>{link.replace('&', '&amp;')}</link>"
        f"<pubDate>{published}</pubDate><News:Source>Tidewater Mail on MSN</News:Source></item>"
        for link, published in items
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0" xmlns:News="{SEARCH}?q=x&amp;format=rss">'
        f"<channel>{body}</channel></rss>"
    ).encode()


def test_news_source_element_is_read_and_normalised():
    [item] = read_news_rss(rss((click(ARTICLE), "Wed, 04 Nov 2026 06:30:00 GMT")))
    assert item.publisher == "Tidewater Mail" and item.published.startswith("Wed")


@pytest.fixture
def spider(tmp_path: Path):
    config_path = tmp_path / "config.toml"
    config_path.write_text(
        f'[sources.bing_news]\nurl = "{SEARCH}"\nmax_results = 5\n', encoding="utf-8"
    )
    store = Store.open(tmp_path / "c.db")
    run_id = store.runs.start_run(
        Article("a.txt", "The dam collapsed."),
        [Claim(1, "The dam collapsed.")],
        [Query(1, "bing_news", "dam")],
        since="2026-11-01",
        until="2026-11-10",
    )
    config = load_config(config_path)
    context = RunContext(
        store, run_id, config, Progress(io.StringIO()), ArticleRegistry(config.crawl.max_pages)
    )
    crawler = get_crawler(BingNewsSpider, settings_dict=crawl_settings(config))
    yield BingNewsSpider.from_crawler(crawler, context=context)
    store.close()


def test_items_outside_the_window_are_not_fetched_and_trackers_never_are(spider):
    inside, outside = ARTICLE, "https://www.tidewatermail.example/old"
    request = scrapy.Request(SEARCH + "?q=dam&format=rss", meta={"query_id": 1})
    response = XmlResponse(
        url=request.url,
        request=request,
        body=rss(
            (click(inside), "Wed, 04 Nov 2026 06:30:00 GMT"),
            (click(outside), "Fri, 02 Jan 2026 06:30:00 GMT"),
            (click(ARTICLE), "Wed, 04 Nov 2026 06:30:00 GMT"),
        ),
    )
    assert [r.url for r in spider.parse_search(response)] == [inside]
    [row] = spider.context.store.db["source_requests"].rows
    assert (row["status"], row["results"], row["query_id"]) == ("ok", 3, 1)
