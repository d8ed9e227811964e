"""The command line: a thin shell over the library. Each command opens the database, calls one
library function and formats the result; library errors become one-line messages."""

from __future__ import annotations

import functools
import json
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from click_default_group import DefaultGroup

from corroborate import __version__
from corroborate.claims.article import read_article
from corroborate.claims.extract import extract_claims
from corroborate.crawl import run_crawl
from corroborate.errors import CorroborateError
from corroborate.models import Article, Claim
from corroborate.pages.fingerprints import text_fingerprint
from corroborate.report.progress import ProgressDisplay
from corroborate.report.render import RunReport, render_text, report_json
from corroborate.sources.config import KNOWN_SOURCES, load_config
from corroborate.sources.queries import build_queries
from corroborate.sources.window import resolve_window, stored
from corroborate.store import DB_ENV_VAR, Store, default_db_path
from corroborate.verdicts.assess import assess_run

QUERY_SOURCES = tuple(name for name in KNOWN_SOURCES if name not in {"feeds", "sitemaps"})


def friendly_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn library errors into a one-line message and exit status 1, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except CorroborateError as error:
            raise click.ClickException(str(error)) from None

    return wrapper


@click.group(cls=DefaultGroup, default="check", default_if_no_args=False,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="corroborate")
def cli() -> None:
    """Tell, claim by claim, which statements of an article independent outlets back.

    Example:

        corroborate article.txt
    """
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")


article_argument = click.argument("article", type=str)
encoding_option = click.option("--encoding", help="Decode the article with this encoding.")
json_option = click.option("--json", "as_json", is_flag=True, help="Print the JSON document.")
db_option = click.option("--db", "db_path", default=default_db_path, show_default=True,
                         help=f"SQLite database (or set {DB_ENV_VAR}).")


@cli.command()
@article_argument
@click.option("--config", "config_path", type=str, help="Sources config TOML (default: seeds/).")
@db_option
@encoding_option
@json_option
@click.option("--progress/--no-progress", default=None,
              help="Live progress line on stderr (default: when stderr is a terminal).")
@click.option("--since", help="Search from this date, YYYY-MM-DD (default: a week before the "
              "article's own date, when it has one).")
@click.option("--until", help="Search up to this date, YYYY-MM-DD (default: twenty days after "
              "the article's own date, when it has one).")
@friendly_errors
def check(article: str, config_path: str | None, db_path: str, encoding: str | None,
          as_json: bool, progress: bool | None, since: str | None, until: str | None) -> None:
    """Extract the article's claims, search other outlets, and score each claim.

    ARTICLE is a text or HTML file, or - for stdin.

    Example:

        corroborate check article.txt --json --db checks.db
    """
    config = load_config(config_path)
    loaded = _load_article(article, encoding)
    window_since, window_until = stored(resolve_window(since, until, loaded.published))
    claims = _checkable_claims(loaded)
    queries = [query for source in config.enabled_sources() if source.name in QUERY_SOURCES
               for query in build_queries(claims, source.name)]
    store = Store.open(db_path)
    try:
        run_id = store.runs.start_run(loaded, claims, queries, config_path=str(config.path),
                                      article_fingerprint=text_fingerprint(loaded.text),
                                      since=window_since, until=window_until)
        report, status = _crawl_and_score(store, db_path, run_id, config.path, progress)
    finally:
        store.close()
    _emit_after_crawl(report, as_json, status)


@cli.command()
@article_argument
@encoding_option
@json_option
@friendly_errors
def claims(article: str, encoding: str | None, as_json: bool) -> None:
    """Print the claims that would be checked: no network, no database.

    Example:

        corroborate claims article.txt
    """
    found = _checkable_claims(_load_article(article, encoding))
    if as_json:
        listing = [{"id": claim.position, "text": claim.text,
                    "key_terms": claim.key_terms.as_dict()} for claim in found]
        click.echo(json.dumps(listing, indent=2, ensure_ascii=False))
        return
    for claim in found:
        click.echo(f"[{claim.position}] {claim.text}")
        terms = ", ".join(claim.key_terms.all_terms())
        if terms:
            click.echo(f"    key terms: {terms}")


@cli.command()
@click.option("--run", "run_id", type=int, help="Run to re-score (default: the latest).")
@db_option
@json_option
@friendly_errors
def score(run_id: int | None, db_path: str, as_json: bool) -> None:
    """Re-score a stored run from the database, with no network.

    Example:

        corroborate score --run 3 --json
    """
    store = Store.open(db_path, create=False)
    try:
        report = assess_run(store, run_id if run_id is not None else store.runs.latest_run_id())
    finally:
        store.close()
    _emit(report, as_json)


@cli.command()
@click.option("--run", "run_id", type=int, help="Run to resume (default: the latest).")
@db_option
@json_option
@click.option("--progress/--no-progress", default=None,
              help="Live progress line on stderr (default: when stderr is a terminal).")
@friendly_errors
def resume(run_id: int | None, db_path: str, as_json: bool, progress: bool | None) -> None:
    """Finish an interrupted check: fetch only what its crawl left pending, then score it.

    Example:

        corroborate resume --run 3
    """
    store = Store.open(db_path, create=False)
    try:
        run_id = run_id if run_id is not None else store.runs.latest_run_id()
        config = load_config(store.runs.run_config_path(run_id))
        report, status = _crawl_and_score(store, db_path, run_id, config.path, progress,
                                          resume=True)
    finally:
        store.close()
    _emit_after_crawl(report, as_json, status)


def _crawl_and_score(store: Store, db_path: str, run_id: int, config_path: Path,
                     progress: bool | None, resume: bool = False) -> tuple[RunReport, int]:
    """Crawl for the run in a child process with live progress, then score what it stored."""
    display = ProgressDisplay(sys.stderr, live=sys.stderr.isatty() if progress is None
                              else progress)
    status = run_crawl(db_path, run_id, config_path, display, resume=resume)
    display.finish()
    report = assess_run(store, run_id)
    store.runs.finish_run(run_id, "done" if status == 0 else "crawl failed")
    return report, status


def _emit_after_crawl(report: RunReport, as_json: bool, status: int) -> None:
    """The report, even a partial one; then a crawler crash still exits non-zero."""
    _emit(report, as_json)
    if status != 0:
        raise click.ClickException(f"the crawler failed (exit {status}); results above are "
                                   f"partial (run {report.run.run_id})")


def _load_article(path: str, encoding: str | None) -> Article:
    article = read_article(path, encoding=encoding)
    if article.decode_warning:
        click.echo(f"warning: {article.decode_warning}", err=True)
    return article


def _checkable_claims(article: Article) -> list[Claim]:
    found = extract_claims(article)
    if not found:
        raise CorroborateError(f"no checkable factual claims found in {article.path}")
    return found


def _emit(report: RunReport, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(report_json(report), indent=2, ensure_ascii=False))
    else:
        click.echo(render_text(report))
