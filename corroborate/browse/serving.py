"""How ``corroborate serve`` runs Datasette: the database brought up to date, then Datasette's
own CLI in place of this process (the core opens no socket itself), read-only and on loopback
unless told otherwise.

Datasette 0.65 has no write endpoints; it reads a mutable database through ``mode=ro``
connections, so a check running meanwhile shows up on the next page load.
"""

from __future__ import annotations

import ipaddress
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from corroborate.browse.metadata import instance_metadata
from corroborate.errors import CorroborateError
from corroborate.store import Store

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8001
# A query that runs longer is stopped: the arbitrary-SQL box must not hang the server.
SQL_TIME_LIMIT_MS = 3000


@dataclass(frozen=True)
class ServeOptions:
    db_path: str
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    open_browser: bool = False
    allow_sql: bool | None = None  # None: on loopback only


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def prepare_database(db_path: str) -> None:
    """Migrate (the browse views) and bring the full-text index up to date, so search finds
    every stored sentence; an error if the database does not exist."""
    store = Store.open(db_path, create=False)
    try:
        store.search_index.index_new_sentences()
    finally:
        store.close()


def datasette_command(options: ServeOptions) -> list[str]:
    """The ``datasette serve`` command line for these options."""
    if not 0 <= options.port <= 65535:
        raise CorroborateError(f"port {options.port} is out of range (0-65535)")
    loopback = is_loopback(options.host)
    allow_sql = loopback if options.allow_sql is None else options.allow_sql
    command = [
        sys.executable,
        "-m",
        "datasette",
        "serve",
        str(Path(options.db_path)),
        "--host",
        options.host,
        "--port",
        str(options.port),
        "--setting",
        "sql_time_limit_ms",
        str(SQL_TIME_LIMIT_MS),
        "--setting",
        "default_allow_sql",
        "on" if allow_sql else "off",
        "--setting",
        "allow_download",
        "on" if loopback else "off",
    ]
    return command + (["--open"] if options.open_browser else [])


def database_schema(db_path: str) -> dict[str, list[str]]:
    """Tables and views of a (migrated) database, with their columns."""
    store = Store.open(db_path, create=False)
    try:
        names = store.db.table_names() + store.db.view_names()
        return {name: [column.name for column in store.db[name].columns] for name in names}
    finally:
        store.close()


def metadata_document(db_path: str, name: str | None = None) -> dict[str, Any]:
    """The metadata the plugin serves, for a database Datasette names ``name`` (by default
    the file's stem, as Datasette names it)."""
    return instance_metadata(name or Path(db_path).stem, database_schema(db_path))
