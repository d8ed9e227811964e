"""``python -m crawler --db PATH --run-id N --config FILE [--resume] [--warc DIR]
[--replay WARC...] [--workers URL]``: crawl every enabled source once; ``--resume`` continues a
killed crawl from its frontier (crawler/frontier.py); ``--warc`` archives every response,
``--replay`` answers every request from such an archive instead of the network (crawler/warc/);
``--workers`` queues the articles for fetch workers sharing a Redis and stores what they send
back (crawler/distributed/).

The CLI runs this in a subprocess (Twisted's reactor starts once per process) and reads the
progress JSON lines on stdout. Exit 0 when the crawl completed, even if sources failed (those
failures are recorded); 3 (``OFFLINE_EXIT``) when not one configured host resolves (every
request recorded as failed, none sent); otherwise non-zero with one line on stderr for bad
arguments, a crash, a run another process is crawling (``EXIT_BUSY``) or a write the database
refused (``EXIT_LOST``: what was not stored stays pending for ``corroborate resume``).
"""

from __future__ import annotations

import argparse
import contextlib
import sqlite3
import sys
from typing import Any, NoReturn

from scrapy import signals
from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.settings import Settings
from scrapy.utils.misc import load_object

from corroborate.crawl import EXIT_BUSY, EXIT_LOST, OFFLINE_EXIT
from corroborate.errors import CorroborateError
from corroborate.sources.registry import SOURCES
from corroborate.store.leases import CrawlBusy
from crawler.distributed.dispatch import Dispatcher
from crawler.distributed.ingest import Ingester
from crawler.preflight import dns_fails_everywhere, endpoint_hosts, record_offline
from crawler.run_context import RunContext
from crawler.settings import crawl_settings, replay_settings


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
    parser.add_argument("--warc", default=None, help="write every response to WARC files here")
    parser.add_argument(
        "--replay",
        nargs="+",
        default=None,
        metavar="WARC",
        help="answer every request from these WARC files: no network at all",
    )
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


def build_settings(
    context: RunContext, warc: str | None = None, replay: list[str] | None = None
) -> Settings:
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    settings.update(crawl_settings(context.config), priority="cmdline")
    if warc:
        settings.set("CORROBORATE_WARC_DIR", warc, priority="cmdline")
    if replay:
        settings.update(replay_settings(replay), priority="cmdline")
    return settings


def crawl(context: RunContext, warc: str | None = None, replay: list[str] | None = None) -> None:
    """Run the spider of every enabled source in one process; returns when all have closed."""
    settings = build_settings(context, warc, replay)
    process = CrawlerProcess(settings)
    for source in context.config.enabled_sources():
        crawler = process.create_crawler(load_object(SOURCES[source.name].spider))
        watch_storage_errors(crawler, context)
        process.crawl(crawler, context=context)
    process.start()


def watch_storage_errors(crawler: Crawler, context: RunContext) -> None:
    """A database error in a callback or a pipeline is a loss the run must report, not a log
    line: Scrapy would drop the item or the rest of the answer and carry on."""

    def failed(failure: Any, **_: Any) -> None:
        if failure.check(sqlite3.Error):
            context.lost.append(str(failure.value))

    crawler.signals.connect(failed, signal=signals.spider_error, weak=False)
    crawler.signals.connect(failed, signal=signals.item_error, weak=False)


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
        context.store.leases.claim(args.run_id)  # one crawl per run at a time
        context.frontier  # noqa: B018 - a crawled run without --resume fails here too
        if args.workers:
            context.dispatcher = Dispatcher.open(args.workers, args.db, args.run_id)
    except CorroborateError:
        context.store.close()
        raise
    return context


def offline(context: RunContext) -> bool:
    """No configured host resolves: record every request as failed and say so, at once."""
    config = context.config
    hosts = endpoint_hosts(config)
    if context.resume or not dns_fails_everywhere(hosts, config.crawl.resolve):
        return False
    recorded = record_offline(context.store, context.run_id, config)
    context.progress.notice(
        f"offline: DNS lookup failed for all {len(hosts)} hosts of the sources config; "
        f"{recorded} requests recorded as failed, none sent"
    )
    return True


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        context = open_run(args)
    except CrawlBusy as error:
        print(f"crawler: {error}", file=sys.stderr)
        return EXIT_BUSY
    except CorroborateError as error:
        print(f"crawler: {error}", file=sys.stderr)
        return 2
    try:
        if not args.replay and offline(context):
            return OFFLINE_EXIT
        crawl(context, args.warc, args.replay)
        lost = collect(context)
        context.progress.done()
        if lost:
            print(f"crawler: {lost}", file=sys.stderr)
            return EXIT_LOST
    except Exception as error:  # noqa: BLE001 - the CLI needs one line, not a traceback
        print(f"crawler: crashed: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    finally:
        with contextlib.suppress(sqlite3.Error):  # a dead process's lease is taken over anyway
            context.store.leases.release(args.run_id)
        context.store.close()
    if context.lost:
        print(
            f"crawler: {len(context.lost)} writes failed ({context.lost[0]}); what they held "
            f"stays pending: corroborate resume --run {args.run_id}",
            file=sys.stderr,
        )
        return EXIT_LOST
    return 0


if __name__ == "__main__":
    sys.exit(main())
