"""Which process is crawling a run: one crawl per run at a time.

Two crawls of one run (``resume`` while its ``check`` still crawls) fetched every URL twice and
settled each other's requests. The crawler claims the run's lease before it starts and gives it
back when it ends; a lease whose process has died (killed, machine rebooted) is taken over.
"""

from __future__ import annotations

import os
import platform

import sqlite_utils

from corroborate.errors import CorroborateError
from corroborate.store.connection import now, transaction


class CrawlBusy(CorroborateError):
    """Another live process is crawling this run."""


class CrawlLeases:
    """The ``crawl_leases`` table: run id -> the process crawling it."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    def claim(self, run_id: int, pid: int | None = None) -> None:
        """Take the run's lease for ``pid`` (default: this process); ``CrawlBusy`` when a live
        process holds it."""
        with transaction(self.db):
            self.refuse_if_busy(run_id)
            self.db.execute(
                "INSERT OR REPLACE INTO crawl_leases (run_id, pid, node, started_at) "
                "VALUES (?, ?, ?, ?)",
                [run_id, pid or os.getpid(), platform.node(), now()],
            )

    def release(self, run_id: int, pid: int | None = None) -> None:
        with transaction(self.db):
            self.db.execute(
                "DELETE FROM crawl_leases WHERE run_id = ? AND pid = ? AND node = ?",
                [run_id, pid or os.getpid(), platform.node()],
            )

    def refuse_if_busy(self, run_id: int) -> None:
        """``CrawlBusy`` when a live process other than this one crawls the run."""
        row = self.db.execute(
            "SELECT pid, node, started_at FROM crawl_leases WHERE run_id = ?", [run_id]
        ).fetchone()
        if row is None:
            return
        pid, node, started = row
        if node != platform.node() or (pid != os.getpid() and _alive(pid)):
            raise CrawlBusy(
                f"run {run_id} is being crawled by process {pid} on {node} since {started}; "
                f"wait for it to end, then: corroborate resume --run {run_id}"
            )


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # a process of another user has that id
    return True
