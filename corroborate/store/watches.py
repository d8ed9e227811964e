"""Watches: an article re-checked on a schedule, kept in SQLite so a scheduler survives restarts.

Times are passed in by the caller (the scheduler's clock), never read here, so a test can move
time. A scheduler runs a watch's check only while it holds the watch's lease row, taken in a
``BEGIN IMMEDIATE`` transaction that re-reads the watch: two schedulers on one database never
both run one check, and a scheduler that died mid-check frees it when its lease expires.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlite_utils

from corroborate.errors import StorageError
from corroborate.store.connection import insert, transaction

ACTIVE, PAUSED, REMOVED = "active", "paused", "removed"


class NoSuchWatch(StorageError):
    """A watch id that is not in the database (or was removed)."""


@dataclass(frozen=True)
class Watch:
    watch_id: int
    article_id: int
    article_path: str
    config_path: str | None
    every_seconds: int
    until: str | None  # YYYY-MM-DD: no check is due after this day
    state: str
    next_due: str
    last_run_id: int | None


def stamp(moment: datetime) -> str:
    """The one spelling of a scheduler time: UTC ISO 8601 to the second, so strings compare."""
    return moment.isoformat(timespec="seconds")


_SELECT = """SELECT watches.id, article_id, article_path, config_path, every_seconds, until,
                    state, next_due, (SELECT max(run_id) FROM watch_runs
                                      WHERE watch_runs.watch_id = watches.id)
             FROM watches"""


class Watches:
    """The ``watches``, ``watch_leases`` and ``watch_runs`` tables."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    def add(
        self,
        article_id: int,
        article_path: str,
        config_path: str | None,
        every_seconds: int,
        until: str | None,
        first_due: datetime,
    ) -> int:
        return insert(
            self.db,
            "watches",
            {
                "article_id": article_id,
                "article_path": article_path,
                "config_path": config_path,
                "every_seconds": every_seconds,
                "until": until,
                "state": ACTIVE,
                "next_due": stamp(first_due),
                "created_at": stamp(first_due),
            },
        )

    def get(self, watch_id: int) -> Watch:
        row = self.db.execute(f"{_SELECT} WHERE watches.id = ?", [watch_id]).fetchone()
        if row is None or row[6] == REMOVED:
            raise NoSuchWatch(f"no watch {watch_id} (see: corroborate watch list)")
        return Watch(*row)

    def listed(self) -> list[Watch]:
        rows = self.db.execute(f"{_SELECT} WHERE state != ? ORDER BY watches.id", [REMOVED])
        return [Watch(*row) for row in rows.fetchall()]

    def set_state(self, watch_id: int, state: str) -> None:
        """Pause, resume or remove a watch; a removed watch keeps its runs for history."""
        self.get(watch_id)
        self.db.execute("UPDATE watches SET state = ? WHERE id = ?", [state, watch_id])

    def due(self, now: datetime) -> list[Watch]:
        """Active watches whose next check is due at ``now`` and not past their end day."""
        rows = self.db.execute(
            f"{_SELECT} WHERE state = ? AND next_due <= ? ORDER BY next_due, watches.id",
            [ACTIVE, stamp(now)],
        ).fetchall()
        return [watch for watch in (Watch(*row) for row in rows) if within_end(watch, now)]

    def take_lease(self, watch_id: int, owner: str, now: datetime, expires: datetime) -> bool:
        """Claim the watch's due check for ``owner``: False when it is no longer due or
        another live scheduler holds it. The write lock is taken before anything is read."""
        with transaction(self.db):
            row = self.db.execute(
                "SELECT state, next_due FROM watches WHERE id = ?", [watch_id]
            ).fetchone()
            if row is None or row[0] != ACTIVE or row[1] > stamp(now):
                return False
            lease = self.db.execute(
                "SELECT owner, expires_at FROM watch_leases WHERE watch_id = ?", [watch_id]
            ).fetchone()
            if lease is not None and lease[0] != owner and lease[1] > stamp(now):
                return False
            self.db.execute(
                "INSERT OR REPLACE INTO watch_leases (watch_id, owner, expires_at) "
                "VALUES (?, ?, ?)",
                [watch_id, owner, stamp(expires)],
            )
        return True

    def finish(self, watch_id: int, owner: str, next_due: datetime) -> None:
        """Set the next check and give the lease back, in one transaction."""
        with transaction(self.db):
            self.db.execute(
                "UPDATE watches SET next_due = ? WHERE id = ?", [stamp(next_due), watch_id]
            )
            self.db.execute(
                "DELETE FROM watch_leases WHERE watch_id = ? AND owner = ?", [watch_id, owner]
            )

    def record_run(self, watch_id: int, run_id: int, due_at: str) -> None:
        self.db.execute(
            "INSERT INTO watch_runs (run_id, watch_id, due_at) VALUES (?, ?, ?)",
            [run_id, watch_id, due_at],
        )

    def watch_of_run(self, run_id: int) -> int | None:
        row = self.db.execute(
            "SELECT watch_id FROM watch_runs WHERE run_id = ?", [run_id]
        ).fetchone()
        return row[0] if row else None

    def run_ids(self, watch_id: int) -> list[int]:
        rows = self.db.execute(
            "SELECT run_id FROM watch_runs WHERE watch_id = ? ORDER BY run_id", [watch_id]
        )
        return [row[0] for row in rows.fetchall()]


def within_end(watch: Watch, now: datetime) -> bool:
    return watch.until is None or now.date().isoformat() <= watch.until
