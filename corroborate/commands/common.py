"""What every command shares: options, one-line errors, the report printer."""

from __future__ import annotations

import functools
import json
import shutil
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from corroborate.api import CheckResult
from corroborate.claims.article import read_article
from corroborate.corpus.search import Corpus
from corroborate.errors import CorroborateError, Interrupted
from corroborate.models import Article
from corroborate.report.progress import ProgressDisplay
from corroborate.report.render import RunReport, header_lines, render_text, report_json
from corroborate.report.terminal import json_escaped, printable
from corroborate.settings import DEFAULT_SETTINGS, ScoringSettings
from corroborate.store import DB_ENV_VAR, DEFAULT_DB_PATH, default_db_path

MAX_REPORT_WIDTH = 100
NO_SOURCE_ANSWERED_EXIT = 3  # documented in README, Usage

INTERRUPTED_EXIT = 130  # as a shell reports a command stopped by Ctrl-C


def stop_on_sigterm() -> None:
    """SIGTERM ends a command as Ctrl-C does, so the crawler child is stopped and the run is
    marked interrupted instead of the process vanishing mid-write."""
    signal.signal(signal.SIGTERM, _raise_interrupt)


def _raise_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def friendly_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn library errors into a one-line message and exit status 1, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except Interrupted as error:
            click.echo(f"Error: {printable(str(error))}", err=True)
            raise click.exceptions.Exit(INTERRUPTED_EXIT) from None
        except CorroborateError as error:
            raise click.ClickException(printable(str(error))) from None

    return wrapper


article_argument = click.argument("article", type=str)
encoding_option = click.option(
    "--encoding",
    help="Decode the article with this encoding when it has no BOM and is not UTF-8 "
    "(an unknown name is an error).",
)
json_option = click.option("--json", "as_json", is_flag=True, help="Print the JSON document.")
settings_option = click.option(
    "--set",
    "assignments",
    multiple=True,
    metavar="NAME=VALUE",
    help="Change a scoring setting (repeatable); `corroborate settings` lists them.",
)
db_option = click.option(
    "--db",
    "db_path",
    default=default_db_path,
    help=f"SQLite database  [default: ${DB_ENV_VAR}, else ./{DEFAULT_DB_PATH}]",
)
# SQLite integers are 64-bit: a larger id is no run at all, not an OverflowError traceback.
run_option = click.option(
    "--run",
    "run_id",
    type=click.IntRange(1, 2**63 - 1),
    help="The run (default: the latest).",
)
progress_option = click.option(
    "--progress/--no-progress",
    default=None,
    help="Live progress line on stderr (default: when stderr is a terminal).",
)

REDIS_SCHEMES = ("redis://", "rediss://", "unix://")


def _redis_url(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None and not value.startswith(REDIS_SCHEMES):
        raise click.BadParameter(f"{value!r} is not a Redis URL (redis://host:port/db)")
    return value


workers_option = click.option(
    "--workers",
    metavar="REDIS_URL",
    callback=_redis_url,
    help="Fetch the articles on the workers serving this Redis (README: Scale out).",
)


def corpus_from(roots: tuple[str, ...], until: str | None) -> Corpus | None:
    return Corpus(tuple(Path(root) for root in roots), until) if roots else None


def settings_from(assignments: tuple[str, ...]) -> ScoringSettings:
    return DEFAULT_SETTINGS.with_assignments(assignments)


def progress_display(progress: bool | None) -> ProgressDisplay:
    """The live line on stderr: on a terminal by default, or as ``--progress`` says."""
    live = sys.stderr.isatty() if progress is None else progress
    return ProgressDisplay(sys.stderr, live=live, width=terminal_width())


def terminal_width() -> int:
    """The terminal's columns (``COLUMNS`` when set), at most 100: longer lines read badly."""
    return min(shutil.get_terminal_size((MAX_REPORT_WIDTH, 24)).columns, MAX_REPORT_WIDTH)


class NoSourceAnswered(click.ClickException):
    """Exit status 3: the check ran, but no source answered, so its verdicts mean nothing.
    Scripts tell it from bad input (1) by the status."""

    exit_code = NO_SOURCE_ANSWERED_EXIT


REMEDY = (
    "run `corroborate demo` to see a check with no network, "
    "or point --config at endpoints you can reach"
)


def emit_after_crawl(result: CheckResult, as_json: bool) -> None:
    """The report, even a partial one; then a crawler crash exits 1, and a check no source
    answered (offline, or every request failed) exits 3."""
    run = result.report.run.run_id
    if result.offline and not as_json:  # every claim "search failed": the head says it all
        click.echo("\n".join(header_lines(result.report, terminal_width())))
    else:
        emit(result.report, as_json)
    if result.offline:
        raise NoSourceAnswered(f"offline: no source could be reached (run {run}); {REMEDY}")
    if result.crawl_failed:
        raise click.ClickException(
            f"the crawler failed (exit {result.crawl_status}); results "
            f"above are partial (run {run})"
        )
    if result.no_source_answered:
        raise NoSourceAnswered(f"no source answered any request (run {run}); {REMEDY}")


def load_article(path: str, encoding: str | None) -> Article:
    article = read_article(path, encoding=encoding)
    if article.decode_warning:
        click.echo(f"warning: {article.decode_warning}", err=True)
    return article


def emit(report: RunReport, as_json: bool) -> None:
    """Print the report; what came from the web cannot drive the terminal (report.terminal)."""
    if as_json:
        click.echo(json_escaped(json.dumps(report_json(report), indent=2, ensure_ascii=False)))
    else:
        click.echo(printable(render_text(report, width=max(40, terminal_width()))))
