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

import tomli_w

from corroborate.demo.dates import story_day
from crawler.demo.content import load_web
from crawler.demo.server import DemoServer


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crawler.demo", description=__doc__)
    parser.add_argument("--config", required=True, type=Path, help="where to write the config")
    parser.add_argument(
        "--day", type=date.fromisoformat, default=None, help="the story's day (default: recent)"
    )
    args = parser.parse_args(argv)
    with DemoServer(load_web(args.day or story_day(date.today()))) as demo:
        args.config.write_text(tomli_w.dumps(demo.config_tables()), encoding="utf-8")
        print(json.dumps({"config": str(args.config)}), flush=True)
        sys.stdin.read()  # until the parent closes it or exits
    return 0


if __name__ == "__main__":
    sys.exit(main())
