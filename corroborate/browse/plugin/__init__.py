"""The Datasette plugin, loaded through the ``datasette`` entry point: so its ``templates/``
and ``static/`` folders are the plugin's, and ``datasette corroborate.db`` shows the same
pages as ``corroborate serve``."""

from corroborate.browse.plugin.hooks import (
    database_actions,
    get_metadata,
    menu_links,
    register_routes,
    render_cell,
    startup,
)

__all__ = [
    "database_actions",
    "get_metadata",
    "menu_links",
    "register_routes",
    "render_cell",
    "startup",
]
