"""``corroborate demo``: a first run with no network, in well under a minute."""

from __future__ import annotations

import shlex

import click

from corroborate.commands.common import (
    emit_after_crawl,
    friendly_errors,
    json_option,
    progress_display,
    progress_option,
    settings_from,
    settings_option,
)
from corroborate.demo.run import DEMO_ARTICLE, run_demo

DEMO_DB = "corroborate-demo.db"


@click.command()
@click.option(
    "--db", "db_path", default=DEMO_DB, show_default=True, help="SQLite database for the run."
)
@json_option
@progress_option
@settings_option
@friendly_errors
def demo(db_path: str, as_json: bool, progress: bool | None, assignments: tuple[str, ...]) -> None:
    """Check a demo article against a small fictional web served on 127.0.0.1: the whole
    pipeline, for real, with no network (feeds, a sitemap, search stand-ins, a wire story,
    a contradicted figure, a wrong date, an invented quote).

    Example:

        corroborate demo
    """
    display = progress_display(progress)
    click.echo(f"Checking {DEMO_ARTICLE.name} against the demo web on 127.0.0.1...", err=True)
    result = run_demo(db_path, settings_from(assignments), on_progress=display)
    display.finish()
    emit_after_crawl(result, as_json)
    if not as_json:
        click.echo(f"Browse the run: corroborate serve --db {shlex.quote(db_path)} --open")
