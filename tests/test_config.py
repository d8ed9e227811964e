"""The TOML config contract: defaults in seeds/, every key validated, clear errors."""

from pathlib import Path

import pytest

from corroborate.errors import ConfigError
from corroborate.sources.config import DEFAULT_CONFIG_PATH, load_config
from corroborate.sources.registry import SOURCES


def test_default_config_enables_gdelt_feeds_and_sitemaps_with_real_endpoints():
    config = load_config()
    assert config.path == DEFAULT_CONFIG_PATH
    gdelt = config.sources["gdelt"]
    assert gdelt.enabled and gdelt.url.startswith("https://api.gdeltproject.org/")
    assert gdelt.min_interval == 5.0
    assert len(config.sources["feeds"].urls) >= 10
    assert all(url.startswith("https://") for url in config.sources["sitemaps"].urls)
    assert config.crawl.allow_private_addresses is False


def test_source_tables_carry_the_contract_keys_and_extras(tmp_path: Path):
    path = tmp_path / "c.toml"
    path.write_text(
        '[sources.gdelt]\nenabled = false\nurl = "http://127.0.0.1:1/api"\n'
        'min_interval = 1\nmax_results = 7\ntimespan = "7d"\n'
        '[sources.feeds]\nurls = ["http://127.0.0.1:2/feed.xml"]\n'
        "[crawl]\nallow_private_addresses = true\ndownload_timeout = 5\n"
    )
    config = load_config(path)
    gdelt = config.sources["gdelt"]
    assert (gdelt.enabled, gdelt.url, gdelt.min_interval, gdelt.max_results) == (
        False,
        "http://127.0.0.1:1/api",
        1.0,
        7,
    )
    assert gdelt.option("timespan") == "7d"
    assert config.sources["feeds"].urls == ("http://127.0.0.1:2/feed.xml",)
    assert [source.name for source in config.enabled_sources()] == ["feeds"]
    assert config.crawl.allow_private_addresses is True
    assert config.crawl.download_timeout == 5.0


def test_urls_file_is_read_relative_to_the_config(tmp_path: Path):
    (tmp_path / "list.txt").write_text("# comment\n\nhttp://a.example/feed\n")
    path = tmp_path / "c.toml"
    path.write_text('[sources.feeds]\nurls_file = "list.txt"\n')
    assert load_config(path).sources["feeds"].urls == ("http://a.example/feed",)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[sources.gdelt\n", "invalid TOML"),
        ("[sources.altavista]\nenabled = true\n", "unknown source"),
        ('[sources.gdelt]\nmax_results = "many"\n', "wrong type"),
        ("[sources.gdelt]\nenabled = 1\n", "wrong type"),
        ("[crawl]\nspeed = 3\n", "unknown setting"),
        ('[crawl]\nmax_pages = "10"\n', "must be int"),
        ('[sources.feeds]\nurls_file = "missing.txt"\n', "cannot read"),
        ("[sources.gdelt]\nmax_result = 5\n", "unknown option"),
        ("[sources.google_news]\nslice_days = 0\n", "at least 1"),
    ],
)
def test_bad_config_raises_a_one_line_error(tmp_path: Path, text: str, message: str):
    path = tmp_path / "c.toml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=message) as raised:
        load_config(path)
    assert "\n" not in str(raised.value)


def test_missing_config_file(tmp_path: Path):
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "nope.toml")


def test_gdelt_keeps_its_documented_pace_when_the_config_omits_it(tmp_path: Path):
    path = tmp_path / "c.toml"
    path.write_text('[sources.gdelt]\nurl = "http://127.0.0.1:1/api"\n[sources.feeds]\n')
    config = load_config(path)
    assert config.sources["gdelt"].min_interval == 5.0
    assert config.sources["feeds"].min_interval == 0.0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "[sources.gdelt]\nmax_result = 5\n",
            "unknown option [sources.gdelt] max_result; did you mean max_results?",
        ),
        (
            '[sources.gdelt]\nurls = ["http://a.example/"]\n',
            "unknown option [sources.gdelt] urls; did you mean url?",
        ),
        ('[sources.feeds]\nhl = "en-US"\n', "unknown option [sources.feeds] hl"),
        (
            "[sources.gdlet]\n",
            "unknown source [sources.gdlet]; did you mean gdelt? known: gdelt, google_news, "
            "bing_news, feeds, sitemaps",
        ),
        (
            '[sources.google_news]\nslice_days = "7"\n',
            "[sources.google_news] slice_days has the wrong type: '7' (expected int)",
        ),
        (
            "[sources.feeds]\nurls = [1, 2]\n",
            "[sources.feeds] urls has the wrong type: [1, 2] (expected a list of strings)",
        ),
        (
            "[sources.bing_news]\nmin_interval = -1\n",
            "[sources.bing_news] min_interval must be at least 0, got -1.0",
        ),
        ("[crawl]\nmax_page = 3\n", "unknown setting [crawl] max_page; did you mean max_pages?"),
    ],
)
def test_config_errors_name_the_key_and_the_likely_intended_one(
    tmp_path: Path, text: str, message: str
):
    path = tmp_path / "c.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as raised:
        load_config(path)
    assert str(raised.value) == message


def test_a_far_off_key_gets_no_suggestion(tmp_path: Path):
    path = tmp_path / "c.toml"
    path.write_text("[sources.gdelt]\nzzz = 1\n")
    with pytest.raises(ConfigError) as raised:
        load_config(path)
    assert str(raised.value) == "unknown option [sources.gdelt] zzz"


def test_omitted_options_take_the_registry_defaults(tmp_path: Path):
    path = tmp_path / "c.toml"
    path.write_text('[sources.gdelt]\n[sources.google_news]\nhl = "de"\n[sources.bing_news]\n')
    config = load_config(path)
    for source in config.sources.values():
        for option in SOURCES[source.name].own_options:
            if (source.name, option.name) != ("google_news", "hl"):
                assert source.option(option.name) == option.default, option.name
    assert config.sources["google_news"].option("hl") == "de"
    assert config.sources["gdelt"].max_results == 50
    with pytest.raises(KeyError, match="no option 'timespam'"):
        config.sources["gdelt"].option("timespam")


def test_a_source_the_config_leaves_out_has_the_registry_defaults(tmp_path: Path):
    path = tmp_path / "c.toml"
    path.write_text("[sources.feeds]\n")
    gdelt = load_config(path).source("gdelt")
    assert (gdelt.enabled, gdelt.url, gdelt.min_interval) == (True, None, 5.0)
    assert gdelt.option("timespan") == "3m"


def test_endpoint_options_are_the_urls_a_source_asks(tmp_path: Path):
    path = tmp_path / "c.toml"
    path.write_text(
        '[sources.google_news]\nurl = "http://127.0.0.1:1/rss"\n'
        'decode_url = "http://127.0.0.1:2/decode"\n'
        '[sources.feeds]\nurls = ["http://127.0.0.1:3/feed"]\n'
    )
    config = load_config(path)
    assert config.sources["google_news"].endpoints() == [
        "http://127.0.0.1:1/rss",
        "https://news.google.com/rss/articles/",
        "http://127.0.0.1:2/decode",
    ]
    assert config.sources["feeds"].endpoints() == ["http://127.0.0.1:3/feed"]


def test_crawl_waits_are_settings_that_reach_the_crawler(tmp_path: Path):
    """The waits a crawl can spend (a 429's Retry-After, a slow robots.txt) come from [crawl]."""
    from crawler.settings import crawl_settings

    path = tmp_path / "c.toml"
    path.write_text("[crawl]\nretry_after_max = 2\nrobots_timeout = 1.5\n")
    settings = crawl_settings(load_config(path))
    assert (settings["RETRY_AFTER_MAX"], settings["CORROBORATE_ROBOTS_TIMEOUT"]) == (2.0, 1.5)
    defaults = crawl_settings(load_config(DEFAULT_CONFIG_PATH))
    assert (defaults["RETRY_AFTER_MAX"], defaults["CORROBORATE_ROBOTS_TIMEOUT"]) == (30.0, 10.0)
