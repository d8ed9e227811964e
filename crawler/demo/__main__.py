"""``python -m crawler.demo --config PATH [--day YYYY-MM-DD]``: serve the demo web on
127.0.0.1, write a config pointing every source at it, print ``{"config": PATH}`` on stdout, and
serve until stdin closes (``corroborate demo`` holds it open while it checks; its end, even a
crash, stops the web)."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from corroborate.demo.dates import story_day
from crawler.demo.content import load_web
from crawler.demo.server import DemoServer


def toml_text(tables: dict[str, dict[str, Any]]) -> str:
    """The few TOML shapes a config needs: nested tables of booleans, numbers, strings, lists."""
    lines: list[str] = []
    for name, table in tables.items():
        scalars = {key: value for key, value in table.items() if not isinstance(value, dict)}
        if scalars:
            lines += [f"[{name}]", *(f"{json.dumps(k)} = {_value(v)}" for k, v in scalars.items())]
            lines.append("")
        for key, value in table.items():
            if isinstance(value, dict):
                lines.append(toml_text({f"{name}.{key}": value}))
    return "\n".join(lines)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    return json.dumps(value)  # numbers, and strings as TOML basic strings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crawler.demo", description=__doc__)
    parser.add_argument("--config", required=True, type=Path, help="where to write the config")
    parser.add_argument(
        "--day", type=date.fromisoformat, default=None, help="the story's day (default: recent)"
    )
    args = parser.parse_args(argv)
    with DemoServer(load_web(args.day or story_day(date.today()))) as demo:
        args.config.write_text(toml_text(demo.config_tables()), encoding="utf-8")
        print(json.dumps({"config": str(args.config)}), flush=True)
        sys.stdin.read()  # until the parent closes it or exits
    return 0


if __name__ == "__main__":
    sys.exit(main())
