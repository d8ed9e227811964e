"""Sources and crawl settings from a TOML file.

Every discovery source takes its endpoint, on/off switch, pace and result limit from the config,
so a mirror, a proxy or a local test server can stand in for any real service. The defaults live
in ``seeds/sources.toml``; ``--config FILE`` replaces them with another file. Which keys a source
takes, their types and defaults come from the registry (registry.py): a misspelt key is an error,
never a setting silently left at its default.
"""

from __future__ import annotations

import dataclasses
import difflib
import ipaddress
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import seeds
from corroborate.errors import ConfigError
from corroborate.sources.languages import LanguageConfig, language_config
from corroborate.sources.registry import SOURCE_NAMES, SOURCES, Option

_Table = TypeVar("_Table", "CrawlConfig", "NotifyConfig")

SEEDS_DIR = Path(seeds.__file__).resolve().parent
DEFAULT_CONFIG_PATH = SEEDS_DIR / "sources.toml"


@dataclass(frozen=True)
class SourceConfig:
    """One ``[sources.<name>]`` table, validated, with the registry's defaults filled in."""

    name: str
    enabled: bool
    url: str | None  # search APIs: the endpoint
    urls: tuple[str, ...]  # feeds and sitemaps: the lists to read
    min_interval: float  # seconds between two requests to this source
    max_results: int  # per query (search APIs) or per source (feeds, sitemaps)
    options: dict[str, Any]  # the source's own options (registry.py), every one present

    def option(self, name: str) -> Any:
        """A source-specific option's value; KeyError when the source has no such option."""
        try:
            return self.options[name]
        except KeyError:
            raise KeyError(f"source {self.name} has no option {name!r}") from None

    def endpoints(self) -> list[str]:
        """Every URL this source is configured to ask: url, urls and its endpoint options."""
        marked = [option.name for option in SOURCES[self.name].own_options if option.endpoint]
        found = [self.url] if self.url else []
        return [*found, *self.urls, *(self.options[name] for name in marked if self.options[name])]


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
    warc_dir: str = ""  # write every response to WARC files in this folder ("" = off)
    run_timeout: float = 3600.0  # seconds a whole crawl may take; what is left stays pending
    # [crawl.resolve]: host name -> address, like curl --resolve (a mirror, a local test web)
    resolve: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class NotifyConfig:
    """The ``[notify]`` table: where a watched claim's verdict change is posted as JSON."""

    webhook_url: str = ""  # none when empty; trusted, but a private address needs the switch
    allow_private_addresses: bool = False


@dataclass(frozen=True)
class Config:
    path: Path
    sources: dict[str, SourceConfig]
    crawl: CrawlConfig
    notify: NotifyConfig = NotifyConfig()
    languages: LanguageConfig = LanguageConfig()

    def enabled_sources(self) -> list[SourceConfig]:
        return [source for source in self.sources.values() if source.enabled]

    def source(self, name: str) -> SourceConfig:
        """The configured source, or the registry's defaults for one the config leaves out."""
        return self.sources.get(name) or source_config(name, {}, self.path.parent)


def load_config(path: Path | str | None = None) -> Config:
    """Read a config file; raise ``ConfigError`` with a one-line reason when it is unusable."""
    # absolute: a run stores it, and ``resume`` may run from another directory
    config_path = Path(path).resolve() if path is not None else DEFAULT_CONFIG_PATH
    try:
        data = tomllib.loads(config_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"config file not found: {config_path}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"cannot read config file {config_path}: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"invalid TOML in {config_path}: {error}") from None
    sources = {
        name: source_config(name, table, config_path.parent)
        for name, table in _table(data, "sources", config_path).items()
    }
    return Config(
        path=config_path,
        sources=sources,
        crawl=_crawl_config(data, config_path),
        notify=_flat_table(data, "notify", NotifyConfig(), config_path),
        languages=language_config(_table(data, "languages", config_path)),
    )


def _table(data: dict[str, Any], key: str, path: Path) -> dict[str, Any]:
    table = data.get(key, {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [{key}] must be a table")
    return table


def source_config(name: str, table: Any, base_dir: Path) -> SourceConfig:
    """One ``[sources.<name>]`` table checked against the registry; ``urls_file`` is read
    relative to ``base_dir``."""
    if name not in SOURCES:
        raise ConfigError(
            f"unknown source [sources.{name}]{_hint(name, SOURCE_NAMES) or ';'} "
            f"known: {', '.join(SOURCE_NAMES)}"
        )
    if not isinstance(table, dict):
        raise ConfigError(f"[sources.{name}] must be a table")
    declared = SOURCES[name].options
    for key in table:
        if key not in declared:
            raise ConfigError(f"unknown option [sources.{name}] {key}{_hint(key, declared)}")
    values = {key: _option_value(name, option, table) for key, option in declared.items()}
    urls = [*values.get("urls", ())]
    if values.get("urls_file"):
        urls.extend(_read_url_list(base_dir / values["urls_file"], name))
    return SourceConfig(
        name=name,
        enabled=values["enabled"],
        url=values.get("url"),
        urls=tuple(urls),
        min_interval=values["min_interval"],
        max_results=values["max_results"],
        options={option.name: values[option.name] for option in SOURCES[name].own_options},
    )


def _option_value(source: str, option: Option, table: dict[str, Any]) -> Any:
    """The table's value checked against the option's type and bound, or its default."""
    if option.name not in table:
        return option.default
    value = _typed_value(source, option, table[option.name])
    if option.minimum is not None and value < option.minimum:
        raise ConfigError(
            f"[sources.{source}] {option.name} must be at least {option.minimum:g}, got {value!r}"
        )
    return value


def _typed_value(source: str, option: Option, value: Any) -> Any:
    if option.type is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if option.type is list and isinstance(value, list):
        if all(isinstance(item, str) for item in value):
            return tuple(value)
    elif isinstance(value, option.type) and (option.type is bool or not isinstance(value, bool)):
        return value
    expected = "a list of strings" if option.type is list else option.type.__name__
    raise ConfigError(
        f"[sources.{source}] {option.name} has the wrong type: {value!r} (expected {expected})"
    )


def _hint(word: str, known: Iterable[str]) -> str:
    """ "; did you mean X?" when a known name is close to ``word``, else ""."""
    close = difflib.get_close_matches(word, list(known), n=1)
    return f"; did you mean {close[0]}?" if close else ""


def _read_url_list(path: Path, name: str) -> list[str]:
    """One URL per line; blank lines and ``#`` comments ignored."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise ConfigError(f"[sources.{name}] urls_file: cannot read {path}: {error}") from None
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def _flat_table(data: dict[str, Any], key: str, defaults: _Table, path: Path) -> _Table:
    """A table of plain settings (``[crawl]``, ``[notify]``) over the dataclass's defaults."""
    table = _table(data, key, path)
    values: dict[str, Any] = {}
    for name, value in table.items():
        if not hasattr(defaults, name):
            raise ConfigError(f"unknown setting [{key}] {name}{_hint(name, vars(defaults))}")
        expected = type(getattr(defaults, name))
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            raise ConfigError(f"[{key}] {name} must be {expected.__name__}, got {value!r}")
        values[name] = value
    return dataclasses.replace(defaults, **values)


def _crawl_config(data: dict[str, Any], path: Path) -> CrawlConfig:
    """``[crawl]``: plain settings, and the ``[crawl.resolve]`` host map checked on its own."""
    table = dict(_table(data, "crawl", path))
    resolve = _host_map(table.pop("resolve")) if "resolve" in table else {}
    crawl = _flat_table({"crawl": table}, "crawl", CrawlConfig(), path)
    return dataclasses.replace(crawl, resolve=resolve)


_LABEL = r"[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9])?"
_HOST_NAME = re.compile(rf"(?=.{{1,253}}$){_LABEL}(\.{_LABEL})*")


def _host_map(table: Any) -> dict[str, str]:
    """``[crawl.resolve]``: each key a host name, each value an IP address (no port, no URL)."""
    if not isinstance(table, dict):
        raise ConfigError('[crawl.resolve] must be a table of "host.name" = "address"')
    hosts: dict[str, str] = {}
    for name, address in table.items():
        host = name.strip().rstrip(".").lower()
        if not _HOST_NAME.fullmatch(host):
            raise ConfigError(f"[crawl.resolve] {name!r} is not a host name")
        try:
            hosts[host] = str(ipaddress.ip_address(address if isinstance(address, str) else ""))
        except ValueError:
            raise ConfigError(
                f"[crawl.resolve] {name} must map to an IP address, got {address!r}"
            ) from None
    return hosts
