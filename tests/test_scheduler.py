"""The scheduler's logic on a real SQLite file with a fake clock: missed runs, restarts, leases,
two schedulers on one database. The check itself is injected here (the end-to-end test in
tests/test_watch_e2e.py runs real ones)."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

import pytest

from corroborate.api import add_watch
from corroborate.claims.article import read_article
from corroborate.errors import InputError
from corroborate.store import Store
from corroborate.store.watches import PAUSED, REMOVED, Watch
from corroborate.watch.intervals import next_due, parse_every, parse_until
from corroborate.watch.scheduler import Scheduler
from tests.conftest import REPO_ROOT

T0 = datetime(2026, 11, 4, 6, 0, tzinfo=UTC)
HOUR = 3600


class FakeClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


class RecordingCheck:
    """Stands in for a crawl: records which watch ran when, returns a made-up run id."""

    def __init__(self, clock: FakeClock, during=None) -> None:
        self.clock = clock
        self.calls: list[tuple[int, str, datetime]] = []
        self.during = during
        self.lock = threading.Lock()

    def __call__(self, watch: Watch, due_at: str) -> int:
        with self.lock:
            self.calls.append((watch.watch_id, due_at, self.clock()))
        if self.during is not None:
            self.during()
        return len(self.calls)


@pytest.fixture
def watch_db(tmp_path):
    db_path = tmp_path / "watch.db"
    article = read_article(str(REPO_ROOT / "tests" / "fixtures" / "article.txt"))
    watch_id = add_watch(article, db_path, every_seconds=HOUR, first_due=T0)
    return db_path, watch_id


def next_due_of(db_path, watch_id) -> str:
    store = Store.open(db_path)
    try:
        return store.watches.get(watch_id).next_due
    finally:
        store.close()


def scheduler(db_path, clock, check, owner="a") -> Scheduler:
    return Scheduler(db_path, check, clock=clock, owner=owner)


def test_a_due_watch_runs_once_and_the_next_check_is_one_interval_later(watch_db):
    db_path, watch_id = watch_db
    clock = FakeClock(T0 - timedelta(minutes=1))
    check = RecordingCheck(clock)
    assert scheduler(db_path, clock, check).run_due() == []  # not due yet
    clock.advance(minutes=1)
    assert scheduler(db_path, clock, check).run_due() == [1]
    assert scheduler(db_path, clock, check).run_due() == []  # ran already
    assert next_due_of(db_path, watch_id) == (T0 + timedelta(hours=1)).isoformat()
    assert [call[1] for call in check.calls] == [T0.isoformat()]


def test_checks_missed_while_no_scheduler_ran_run_once_not_once_each(watch_db):
    db_path, watch_id = watch_db
    clock = FakeClock(T0 + timedelta(hours=5, minutes=30))  # five slots missed
    check = RecordingCheck(clock)
    scheduler(db_path, clock, check).run_due()
    scheduler(db_path, clock, check).run_due()
    assert len(check.calls) == 1
    # The cadence holds: the next slot after now, not now + 1 h.
    assert next_due_of(db_path, watch_id) == (T0 + timedelta(hours=6)).isoformat()


def test_a_restarted_scheduler_keeps_the_schedule_from_the_database(watch_db):
    db_path, _ = watch_db
    clock = FakeClock(T0)
    check = RecordingCheck(clock)
    scheduler(db_path, clock, check, owner="first").run_due()
    clock.advance(minutes=30)  # the first scheduler is gone; a new process starts
    restarted = scheduler(db_path, clock, check, owner="second")
    assert restarted.run_due() == []
    clock.advance(minutes=30)
    assert restarted.run_due() == [2]


def test_a_scheduler_that_died_mid_check_blocks_the_watch_only_until_its_lease_expires(
    watch_db,
):
    db_path, watch_id = watch_db
    store = Store.open(db_path)
    try:
        assert store.watches.take_lease(watch_id, "dead", T0, T0 + timedelta(hours=2))
    finally:
        store.close()
    clock = FakeClock(T0 + timedelta(minutes=1))
    check = RecordingCheck(clock)
    assert scheduler(db_path, clock, check).run_due() == []
    clock.now = T0 + timedelta(hours=2, seconds=1)
    assert scheduler(db_path, clock, check).run_due() == [1]
    assert len(check.calls) == 1


def test_a_second_scheduler_does_not_run_a_check_the_first_is_running(watch_db):
    db_path, _ = watch_db
    clock = FakeClock(T0)
    second_ran: list[list[int]] = []
    other = RecordingCheck(clock)
    second = scheduler(db_path, clock, other, owner="b")
    first_check = RecordingCheck(clock, during=lambda: second_ran.append(second.run_due()))
    scheduler(db_path, clock, first_check, owner="a").run_due()
    assert len(first_check.calls) == 1
    assert second_ran == [[]] and other.calls == []


def test_many_schedulers_at_once_run_one_check(watch_db):
    db_path, _ = watch_db
    clock = FakeClock(T0)
    # A check that takes a while, so every scheduler reads the watch as due before the first
    # one finishes: only the lease keeps them from all running it.
    check = RecordingCheck(clock, during=lambda: time.sleep(0.5))
    start = threading.Barrier(6)
    errors: list[BaseException] = []

    def run(owner: str) -> None:
        try:
            start.wait()
            scheduler(db_path, clock, check, owner=owner).run_due()
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=run, args=(f"s{n}",)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(check.calls) == 1


def test_paused_watches_wait_and_a_resumed_one_runs_its_missed_check_once(watch_db):
    db_path, watch_id = watch_db
    store = Store.open(db_path)
    store.watches.set_state(watch_id, PAUSED)
    clock = FakeClock(T0 + timedelta(hours=3))
    check = RecordingCheck(clock)
    assert scheduler(db_path, clock, check).run_due() == []
    store.watches.set_state(watch_id, "active")
    store.close()
    assert scheduler(db_path, clock, check).run_due() == [1]
    assert scheduler(db_path, clock, check).run_due() == []


def test_removed_and_expired_watches_never_run(tmp_path, watch_db):
    db_path, watch_id = watch_db
    article = read_article(str(REPO_ROOT / "tests" / "fixtures" / "article.txt"))
    ending = add_watch(article, db_path, every_seconds=HOUR, until="2026-11-04", first_due=T0)
    store = Store.open(db_path)
    store.watches.set_state(watch_id, REMOVED)
    store.close()
    clock = FakeClock(T0 + timedelta(days=1))
    check = RecordingCheck(clock)
    assert scheduler(db_path, clock, check).run_due() == []
    clock.now = T0
    scheduler(db_path, clock, check).run_due()
    assert [call[0] for call in check.calls] == [ending]


def test_intervals_and_dates_are_read_strictly():
    assert parse_every("6h") == 6 * HOUR
    assert parse_every("1h30m") == 90 * 60
    assert parse_every("2s") == 2
    for bad in ("6", "h", "6 hours", "0m", "-1h", "6h!"):
        with pytest.raises(InputError):
            parse_every(bad)
    assert parse_until("2026-12-31") == "2026-12-31"
    with pytest.raises(InputError):
        parse_until("31/12/2026")
    assert next_due(T0, HOUR, T0 + timedelta(seconds=5)) == T0 + timedelta(hours=1)
    assert next_due(T0, HOUR, T0 + timedelta(hours=2)) == T0 + timedelta(hours=3)


def test_watch_commands_give_one_line_errors(tmp_path):
    from tests.conftest import run_cli

    db_path = tmp_path / "cli.db"
    article = str(REPO_ROOT / "tests" / "fixtures" / "article.txt")
    bad = run_cli("watch", "add", article, "--every", "often", "--db", str(db_path))
    assert bad.returncode == 1 and "--every must look like" in bad.stderr
    assert "Traceback" not in bad.stderr and not db_path.exists()
    added = run_cli("watch", "add", article, "--every", "6h", "--db", str(db_path))
    assert added.returncode == 0, added.stderr
    for command in ("pause", "resume", "remove"):
        missing = run_cli("watch", command, "7", "--db", str(db_path))
        assert missing.returncode == 1 and "no watch 7" in missing.stderr
    assert run_cli("watch", "pause", "1", "--db", str(db_path)).returncode == 0
    listed = run_cli("watch", "list", "--db", str(db_path))
    assert "paused" in listed.stdout and "every 6h" in listed.stdout
    never = run_cli("history", article, "--db", str(db_path))
    assert never.returncode == 1 and "no scored run" in never.stderr
    both = run_cli("history", article, "--watch", "1", "--db", str(db_path))
    assert both.returncode == 2 and "one of them" in both.stderr
