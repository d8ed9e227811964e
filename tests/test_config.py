"""The TOML config contract: defaults in seeds/, every key validated, clear errors."""

from pathlib import Path

import pytest

from corroborate.errors import ConfigError
from corroborate.sources.config import DEFAULT_CONFIG_PATH, load_config


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
        False, "http://127.0.0.1:1/api", 1.0, 7)
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


def test_crawl_waits_are_settings_that_reach_the_crawler(tmp_path: Path):
    """The waits a crawl can spend (a 429's Retry-After, a slow robots.txt) come from [crawl]."""
    from crawler.settings import crawl_settings

    path = tmp_path / "c.toml"
    path.write_text("[crawl]\nretry_after_max = 2\nrobots_timeout = 1.5\n")
    settings = crawl_settings(load_config(path))
    assert (settings["RETRY_AFTER_MAX"], settings["CORROBORATE_ROBOTS_TIMEOUT"]) == (2.0, 1.5)
    defaults = crawl_settings(load_config(DEFAULT_CONFIG_PATH))
    assert (defaults["RETRY_AFTER_MAX"], defaults["CORROBORATE_ROBOTS_TIMEOUT"]) == (30.0, 10.0)
