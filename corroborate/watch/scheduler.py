"""The scheduler: runs each watch's check when it is due, from schedules kept in SQLite.

Everything it knows lives in the database, so it survives restarts, and several schedulers
may share one database: each check runs only under its watch's lease (``store.watches``). The
clock and the check are injected: tests move a fake clock, the CLI passes the real ones.
"""

from __future__ import annotations

import logging
import os
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from corroborate.errors import CorroborateError
from corroborate.store import Store
from corroborate.store.watches import Watch
from corroborate.watch.intervals import next_due

logger = logging.getLogger(__name__)

Clock = Callable[[], datetime]
# Runs one check of a watch (due at the given time) and returns its run id.
Check = Callable[[Watch, str], int]
# Called with the watch and the run its check made, once the lease is given back.
AfterCheck = Callable[[Watch, int], None]

DEFAULT_LEASE = timedelta(hours=6)  # a scheduler that died mid-check frees its watch then
MAX_SLEEP = 60.0  # seconds: watches added or resumed meanwhile are seen this soon


def utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def default_owner() -> str:
    """Tells schedulers apart in ``watch_leases``: process id plus a random part."""
    return f"pid{os.getpid()}-{uuid.uuid4().hex[:8]}"


@dataclass
class Scheduler:
    db_path: str | Path
    check: Check
    after_check: AfterCheck = lambda watch, run_id: None
    clock: Clock = utc_now
    owner: str = field(default_factory=default_owner)
    lease: timedelta = DEFAULT_LEASE
    on_error: Callable[[Watch, Exception], None] = lambda watch, error: None

    def run_due(self) -> list[int]:
        """Run every check due now that no other scheduler holds; return their run ids."""
        store = Store.open(self.db_path)
        try:
            return [
                run_id
                for watch in store.watches.due(self.clock())
                if (run_id := self._run_one(store, watch)) is not None
            ]
        finally:
            store.close()

    def _run_one(self, store: Store, watch: Watch) -> int | None:
        now = self.clock()
        if not store.watches.take_lease(watch.watch_id, self.owner, now, now + self.lease):
            return None
        run_id = None
        try:
            run_id = self.check(watch, watch.next_due)
        except CorroborateError as error:
            logger.warning("watch %s: check failed: %s", watch.watch_id, error)
            self.on_error(watch, error)
        finally:
            due = datetime.fromisoformat(watch.next_due)
            store.watches.finish(
                watch.watch_id, self.owner, next_due(due, watch.every_seconds, self.clock())
            )
        if run_id is not None:
            self.after_check(watch, run_id)
        return run_id

    def seconds_to_next(self) -> float:
        """How long until the earliest active watch is due (0 when one is due now)."""
        store = Store.open(self.db_path)
        try:
            dues = [
                datetime.fromisoformat(watch.next_due)
                for watch in store.watches.listed()
                if watch.state == "active"
            ]
        finally:
            store.close()
        if not dues:
            return MAX_SLEEP
        return max(0.0, min(MAX_SLEEP, (min(dues) - self.clock()).total_seconds()))

    def serve(
        self,
        keep_going: Callable[[], bool] = lambda: True,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        """Run due checks, sleep until the next is due, repeat while ``keep_going()``."""
        while True:
            self.run_due()
            if not keep_going():
                return
            sleep(max(0.2, self.seconds_to_next()))
