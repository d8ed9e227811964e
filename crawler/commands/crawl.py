"""``scrapy crawl <source>`` as a Scrapy user (and Scrapyd) runs it.

A spider crawls for a run stored in a corroborate database, so it needs ``-a db=PATH -a
run_id=N`` (and usually ``-a config=FILE``). Without them this says in one line what to run,
instead of a traceback from deep inside the spider's constructor.
"""

from __future__ import annotations

import argparse
import sys

from scrapy.commands.crawl import Command as ScrapyCrawl

from corroborate.sources.registry import SOURCES
from crawler.spiders.base import RUN_ARGUMENTS_HINT, run_arguments_missing


class Command(ScrapyCrawl):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) == 1 and args[0] in SOURCES and run_arguments_missing(opts.spargs):
            print(f"scrapy crawl: {RUN_ARGUMENTS_HINT.format(spider=args[0])}", file=sys.stderr)
            self.exitcode = 2
            return
        super().run(args, opts)
