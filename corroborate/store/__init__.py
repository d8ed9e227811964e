"""SQLite storage: the hand-off between the CLI, the crawler and scoring."""

from corroborate.store.coverage import SourceStats
from corroborate.store.frontier import FrontierEntry
from corroborate.store.runs import RunInfo, StoredQuery
from corroborate.store.store import DB_ENV_VAR, DEFAULT_DB_PATH, Store, default_db_path

__all__ = [
    "DB_ENV_VAR",
    "DEFAULT_DB_PATH",
    "FrontierEntry",
    "RunInfo",
    "SourceStats",
    "Store",
    "StoredQuery",
    "default_db_path",
]
