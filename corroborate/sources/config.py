"""Sources and crawl settings from a TOML file.

Every discovery source takes its endpoint, on/off switch, pace and result limit from the config,
so a mirror, a proxy or a local test server can stand in for any real service. The defaults live
in ``seeds/sources.toml``; ``--config FILE`` replaces them with another file.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import seeds
from corroborate.errors import ConfigError

SEEDS_DIR = Path(seeds.__file__).resolve().parent
DEFAULT_CONFIG_PATH = SEEDS_DIR / "sources.toml"

KNOWN_SOURCES = ("gdelt", "feeds", "sitemaps", "google_news", "bing_news")

# A documented rate limit is the default pace even when a config leaves min_interval out.
DEFAULT_MIN_INTERVAL = {"gdelt": 5.0}


@dataclass(frozen=True)
class SourceConfig:
    """One ``[sources.<name>]`` table."""

    name: str
    enabled: bool = True
    url: str | None = None  # search APIs: the endpoint
    urls: tuple[str, ...] = ()  # feeds and sitemaps: the lists to read
    min_interval: float = 0.0  # seconds between two requests to this source
    max_results: int = 50  # per query (search APIs) or per source (feeds, sitemaps)
    options: dict[str, Any] = field(default_factory=dict)  # source-specific extras

    def option(self, name: str, default: Any = None) -> Any:
        return self.options.get(name, default)


@dataclass(frozen=True)
class CrawlConfig:
    """The ``[crawl]`` table: how pages are fetched."""

    allow_private_addresses: bool = False
    user_agent: str = "corroborate/0.1 (+https://github.com/corroborate/corroborate)"
    concurrent_requests: int = 16
    concurrent_requests_per_domain: int = 2
    download_timeout: float = 20.0
    download_maxsize: int = 10 * 1024 * 1024
    retry_times: int = 2
    max_pages: int = 300  # articles fetched per run, over all sources
    autothrottle: bool = True
    extraction_workers: int = 2  # processes that clean pages, each under the limits below
    extraction_timeout: float = 30.0  # seconds per page before its worker is killed
    extraction_memory_mb: int = 2048  # address space per extraction worker
    retry_after_max: float = 30.0  # a 429 asking for a longer wait fails at once, not retried
    robots_timeout: float = 10.0  # least seconds a robots.txt gets: unread, it closes its host


@dataclass(frozen=True)
class Config:
    path: Path
    sources: dict[str, SourceConfig]
    crawl: CrawlConfig

    def enabled_sources(self) -> list[SourceConfig]:
        return [source for source in self.sources.values() if source.enabled]


_SOURCE_KEYS = {"enabled", "url", "urls", "urls_file", "min_interval", "max_results"}


def load_config(path: Path | str | None = None) -> Config:
    """Read a config file; raise ``ConfigError`` with a one-line reason when it is unusable."""
    config_path = Path(path) if path is not None else DEFAULT_CONFIG_PATH
    try:
        data = tomllib.loads(config_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"config file not found: {config_path}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"cannot read config file {config_path}: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"invalid TOML in {config_path}: {error}") from None
    sources = {
        name: _source_config(name, table, config_path.parent)
        for name, table in _table(data, "sources", config_path).items()
    }
    return Config(path=config_path, sources=sources, crawl=_crawl_config(data, config_path))


def _table(data: dict[str, Any], key: str, path: Path) -> dict[str, Any]:
    table = data.get(key, {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [{key}] must be a table")
    return table


def _source_config(name: str, table: Any, base_dir: Path) -> SourceConfig:
    if name not in KNOWN_SOURCES:
        raise ConfigError(f"unknown source [sources.{name}]; known: {', '.join(KNOWN_SOURCES)}")
    if not isinstance(table, dict):
        raise ConfigError(f"[sources.{name}] must be a table")
    urls = list(_typed(table, "urls", list, [], name))
    if "urls_file" in table:
        urls.extend(_read_url_list(base_dir / _typed(table, "urls_file", str, "", name), name))
    return SourceConfig(
        name=name,
        enabled=_typed(table, "enabled", bool, True, name),
        url=_typed(table, "url", str, None, name),
        urls=tuple(str(url) for url in urls),
        min_interval=float(_typed(table, "min_interval", (int, float),
                                  DEFAULT_MIN_INTERVAL.get(name, 0.0), name)),
        max_results=_typed(table, "max_results", int, 50, name),
        options={key: value for key, value in table.items() if key not in _SOURCE_KEYS},
    )


def _read_url_list(path: Path, name: str) -> list[str]:
    """One URL per line; blank lines and ``#`` comments ignored."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise ConfigError(f"[sources.{name}] urls_file: cannot read {path}: {error}") from None
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def _crawl_config(data: dict[str, Any], path: Path) -> CrawlConfig:
    table = _table(data, "crawl", path)
    defaults = CrawlConfig()
    values: dict[str, Any] = {}
    for key, value in table.items():
        if not hasattr(defaults, key):
            raise ConfigError(f"unknown setting [crawl] {key}")
        expected = type(getattr(defaults, key))
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            raise ConfigError(f"[crawl] {key} must be {expected.__name__}, got {value!r}")
        values[key] = value
    return CrawlConfig(**values)


def _typed(table: dict[str, Any], key: str, kind: Any, default: Any, source: str) -> Any:
    if key not in table:
        return default
    value = table[key]
    if isinstance(value, bool) and kind is not bool and bool not in _as_tuple(kind):
        raise ConfigError(f"[sources.{source}] {key} has the wrong type: {value!r}")
    if not isinstance(value, kind):
        raise ConfigError(f"[sources.{source}] {key} has the wrong type: {value!r}")
    return value


def _as_tuple(kind: Any) -> tuple[Any, ...]:
    return kind if isinstance(kind, tuple) else (kind,)
