"""The plugin's hooks: metadata for corroborate databases, its routes, links from the plain
tables to the report pages. A database is ours when it has the ``browse_*`` views."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from datasette import hookimpl
from markupsafe import Markup

from corroborate.browse.metadata import database_metadata
from corroborate.browse.plugin import pages
from corroborate.browse.plugin.state import MARKER_VIEW, corroborate_databases, remember
from corroborate.browse.routes import (
    CLAIM_PATTERN,
    INDEX_PATTERN,
    RUN_PATTERN,
    claim_path,
    index_path,
    run_path,
)

if TYPE_CHECKING:  # Datasette loads this plugin while datasette.app is being imported
    from datasette.app import Datasette
    from datasette.database import Database


@hookimpl
def startup(datasette: Datasette) -> Any:
    async def inner() -> None:
        found = {}
        for name, database in datasette.databases.items():
            schema = await _schema(database)
            if MARKER_VIEW in schema:
                found[name] = database_metadata(name, schema)
        remember(datasette, found)

    return inner


async def _schema(database: Database) -> dict[str, list[str]]:
    names = await database.table_names() + await database.view_names()
    return {name: await database.table_columns(name) for name in names}


@hookimpl
def get_metadata(datasette: Datasette) -> dict[str, Any]:
    # A copy: Datasette merges the user's own metadata into what a plugin returns.
    return {"databases": copy.deepcopy(corroborate_databases(datasette))}


@hookimpl
def register_routes() -> list[tuple[str, Any]]:
    return [
        (INDEX_PATTERN, pages.index_page),
        (RUN_PATTERN, pages.run_page),
        (CLAIM_PATTERN, pages.claim_page),
    ]


@hookimpl
def render_cell(
    value: Any, column: str, table: str | None, database: str, datasette: Datasette
) -> Markup | None:
    """Run and claim ids in any table of a corroborate database link to the report."""
    if database not in corroborate_databases(datasette) or table is None:
        return None
    if isinstance(value, dict):  # a foreign key Datasette expanded to {"value", "label"}
        value = value.get("value")
    if not isinstance(value, int):
        return None
    if column == "run_id":
        href, label = run_path(database, value), f"report of run {value}"
    elif column == "claim_id":
        href, label = claim_path(database, value), f"claim {value} in its latest run"
    else:
        return None
    return Markup('{} <a class="corroborate-link" href="{}" title="{}">report</a>').format(
        value, datasette.urls.path(href), label
    )


@hookimpl
def menu_links(datasette: Datasette) -> list[dict[str, str]]:
    return [
        {"href": datasette.urls.path(index_path(name)), "label": f"Reports: {name}"}
        for name in corroborate_databases(datasette)
    ]


@hookimpl
def database_actions(datasette: Datasette, database: str) -> list[dict[str, str]]:
    if database not in corroborate_databases(datasette):
        return []
    return [{"href": datasette.urls.path(index_path(database)), "label": "Reports of checks"}]
