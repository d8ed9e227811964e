"""The report pages: an index of checks, a run's report, a claim's stable page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from datasette.utils.asgi import NotFound, Request, Response

from corroborate.browse import report
from corroborate.browse.plugin.state import corroborate_databases
from corroborate.browse.routes import claim_path, index_path, run_path

if TYPE_CHECKING:
    from datasette.app import Datasette

PLUGIN = "corroborate"  # the distribution name, under which Datasette serves static/


async def index_page(datasette: Datasette, request: Request) -> Response:
    name, query = await _open(datasette, request)
    runs = await query("SELECT * FROM browse_runs ORDER BY run_id DESC", [])
    return await _render(datasette, request, "corroborate_index.html", name, {"runs": runs})


async def run_page(datasette: Datasette, request: Request) -> Response:
    name, query = await _open(datasette, request)
    run_id = int(request.url_vars["run_id"])
    page = await report.read_run(query, run_id)
    if page is None:
        raise NotFound(f"No run {run_id}")
    return await _render(datasette, request, "corroborate_run.html", name, {"page": page})


async def claim_page(datasette: Datasette, request: Request) -> Response:
    """A claim's stable URL: the claim in its latest run (or ``?run=``), with its history."""
    name, query = await _open(datasette, request)
    claim_id = int(request.url_vars["claim_id"])
    asked = request.args.get("run")
    run_id = int(asked) if asked and asked.isdigit() else None
    run_id = run_id or await report.latest_run_of_claim(query, claim_id)
    page = await report.read_run(query, run_id) if run_id else None
    sections = [item for item in page.claims if item.claim["claim_id"] == claim_id] if page else []
    if page is None or not sections:
        raise NotFound(f"No claim {claim_id}")
    context = {"page": page, "section": sections[0]}
    return await _render(datasette, request, "corroborate_claim.html", name, context)


async def _open(datasette: Datasette, request: Request) -> tuple[str, report.Query]:
    """The database named in the URL, if it is a corroborate database the actor may view."""
    name = unquote(request.url_vars["database"])  # as routes.py quotes it
    if name not in corroborate_databases(datasette):
        raise NotFound(f"No corroborate database {name}")
    await datasette.ensure_permissions(request.actor, [("view-database", name), "view-instance"])
    database = datasette.get_database(name)

    async def query(sql: str, params: Sequence[Any]) -> list[report.Row]:
        results = await database.execute(sql, list(params))
        return [dict(row) for row in results.rows]

    return name, query


async def _render(
    datasette: Datasette, request: Request, template: str, name: str, context: dict[str, Any]
) -> Response:
    paths = {
        "database_path": datasette.urls.database(name),
        "index_path": datasette.urls.path(index_path(name)),
        "run_path": lambda run_id: datasette.urls.path(run_path(name, run_id)),
        "claim_path": lambda claim_id: datasette.urls.path(claim_path(name, claim_id)),
        "css_url": datasette.urls.static_plugins(PLUGIN, "report.css"),
    }
    html = await datasette.render_template(
        template, {"database": name, **paths, **context}, request=request
    )
    return Response.html(html)
