"""The command line: a thin shell over the library. Each command opens the database, calls one
library function and formats the result; library errors become one-line messages."""

from __future__ import annotations

import json
import logging

import click
from click_default_group import DefaultGroup

from corroborate import __version__
from corroborate.api import article_claims, check_article, resume_run, score_run
from corroborate.commands import demo, history, ingest, rescore, serve, watch
from corroborate.commands.common import (
    article_argument,
    corpus_from,
    db_option,
    emit,
    emit_after_crawl,
    encoding_option,
    friendly_errors,
    json_option,
    load_article,
    progress_display,
    progress_option,
    run_option,
    settings_from,
    settings_option,
    stop_on_sigterm,
    workers_option,
)
from corroborate.settings import describe_settings


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
    stop_on_sigterm()


@cli.command()
@article_argument
@click.option("--config", "config_path", type=str, help="Sources config TOML (default: seeds/).")
@db_option
@encoding_option
@json_option
@progress_option
@click.option(
    "--since",
    help="Search from this date, YYYY-MM-DD (default: each source's widest reach; "
    "the article's own date is checked, never used as a filter).",
)
@click.option(
    "--until",
    help="Search up to this date, YYYY-MM-DD (default: no end).",
)
@settings_option
@click.option(
    "--warc",
    "warc_dir",
    metavar="DIR",
    help="Archive every response as WARC files in DIR (re-score them: corroborate rescore).",
)
@click.option(
    "--corpus",
    "corpus_roots",
    multiple=True,
    metavar="PATH",
    help="Also search a local corpus: a folder of HTML or WARC files (repeatable).",
)
@click.option(
    "--corpus-until", metavar="DATE", help="Leave out corpus documents published after DATE."
)
@click.option(
    "--web/--no-web", default=True, help="Search the configured sources (--no-web: corpus only)."
)
@workers_option
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
    warc_dir: str | None,
    corpus_roots: tuple[str, ...],
    corpus_until: str | None,
    web: bool,
    workers: str | None,
) -> None:
    """Extract the article's claims, search other outlets, and score each claim.

    ARTICLE is a text or HTML file of at most 5 MB, or - for stdin.

    Example:

        corroborate check article.txt --json --db checks.db
    """
    settings = settings_from(assignments)
    if not web and not corpus_roots:
        raise click.UsageError("--no-web needs --corpus PATH: there would be nothing to search")
    loaded = load_article(article, encoding)
    display = progress_display(progress)
    result = check_article(
        loaded,
        db_path,
        config_path=config_path,
        since=since,
        until=until,
        settings=settings,
        on_progress=display,
        warc_dir=warc_dir,
        corpus=corpus_from(corpus_roots, corpus_until),
        web=web,
        workers=workers,
    )
    display.finish()
    emit_after_crawl(result, as_json)


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
    found = article_claims(load_article(article, encoding))
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
@run_option
@db_option
@json_option
@settings_option
@friendly_errors
def score(run_id: int | None, db_path: str, as_json: bool, assignments: tuple[str, ...]) -> None:
    """Re-score a stored run from the database, with no network.

    Example:

        corroborate score --run 3 --set min_evidence_score=60 --json
    """
    emit(score_run(db_path, run_id, settings_from(assignments)), as_json)


@cli.command()
@run_option
@db_option
@json_option
@progress_option
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
    display = progress_display(progress)
    result = resume_run(db_path, run_id, settings_from(assignments), on_progress=display)
    display.finish()
    emit_after_crawl(result, as_json)


@cli.command(name="settings")
def listsettings_from() -> None:
    """List the scoring settings that --set changes, with their defaults.

    Example:

        corroborate settings
    """
    for name, default, help_text in describe_settings():
        click.echo(f"{name} = {default}\n    {help_text}")


# Commands of further capabilities live in their own modules under corroborate/commands/ and
# are added here, one line each: cli.add_command(module.command).
cli.add_command(watch.watch)
cli.add_command(history.history)
cli.add_command(serve.serve)
cli.add_command(serve.metadata)
cli.add_command(demo.demo)
cli.add_command(rescore.rescore)
cli.add_command(ingest.ingest)
