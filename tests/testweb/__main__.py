"""Run the test web by hand: ``python -m tests.testweb [--config PATH]``; Ctrl-C stops it."""

from __future__ import annotations

import argparse
import tempfile
import threading
from pathlib import Path

from .web import TestWeb


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.testweb", description=__doc__)
    parser.add_argument(
        "--config",
        type=Path,
        default=None,
        help="where to write the config (default: a temporary file)",
    )
    args = parser.parse_args()
    with TestWeb() as web:
        config = args.config or Path(tempfile.mkdtemp(prefix="testweb-")) / "testweb.toml"
        web.write_config(config)
        print(f"services:  {web.services_url}")
        print(f"  gdelt:       {web.gdelt_url()}")
        print(f"  google news: {web.google_news_url()}")
        print(f"  bing news:   {web.bing_news_url()}")
        for slug, server in web.outlets.items():
            print(f"{slug:18} {server.base_url}  ({server.outlet.host})")
        print(f"config:    {config}")
        print(f"try:       corroborate --config {config} tests/fixtures/article.txt")
        print("serving until Ctrl-C", flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            print("stopping")


if __name__ == "__main__":
    main()
