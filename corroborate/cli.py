"""The command line: a thin shell over the library. Each command opens the database, calls one
library function and formats the result; library errors become one-line messages."""

from __future__ import annotations

import functools
import json
import logging
import sys
from collections.abc import Callable
from typing import Any

import click
from click_default_group import DefaultGroup

from corroborate import __version__
from corroborate.api import CheckResult, article_claims, check_article, resume_run, score_run
from corroborate.claims.article import read_article
from corroborate.errors import CorroborateError
from corroborate.models import Article
from corroborate.report.progress import ProgressDisplay
from corroborate.report.render import RunReport, render_text, report_json
from corroborate.settings import DEFAULT_SETTINGS, ScoringSettings, describe_settings
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


@click.group(
    cls=DefaultGroup,
    default="check",
    default_if_no_args=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
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


@cli.command()
@article_argument
@click.option("--config", "config_path", type=str, help="Sources config TOML (default: seeds/).")
@db_option
@encoding_option
@json_option
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Live progress line on stderr (default: when stderr is a terminal).",
)
@click.option(
    "--since",
    help="Search from this date, YYYY-MM-DD (default: a week before the "
    "article's own date, when it has one).",
)
@click.option(
    "--until",
    help="Search up to this date, YYYY-MM-DD (default: twenty days after "
    "the article's own date, when it has one).",
)
@settings_option
@friendly_errors
def check(
    article: str,
    config_path: str | None,
    db_path: str,
    encoding: str | None,
    as_json: bool,
    progress: bool | None,
    since: str | None,
    until: str | None,
    assignments: tuple[str, ...],
) -> None:
    """Extract the article's claims, search other outlets, and score each claim.

    ARTICLE is a text or HTML file, or - for stdin.

    Example:

        corroborate check article.txt --json --db checks.db
    """
    settings = _settings(assignments)
    loaded = _load_article(article, encoding)
    display = _progress_display(progress)
    result = check_article(
        loaded,
        db_path,
        config_path=config_path,
        since=since,
        until=until,
        settings=settings,
        on_progress=display,
    )
    display.finish()
    _emit_after_crawl(result, as_json)


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
    found = article_claims(_load_article(article, encoding))
    if as_json:
        listing = [
            {"id": claim.position, "text": claim.text, "key_terms": claim.key_terms.as_dict()}
            for claim in found
        ]
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
@settings_option
@friendly_errors
def score(run_id: int | None, db_path: str, as_json: bool, assignments: tuple[str, ...]) -> None:
    """Re-score a stored run from the database, with no network.

    Example:

        corroborate score --run 3 --set min_evidence_score=60 --json
    """
    _emit(score_run(db_path, run_id, _settings(assignments)), as_json)


@cli.command()
@click.option("--run", "run_id", type=int, help="Run to resume (default: the latest).")
@db_option
@json_option
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Live progress line on stderr (default: when stderr is a terminal).",
)
@settings_option
@friendly_errors
def resume(
    run_id: int | None,
    db_path: str,
    as_json: bool,
    progress: bool | None,
    assignments: tuple[str, ...],
) -> None:
    """Finish an interrupted check: fetch only what its crawl left pending, then score it.

    Example:

        corroborate resume --run 3
    """
    display = _progress_display(progress)
    result = resume_run(db_path, run_id, _settings(assignments), on_progress=display)
    display.finish()
    _emit_after_crawl(result, as_json)


@cli.command(name="settings")
def list_settings() -> None:
    """List the scoring settings that --set changes, with their defaults.

    Example:

        corroborate settings
    """
    for name, default, help_text in describe_settings():
        click.echo(f"{name} = {default}\n    {help_text}")


def _settings(assignments: tuple[str, ...]) -> ScoringSettings:
    return DEFAULT_SETTINGS.with_assignments(assignments)


def _progress_display(progress: bool | None) -> ProgressDisplay:
    """The live line on stderr: on a terminal by default, or as ``--progress`` says."""
    return ProgressDisplay(sys.stderr, live=sys.stderr.isatty() if progress is None else progress)


def _emit_after_crawl(result: CheckResult, as_json: bool) -> None:
    """The report, even a partial one; then a crawler crash still exits non-zero."""
    _emit(result.report, as_json)
    if result.crawl_failed:
        raise click.ClickException(
            f"the crawler failed (exit {result.crawl_status}); results "
            f"above are partial (run {result.report.run.run_id})"
        )


def _load_article(path: str, encoding: str | None) -> Article:
    article = read_article(path, encoding=encoding)
    if article.decode_warning:
        click.echo(f"warning: {article.decode_warning}", err=True)
    return article


def _emit(report: RunReport, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(report_json(report), indent=2, ensure_ascii=False))
    else:
        click.echo(render_text(report))
