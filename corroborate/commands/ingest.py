"""``corroborate ingest``: store what the fetch workers sent back for a run, e.g. after the
check that queued it was interrupted (then ``corroborate score`` scores it)."""

from __future__ import annotations

import click

from corroborate.api import ingest_run
from corroborate.commands.common import db_option, friendly_errors


@click.command()
@click.option(
    "--workers",
    metavar="REDIS_URL",
    required=True,
    help="The Redis the check queued its articles on (redis://host:port/db).",
)
@click.option("--run", "run_id", type=int, help="Run whose results to store (default: latest).")
@click.option("--wait", is_flag=True, help="Wait until every article of the run is settled.")
@db_option
@friendly_errors
def ingest(workers: str, run_id: int | None, wait: bool, db_path: str) -> None:
    """Drain the fetch workers' results of a run into the database, one page per transaction.

    Example:

        corroborate ingest --workers redis://127.0.0.1:6379/0 --run 3 --wait
    """
    stored = ingest_run(db_path, workers, run_id=run_id, wait=wait)
    click.echo(f"stored {stored} pages and failures")
