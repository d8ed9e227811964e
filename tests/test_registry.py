"""The source registry is the one list of sources: each entry must be whole and agree with the
code it names (spider class, query syntax), and everything that used to list sources derives
from it."""

from __future__ import annotations

import pytest
from scrapy.utils.misc import load_object

from corroborate.sources.config import load_config
from corroborate.sources.queries import QUERY_SYNTAXES
from corroborate.sources.registry import SEARCH_SOURCES, SOURCES, SourceKind
from crawler.settings import search_slots
from crawler.spiders.base import SourceSpider


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_each_spider_path_loads_the_spider_of_that_source(name: str) -> None:
    spider = load_object(SOURCES[name].spider)
    assert issubclass(spider, SourceSpider) and spider.name == name


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_search_apis_name_a_query_syntax_and_lists_none(name: str) -> None:
    source = SOURCES[name]
    if source.kind is SourceKind.SEARCH:
        assert source.query_syntax in QUERY_SYNTAXES
    else:
        assert source.query_syntax is None and source.window_syntax is None


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_every_default_has_its_option_type(name: str) -> None:
    for option in SOURCES[name].options.values():
        assert (
            option.default is None
            or isinstance(option.default, option.type)
            or (option.type is list and isinstance(option.default, tuple))
        ), option.name


def test_each_search_api_gets_its_own_paced_download_slot() -> None:
    slots = search_slots(load_config().enabled_sources())
    assert set(slots) == set(SEARCH_SOURCES) == {"gdelt", "google_news", "bing_news"}
    assert slots["gdelt"]["delay"] == SOURCES["gdelt"].min_interval == 5.0
