"""Write a corroborate TOML config that points every source at a running test web.

The standard library reads TOML but cannot write it, and the values here are plain (strings,
numbers, booleans, lists of strings), so a small writer is enough.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SOURCE_NAMES = ("gdelt", "feeds", "sitemaps", "google_news", "bing_news")


def merge_overrides(tables: dict[str, dict[str, Any]],
                    overrides: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Merge ``{"gdelt": {...}, "crawl": {...}}`` into the tables, key by key."""
    merged = {name: dict(table) for name, table in tables.items()}
    for name, values in overrides.items():
        if name not in merged:
            raise ValueError(f"unknown config table {name!r}; known: {', '.join(merged)}")
        merged[name].update(values)
    return merged


def render_toml(tables: dict[str, dict[str, Any]]) -> str:
    """``[sources.<name>]`` for the sources, ``[<name>]`` for the rest."""
    blocks = []
    for name, table in tables.items():
        header = f"sources.{name}" if name in SOURCE_NAMES else name
        lines = [f"[{header}]"] + [f"{key} = {_value(value)}" for key, value in table.items()]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)  # a JSON string is a valid TOML basic string
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    raise TypeError(f"cannot write {value!r} to TOML")


def write_toml(path: Path | str, tables: dict[str, dict[str, Any]]) -> Path:
    target = Path(path)
    target.write_text(render_toml(tables), encoding="utf-8")
    return target
