"""``corroborate serve`` and ``corroborate metadata``: browse the results with Datasette."""

from __future__ import annotations

import json
import os

import click

from corroborate.browse.serving import (
    DEFAULT_HOST,
    DEFAULT_PORT,
    ServeOptions,
    datasette_command,
    metadata_document,
    prepare_database,
)
from corroborate.commands.common import db_option, friendly_errors


@click.command()
@db_option
@click.option("--host", default=DEFAULT_HOST, show_default=True, help="Address to listen on.")
@click.option("--port", default=DEFAULT_PORT, show_default=True, help="Port to listen on.")
@click.option("--open", "open_browser", is_flag=True, help="Open the report in a browser.")
@click.option(
    "--allow-sql/--no-allow-sql",
    default=None,
    help="Offer the arbitrary-SQL box (default: only on a loopback address).",
)
@friendly_errors
def serve(db_path: str, host: str, port: int, open_browser: bool, allow_sql: bool | None) -> None:
    """Browse the checks in Datasette: report pages, tables, canned queries, read-only.

    Example:

        corroborate serve --db checks.db --port 8001 --open
    """
    command = datasette_command(ServeOptions(db_path, host, port, open_browser, allow_sql))
    prepare_database(db_path)
    # Datasette in place of this process: its signals, its exit status, nothing left behind.
    os.execv(command[0], command)


@click.command()
@db_option
@click.option("--name", help="Database name in the URLs (default: the file name's stem).")
@friendly_errors
def metadata(db_path: str, name: str | None) -> None:
    """Print the Datasette metadata (JSON) of a database, for `datasette -m`.

    Example:

        corroborate metadata --db checks.db > metadata.json
    """
    click.echo(json.dumps(metadata_document(db_path, name), indent=2))
