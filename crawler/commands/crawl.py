"""``scrapy crawl <source>`` as a Scrapy user (and Scrapyd) runs it.

A spider crawls for a run stored in a corroborate database, so it needs ``-a db=PATH -a
run_id=N`` (and usually ``-a config=FILE``). Without them this says in one line what to run,
instead of a traceback from deep inside the spider's constructor. With them, the config's
settings are applied to the whole process before it starts, as ``python -m crawler`` does: the
DNS resolver, built once per process, must know the trusted endpoints too.
"""

from __future__ import annotations

import argparse
import sys

from scrapy.commands.crawl import Command as ScrapyCrawl

from corroborate.errors import CorroborateError
from corroborate.sources.config import load_config
from corroborate.sources.registry import SOURCES
from crawler.settings import crawl_settings
from crawler.spiders.base import RUN_ARGUMENTS_HINT, run_arguments_missing


class Command(ScrapyCrawl):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1 or args[0] not in SOURCES:
            super().run(args, opts)
            return
        if run_arguments_missing(opts.spargs):
            self.fail(RUN_ARGUMENTS_HINT.format(spider=args[0]))
            return
        try:
            config = load_config(opts.spargs.get("config"))
        except CorroborateError as error:
            self.fail(str(error))
            return
        assert self.crawler_process is not None
        self.crawler_process.settings.setdict(crawl_settings(config), priority="cmdline")
        super().run(args, opts)

    def fail(self, message: str) -> None:
        print(f"scrapy crawl: {message}", file=sys.stderr)
        self.exitcode = 2
