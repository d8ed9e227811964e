"""``corroborate rescore --from-warc FILE...``: a check re-done from its WARC archive."""

from __future__ import annotations

import click

from corroborate.api import rescore_from_warc
from corroborate.commands.common import (
    db_option,
    emit_after_crawl,
    friendly_errors,
    json_option,
    progress_display,
    progress_option,
    settings_from,
    settings_option,
)


@click.command()
@click.option(
    "--from-warc",
    "files",
    required=True,
    multiple=True,
    metavar="FILE",
    help="A WARC file (or folder of them) that check --warc wrote; repeatable.",
)
@click.argument("more", nargs=-1, metavar="[FILE]...")
@db_option
@json_option
@progress_option
@settings_option
@friendly_errors
def rescore(
    files: tuple[str, ...],
    more: tuple[str, ...],
    db_path: str,
    as_json: bool,
    progress: bool | None,
    assignments: tuple[str, ...],
) -> None:
    """Re-extract and re-score an archived check with no network: its article, date window
    and sources, every request answered from the WARC files, into a new run.

    Example:

        corroborate rescore --from-warc archive/run3-*.warc.gz --db replay.db
    """
    display = progress_display(progress)
    paths = [*files, *more]
    result = rescore_from_warc(paths, db_path, settings_from(assignments), on_progress=display)
    display.finish()
    emit_after_crawl(result, as_json)
