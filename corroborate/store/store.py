"""SQLite storage: the hand-off between the CLI, the crawler and scoring.

``Store`` is the one object callers open; it is a facade over one part per caller, each the
only module that knows its tables: ``runs`` (what the CLI writes before a crawl and everyone
reads), ``frontier`` and ``crawl`` (what the crawler writes), ``search_index``, ``scoring`` and
``coverage`` (what scoring reads and writes), ``watches`` and ``history`` (re-checks).
A stored run can be re-scored with no network.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from pathlib import Path

import sqlite_utils

from corroborate.errors import StorageError
from corroborate.store.connection import connect, set_pragmas, transaction
from corroborate.store.corpus import CorpusIndex
from corroborate.store.coverage import Coverage
from corroborate.store.crawl import CrawlLog
from corroborate.store.frontier import FrontierTable
from corroborate.store.history import History
from corroborate.store.leases import CrawlLeases
from corroborate.store.migrations import migrate, refuse_foreign
from corroborate.store.runs import Runs
from corroborate.store.scoring import Scoring
from corroborate.store.search_index import SearchIndex
from corroborate.store.watches import Watches

DB_ENV_VAR = "CORROBORATE_DB"
OPEN_RETRY_PAUSES = (0.05, 0.1, 0.2, 0.4, 0.8, 1.6, 3.2)  # seconds, then the error stands
DEFAULT_DB_PATH = "corroborate.db"


def default_db_path() -> str:
    return os.environ.get(DB_ENV_VAR) or DEFAULT_DB_PATH


class Store:
    """A corroborate database: open it with ``Store.open(path)``, then use its parts."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db
        self.runs = Runs(db)
        self.frontier = FrontierTable(db)
        self.crawl = CrawlLog(db, self.frontier)
        self.search_index = SearchIndex(db)
        self.scoring = Scoring(db, self.runs)
        self.coverage = Coverage(db)
        self.watches = Watches(db)
        self.history = History(db)
        self.corpus = CorpusIndex(db)
        self.leases = CrawlLeases(db)

    @classmethod
    def open(cls, path: str | Path, create: bool = True) -> Store:
        """Open (creating and migrating if needed) a database; WAL so readers never block.

        Switching a new file to WAL needs it to itself, and SQLite answers "database is locked"
        at once, without waiting, when another process opening the same new file holds it:
        such an open is tried again after a short pause.
        """
        target = Path(path)
        for pause in (*OPEN_RETRY_PAUSES, None):
            db = None
            try:
                db = connect(target, create)
                refuse_foreign(db)  # before WAL: another application's file is left as it was
                set_pragmas(db)
                migrate(db)
                return cls(db)
            except sqlite3.DatabaseError as error:
                if db is not None:
                    db.close()
                if pause is None or "locked" not in str(error):
                    raise StorageError(f"cannot use database {target}: {error}") from None
                time.sleep(pause)
        raise AssertionError("unreachable: the last pause is None")

    def close(self) -> None:
        self.db.close()

    def transaction(self) -> contextlib.AbstractContextManager[None]:
        """Group writes of several parts: committed when the block ends, rolled back when it
        raises, a savepoint inside another (see ``connection.transaction``)."""
        return transaction(self.db)
