"""``python -m crawler --db PATH --run-id N --config FILE [--resume | --workers URL]``: crawl
every enabled source once; ``--resume`` continues a killed crawl from its frontier
(crawler/frontier.py); ``--workers`` queues the articles for fetch workers sharing a Redis and
stores what they send back (crawler/distributed/).

The CLI runs this in a subprocess (Twisted's reactor starts once per process) and reads the
progress JSON lines on stdout. Exit 0 when the crawl completed, even if sources failed (those
failures are recorded); non-zero with one line on stderr only for bad arguments or a crash.
"""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings
from scrapy.utils.misc import load_object

from corroborate.errors import CorroborateError
from corroborate.sources.registry import SOURCES
from crawler.distributed.dispatch import Dispatcher
from crawler.distributed.ingest import Ingester
from crawler.run_context import RunContext
from crawler.settings import crawl_settings


class _OneLineParser(argparse.ArgumentParser):
    """Usage errors as one stderr line, like every other failure the CLI relays."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"crawler: {message} (see python -m crawler --help)\n")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = _OneLineParser(
        prog="python -m crawler", description="Crawl every enabled source for a stored run."
    )
    parser.add_argument("--db", required=True, help="corroborate SQLite database")
    parser.add_argument("--run-id", required=True, type=int, help="the stored run to crawl for")
    parser.add_argument("--config", default=None, help="TOML config (default: seeds/sources.toml)")
    parser.add_argument(
        "--resume",
        action="store_true",
        help="continue an interrupted crawl of the run: send only what is pending",
    )
    parser.add_argument(
        "--workers",
        default=None,
        metavar="URL",
        help="redis://host:port/db: fetch the articles on the workers serving this Redis",
    )
    args = parser.parse_args(argv)
    if args.workers and args.resume:
        parser.error("--resume fetches what is pending here; it takes no --workers")
    return args


def build_settings(context: RunContext) -> Settings:
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    settings.update(crawl_settings(context.config), priority="cmdline")
    return settings


def crawl(context: RunContext) -> None:
    """Run the spider of every enabled source in one process; returns when all have closed."""
    settings = build_settings(context)
    process = CrawlerProcess(settings)
    for source in context.config.enabled_sources():
        process.crawl(load_object(SOURCES[source.name].spider), context=context)
    process.start()


def collect(context: RunContext) -> str | None:
    """With fetch workers: store their results until every article is settled, then remove
    the check's keys from Redis; what went missing, if anything."""
    if context.dispatcher is None:
        return None
    dispatcher = context.dispatcher
    ingester = Ingester(
        context.store, context.run_id, dispatcher.client, dispatcher.keys, context.progress
    )
    lost = ingester.wait()
    context.sightings.link_stored(context.store, context.run_id)
    ingester.clean_up()
    return lost


def open_run(args: argparse.Namespace) -> RunContext:
    """The run's context; raises CorroborateError for a bad config, database or run id."""
    context = RunContext.open(args.db, args.run_id, args.config, resume=args.resume)
    try:
        context.store.runs.run_info(args.run_id)  # an unknown run fails here, not mid-crawl
        context.frontier  # noqa: B018 - a crawled run without --resume fails here too
        if args.workers:
            context.dispatcher = Dispatcher.open(args.workers, args.db, args.run_id)
    except CorroborateError:
        context.store.close()
        raise
    return context


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        context = open_run(args)
    except CorroborateError as error:
        print(f"crawler: {error}", file=sys.stderr)
        return 2
    try:
        crawl(context)
        lost = collect(context)
        context.progress.done()
        if lost:
            print(f"crawler: {lost}", file=sys.stderr)
            return 3
    except Exception as error:  # noqa: BLE001 - the CLI needs one line, not a traceback
        print(f"crawler: crashed: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    finally:
        context.store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
