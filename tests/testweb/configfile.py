"""Write a corroborate TOML config that points every source at a running test web.

Tables are keyed by source name (from the registry) plus ``crawl``; tomli-w writes them, so
any value the config reader accepts can be written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import tomli_w

from corroborate.sources.registry import SOURCE_NAMES


def merge_overrides(
    tables: dict[str, dict[str, Any]], overrides: dict[str, dict[str, Any]]
) -> dict[str, dict[str, Any]]:
    """Merge ``{"gdelt": {...}, "crawl": {...}}`` into the tables, key by key."""
    merged = {name: dict(table) for name, table in tables.items()}
    for name, values in overrides.items():
        if name not in merged:
            raise ValueError(f"unknown config table {name!r}; known: {', '.join(merged)}")
        merged[name].update(values)
    return merged


def render_toml(tables: dict[str, dict[str, Any]]) -> str:
    """``[sources.<name>]`` for the sources, ``[<name>]`` for the rest."""
    sources = {name: table for name, table in tables.items() if name in SOURCE_NAMES}
    others = {name: table for name, table in tables.items() if name not in SOURCE_NAMES}
    return tomli_w.dumps({"sources": sources, **others} if sources else others)


def write_toml(path: Path | str, tables: dict[str, dict[str, Any]]) -> Path:
    target = Path(path)
    target.write_text(render_toml(tables), encoding="utf-8")
    return target
