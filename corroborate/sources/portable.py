"""A loaded config as plain tables (for JSON or TOML), every URL list inlined, so a run archived
to WARC can be replayed on another machine without the config's files."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from corroborate.sources.config import Config, SourceConfig


def config_tables(config: Config) -> dict[str, Any]:
    """``{"sources": {name: {...}}, "crawl": {...}}`` as a TOML config file writes them."""
    crawl = {key: value for key, value in asdict(config.crawl).items() if value not in ("", {})}
    return {
        "sources": {source.name: _source_table(source) for source in config.sources.values()},
        "crawl": crawl,
    }


def _source_table(source: SourceConfig) -> dict[str, Any]:
    table: dict[str, Any] = {
        "enabled": source.enabled,
        "min_interval": source.min_interval,
        "max_results": source.max_results,
        **{name: value for name, value in source.options.items() if value is not None},
    }
    if source.url:
        table["url"] = source.url
    if source.urls:
        table["urls"] = list(source.urls)
    return table
