"""``corroborate watch``: re-check an article on a schedule and say when a verdict changes."""

from __future__ import annotations

import json
from dataclasses import asdict

import click

from corroborate.api import add_watch, check_watch
from corroborate.commands.common import (
    article_argument,
    db_option,
    encoding_option,
    friendly_errors,
    json_option,
    load_article,
    settings_from,
    settings_option,
)
from corroborate.errors import CorroborateError
from corroborate.sources.config import load_config
from corroborate.store import Store
from corroborate.store.watches import ACTIVE, PAUSED, REMOVED, Watch
from corroborate.watch.changes import run_diff
from corroborate.watch.intervals import describe_every, parse_every, parse_until
from corroborate.watch.notify import Notice, notify
from corroborate.watch.scheduler import Scheduler

watch_id_argument = click.argument("watch_id", metavar="ID", type=int)


@click.group()
def watch() -> None:
    """Re-check articles on a schedule; `watch run` is the scheduler.

    Example:

        corroborate watch add article.txt --every 6h && corroborate watch run
    """


@watch.command()
@article_argument
@click.option("--every", "every", required=True, help="Interval: 90s, 30m, 6h, 1d, 1h30m.")
@click.option("--until", "until", help="Last day to re-check, YYYY-MM-DD (default: forever).")
@click.option("--config", "config_path", type=str, help="Sources config TOML (default: seeds/).")
@db_option
@encoding_option
@friendly_errors
def add(
    article: str,
    every: str,
    until: str | None,
    config_path: str | None,
    db_path: str,
    encoding: str | None,
) -> None:
    """Re-check ARTICLE every --every; the first check is due at once.

    Example:

        corroborate watch add article.txt --every 6h --until 2026-12-31
    """
    seconds, last_day = parse_every(every), parse_until(until)
    watch_id = add_watch(
        load_article(article, encoding), db_path, seconds, config_path=config_path, until=last_day
    )
    click.echo(f"watch {watch_id}: {article} every {describe_every(seconds)}; run the scheduler")
    click.echo(f"with: corroborate watch run --db {db_path}")


@watch.command(name="list")
@db_option
@json_option
@friendly_errors
def list_watches(db_path: str, as_json: bool) -> None:
    """List the watches with their state, interval and next check.

    Example:

        corroborate watch list --json
    """
    watches = _listed(db_path)
    if as_json:
        click.echo(json.dumps([asdict(item) for item in watches], indent=2, ensure_ascii=False))
        return
    if not watches:
        click.echo("no watches (add one with: corroborate watch add ARTICLE --every 6h)")
    for item in watches:
        until = f" until {item.until}" if item.until else ""
        last = f", last run {item.last_run_id}" if item.last_run_id else ""
        click.echo(
            f"{item.watch_id}  {item.state:<6}  every {describe_every(item.every_seconds)}"
            f"{until}  next {item.next_due}{last}  {item.article_path}"
        )


def _listed(db_path: str) -> list[Watch]:
    store = Store.open(db_path, create=False)
    try:
        return store.watches.listed()
    finally:
        store.close()


def _set_state(db_path: str, watch_id: int, state: str) -> None:
    store = Store.open(db_path, create=False)
    try:
        store.watches.set_state(watch_id, state)
    finally:
        store.close()


@watch.command()
@watch_id_argument
@db_option
@friendly_errors
def remove(watch_id: int, db_path: str) -> None:
    """Stop re-checking; the watch's runs stay in the database for `history`.

    Example:

        corroborate watch remove 3
    """
    _set_state(db_path, watch_id, REMOVED)
    click.echo(f"watch {watch_id} removed")


@watch.command()
@watch_id_argument
@db_option
@friendly_errors
def pause(watch_id: int, db_path: str) -> None:
    """Skip a watch's checks until it is resumed.

    Example:

        corroborate watch pause 3
    """
    _set_state(db_path, watch_id, PAUSED)
    click.echo(f"watch {watch_id} paused")


@watch.command(name="resume")
@watch_id_argument
@db_option
@friendly_errors
def resume_watch(watch_id: int, db_path: str) -> None:
    """Re-check a paused watch again; a check missed meanwhile runs once.

    Example:

        corroborate watch resume 3
    """
    _set_state(db_path, watch_id, ACTIVE)
    click.echo(f"watch {watch_id} resumed")


@watch.command(name="run")
@db_option
@click.option("--once", is_flag=True, help="Run the checks due now and exit (for cron).")
@click.option(
    "--scrapyd",
    "scrapyd_url",
    metavar="URL",
    help="Hand the crawls to this Scrapyd (see README, Schedule) instead of running them here.",
)
@settings_option
@friendly_errors
def run(db_path: str, once: bool, scrapyd_url: str | None, assignments: tuple[str, ...]) -> None:
    """The scheduler: run each watch's check when due, print verdict changes, post them to the
    config's [notify] webhook. Several may share a database; each check runs once.

    Example:

        corroborate watch run --db checks.db
    """
    settings = settings_from(assignments)

    def check(item: Watch, due_at: str) -> int:
        result = check_watch(db_path, item.watch_id, due_at, settings, scrapyd_url=scrapyd_url)
        report = result.report
        status = "crawl failed" if result.crawl_failed else "done"
        click.echo(
            f"watch {item.watch_id}: run {report.run.run_id} {status}, "
            f"{len(report.claims)} claims ({item.article_path})"
        )
        return report.run.run_id

    scheduler = Scheduler(
        db_path,
        check,
        after_check=lambda item, run_id: _announce(db_path, item, run_id),
        on_error=lambda item, error: click.echo(f"watch {item.watch_id}: {error}", err=True),
    )
    Store.open(db_path).close()  # a bad --db fails now, with one line
    click.echo(f"scheduler {scheduler.owner} watching {db_path}", err=True)
    try:
        scheduler.serve(keep_going=lambda: not once)
    except KeyboardInterrupt:
        click.echo("scheduler stopped", err=True)


def _announce(db_path: str, item: Watch, run_id: int) -> None:
    """Verdict changes against the watch's previous run: output lines and the webhook."""
    store = Store.open(db_path)
    try:
        runs = store.watches.run_ids(item.watch_id)
        earlier = [other for other in runs if other < run_id]
        diff = run_diff(store, run_id, earlier[-1] if earlier else None)
    finally:
        store.close()
    try:
        config = load_config(item.config_path).notify
    except CorroborateError as error:
        click.echo(f"watch {item.watch_id}: {error}", err=True)
        return
    notify(Notice(item.watch_id, item.article_path, diff), config, click.echo)
