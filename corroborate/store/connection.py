"""Opening a corroborate database, and the one way every part of the store writes to it.

The CLI, the crawler (a subprocess) and Datasette may hold the same file at once: WAL lets
readers go on while one process writes, and a busy timeout makes a writer wait its turn rather
than fail. Every multi-statement write goes through ``transaction``: it commits on success,
rolls back on an exception, and nests as a savepoint, so a part's write can join a caller's.
"""

from __future__ import annotations

import contextlib
import itertools
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from corroborate.errors import StorageError

BUSY_TIMEOUT_MS = 30_000

_savepoint_numbers = itertools.count(1)


def connect(target: Path, create: bool) -> sqlite_utils.Database:
    """The database at ``target`` with our pragmas; sqlite3 errors reach the caller."""
    if target.is_dir():
        raise StorageError(f"database path is a directory: {target}")
    if not create and not target.exists():
        raise StorageError(f"database not found: {target} (try --db PATH)")
    connection = sqlite3.connect(target, timeout=BUSY_TIMEOUT_MS / 1000)
    connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return sqlite_utils.Database(connection)


def set_pragmas(db: sqlite_utils.Database) -> None:
    """WAL, so readers never block the writer, and our other pragmas: only on a file known to
    be ours (WAL is a lasting change to the file)."""
    db.enable_wal()
    # Under WAL, NORMAL never corrupts the database and survives a killed process; only an OS
    # crash or power loss can drop the last commits. It halves the fsyncs per page.
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute("PRAGMA foreign_keys = ON")


@contextlib.contextmanager
def transaction(db: sqlite_utils.Database) -> Iterator[None]:
    """All of the block's writes or none: commit when it ends, roll back when it raises.

    Inside an open transaction the block is a savepoint: its failure undoes only its own
    writes, and the outer transaction decides the rest. The write lock is taken at the start
    (``BEGIN IMMEDIATE``, waiting out other writers for the busy timeout), so what the block
    reads cannot change before it writes: a deferred transaction that read first failed at once
    with "database is locked" when another process had written meanwhile (the busy timeout
    does not apply to a stale read snapshot).

    A caller that must record a failure (say, settle a request as failed) catches the error
    inside the block, records it, and re-raises after the block, so the record is committed.
    """
    conn = db.conn
    if conn.in_transaction:
        name = f"corroborate_{next(_savepoint_numbers)}"
        conn.execute(f"SAVEPOINT {name}")
        try:
            yield
        except BaseException:
            if conn.in_transaction:  # an error may have ended the whole transaction already
                conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                conn.execute(f"RELEASE SAVEPOINT {name}")
            raise
        conn.execute(f"RELEASE SAVEPOINT {name}")
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
        conn.execute("COMMIT")
    except BaseException:
        db.rollback()  # a no-op when the error already ended the transaction
        raise


def insert(db: sqlite_utils.Database, table: str, record: dict) -> int:
    """Insert one row with a plain INSERT and return its rowid."""
    columns = ", ".join(record)
    marks = ", ".join("?" for _ in record)
    cursor = db.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(record.values()))
    assert cursor.lastrowid is not None  # an INSERT that returned always has a rowid
    return cursor.lastrowid


def now() -> str:
    """The timestamp every table stores: UTC, ISO 8601, to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")
