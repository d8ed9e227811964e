"""What every command shares: options, one-line errors, the report printer."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from typing import Any

import click

from corroborate.api import CheckResult
from corroborate.claims.article import read_article
from corroborate.errors import CorroborateError
from corroborate.models import Article
from corroborate.report.progress import ProgressDisplay
from corroborate.report.render import RunReport, render_text, report_json
from corroborate.settings import DEFAULT_SETTINGS, ScoringSettings
from corroborate.store import DB_ENV_VAR, default_db_path


def friendly_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn library errors into a one-line message and exit status 1, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except CorroborateError as error:
            raise click.ClickException(str(error)) from None

    return wrapper


article_argument = click.argument("article", type=str)
encoding_option = click.option("--encoding", help="Decode the article with this encoding.")
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
    show_default=True,
    help=f"SQLite database (or set {DB_ENV_VAR}).",
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


def settings_from(assignments: tuple[str, ...]) -> ScoringSettings:
    return DEFAULT_SETTINGS.with_assignments(assignments)


def progress_display(progress: bool | None) -> ProgressDisplay:
    """The live line on stderr: on a terminal by default, or as ``--progress`` says."""
    return ProgressDisplay(sys.stderr, live=sys.stderr.isatty() if progress is None else progress)


def emit_after_crawl(result: CheckResult, as_json: bool) -> None:
    """The report, even a partial one; then a crawler crash still exits non-zero."""
    emit(result.report, as_json)
    if result.crawl_failed:
        raise click.ClickException(
            f"the crawler failed (exit {result.crawl_status}); results "
            f"above are partial (run {result.report.run.run_id})"
        )


def load_article(path: str, encoding: str | None) -> Article:
    article = read_article(path, encoding=encoding)
    if article.decode_warning:
        click.echo(f"warning: {article.decode_warning}", err=True)
    return article


def emit(report: RunReport, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(report_json(report), indent=2, ensure_ascii=False))
    else:
        click.echo(render_text(report))
