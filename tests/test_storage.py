"""Storage on a real SQLite file: migrations, runs, page de-duplication, ledger, verdicts."""

import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from corroborate.errors import NoSuchRun, StorageError
from corroborate.models import (
    Article,
    Claim,
    ClaimVerdict,
    CleanedPage,
    Evidence,
    KeyTerms,
    Query,
)
from corroborate.store import Store
from corroborate.store.migrations import LEGACY_TABLE, migrations

ARTICLE = Article(path="a.txt", text="Twelve people died when the Oster dam failed on Tuesday.")
CLAIMS = [
    Claim(
        1,
        "Twelve people died when the Oster dam failed.",
        KeyTerms(entities=("Oster",), numbers=("Twelve",)),
    ),
    Claim(2, "The dam failed on Tuesday.", KeyTerms(dates=("Tuesday",))),
]
QUERIES = [Query(1, "gdelt", '"Oster dam"'), Query(2, "gdelt", "(dam OR reservoir) Oster")]


def page(path: str, url: str | None = None) -> CleanedPage:
    return CleanedPage(
        url=url or f"http://127.0.0.1:9/{path}",
        canonical_url=f"https://news.example/{path}",
        outlet="news.example",
        text="Twelve died. The Oster dam failed.",
        title="Dam fails",
    )


@pytest.fixture
def store(tmp_path: Path):
    opened = Store.open(tmp_path / "c.db")
    yield opened
    opened.close()


def test_open_applies_every_migration_once_and_uses_wal(tmp_path: Path):
    path = tmp_path / "c.db"
    Store.open(path).close()
    again = Store.open(path)
    names = [row[0] for row in again.db.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
    assert names == [migration.name for migration in migrations.pending(Database(memory=True))]
    assert again.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    again.close()


def test_open_refuses_a_directory_and_a_non_database(tmp_path: Path):
    with pytest.raises(StorageError, match="directory"):
        Store.open(tmp_path)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StorageError, match="cannot use database"):
        Store.open(junk)


def test_run_round_trips_claims_and_queries(store: Store):
    run_id = store.runs.start_run(ARTICLE, CLAIMS, QUERIES, article_fingerprint=42)
    assert store.runs.claims_for_run(run_id) == CLAIMS
    assert [(q.claim_position, q.text) for q in store.runs.queries_for_run(run_id, "gdelt")] == [
        (1, '"Oster dam"'),
        (2, "(dam OR reservoir) Oster"),
    ]
    assert store.runs.queries_for_run(run_id, "feeds") == []
    assert store.runs.run_info(run_id).article_fingerprint == 42


def test_rerun_of_the_same_article_reuses_article_claims_and_pages(store: Store):
    first = store.runs.start_run(ARTICLE, CLAIMS, QUERIES)
    page_id = store.crawl.save_page(
        first,
        page("a"),
        "gdelt",
        ["Twelve died.", "The Oster dam failed."],
        7,
        "http://127.0.0.1:9/a",
    )
    second = store.runs.start_run(ARTICLE, CLAIMS, QUERIES)
    assert second == first + 1
    again = store.crawl.save_page(
        second,
        page("a", url="http://127.0.0.1:9/amp/a"),
        "feeds",
        ["Twelve died."],
        7,
        "http://127.0.0.1:9/amp/a",
    )
    assert again == page_id
    counts = {
        table: store.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in ("articles", "claims", "pages", "sentences")
    }
    assert counts == {"articles": 1, "claims": 2, "pages": 1, "sentences": 2}
    assert store.crawl.page_id_for_url("http://127.0.0.1:9/amp/a") == page_id
    assert [s.page_id for s in store.scoring.candidate_sentences(second)] == [page_id, page_id]


def test_sentences_are_searchable_with_fts_once_indexed(store: Store):
    run_id = store.runs.start_run(ARTICLE, CLAIMS, QUERIES)
    store.crawl.save_page(
        run_id, page("a"), "gdelt", ["Twelve died.", "The Oster dam failed."], 7, "u"
    )
    search = "SELECT text FROM sentences_fts WHERE sentences_fts MATCH 'failing'"
    assert store.db.execute(search).fetchall() == []  # saving a page does not index it
    assert store.search_index.index_new_sentences() == 2
    assert store.db.execute(search).fetchall() == [("The Oster dam failed.",)]


def test_source_stats_separate_failures_from_empty_answers(store: Store):
    run_id = store.runs.start_run(ARTICLE, CLAIMS, QUERIES)
    store.crawl.record_source_request(run_id, "gdelt", "q1", "failed", error="HTTP 429")
    store.crawl.record_source_request(run_id, "gdelt", "q2", "empty")
    store.crawl.record_source_request(run_id, "feeds", "f1", "ok", results=4)
    store.crawl.record_fetch_failure(run_id, "feeds", "http://x.example/a", "HTTP 500")
    stats = {s.name: s for s in store.coverage.source_stats(run_id)}
    assert (stats["gdelt"].requests, stats["gdelt"].failures, stats["gdelt"].errors) == (
        2,
        1,
        ("HTTP 429",),
    )
    assert (stats["feeds"].failures, stats["feeds"].pages_failed) == (0, 1)


def test_saving_verdicts_twice_does_not_duplicate_evidence(store: Store):
    run_id = store.runs.start_run(ARTICLE, CLAIMS, QUERIES)
    page_id = store.crawl.save_page(run_id, page("a"), "gdelt", ["Twelve died."], 7, "u")
    sentence_id = store.scoring.candidate_sentences(run_id)[0].sentence_id
    evidence = Evidence(
        1,
        sentence_id,
        page_id,
        "https://news.example/a",
        "news.example",
        "Twelve died.",
        88.0,
        0.5,
        ("Twelve",),
        ("Oster",),
    )
    verdict = ClaimVerdict(1, 40, "single-source", 1, 1, (evidence,), "1 outlet")
    for _ in range(2):
        store.scoring.save_verdicts(run_id, [verdict])
    rows = store.db.execute("SELECT count(*) FROM evidence").fetchone()[0]
    report = list(store.db.query("SELECT outlet, sentence, url FROM evidence_report"))
    assert rows == 1
    assert report == [
        {"outlet": "news.example", "sentence": "Twelve died.", "url": "https://news.example/a"}
    ]
    assert list(store.db.query("SELECT verdict FROM claim_report")) == [
        {"verdict": "single-source"}
    ]


def test_unknown_run_is_a_clear_error(store: Store):
    with pytest.raises(NoSuchRun):
        store.runs.run_info(99)
    with pytest.raises(NoSuchRun):
        store.runs.latest_run_id()


def test_a_failed_page_write_leaves_nothing_half_written(store: Store):
    run_id = store.runs.start_run(ARTICLE, CLAIMS, QUERIES)
    with pytest.raises(sqlite3.IntegrityError):
        store.crawl.save_page(run_id, page("a"), "gdelt", ["ok", None], 7, "u")  # type: ignore[list-item]
    assert store.db.execute("SELECT count(*) FROM pages").fetchone()[0] == 0
    assert store.db.execute("SELECT count(*) FROM page_urls").fetchone()[0] == 0


def count(store: Store, table: str) -> int:
    return store.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_a_transaction_commits_on_success_and_rolls_back_on_an_exception(store: Store):
    run_id = store.runs.start_run(ARTICLE, CLAIMS, QUERIES)
    with pytest.raises(RuntimeError), store.transaction():
        store.crawl.record_source_request(run_id, "gdelt", "q1", "ok")
        raise RuntimeError("the block failed")
    assert count(store, "source_requests") == 0
    with store.transaction():
        store.crawl.record_source_request(run_id, "gdelt", "q2", "ok")
    assert not store.db.conn.in_transaction
    assert count(store, "source_requests") == 1


def test_a_nested_failure_undoes_only_its_own_writes(store: Store):
    """The caller's pattern for a failure that must be recorded: catch it inside the block,
    record it, re-raise after; a part's failed write inside the block is undone alone."""
    run_id = store.runs.start_run(ARTICLE, CLAIMS, QUERIES)
    with store.transaction():
        store.crawl.record_source_request(run_id, "gdelt", "q1", "ok")
        with pytest.raises(sqlite3.IntegrityError):
            store.crawl.save_page(run_id, page("a"), "gdelt", ["ok", None], 7, "u")  # type: ignore[list-item]
        store.crawl.record_fetch_failure(run_id, "gdelt", "u", "could not store")
    assert [row[0] for row in store.db.execute("SELECT url FROM source_requests")] == ["q1"]
    assert (count(store, "pages"), count(store, "sentences"), count(store, "fetch_failures")) == (
        0,
        0,
        1,
    )


def test_an_immediate_transaction_holds_the_write_lock_from_its_start(store: Store, tmp_path: Path):
    other = sqlite3.connect(tmp_path / "c.db", timeout=0, isolation_level=None)
    with store.transaction(), pytest.raises(sqlite3.OperationalError, match="locked"):
        other.execute("BEGIN IMMEDIATE")
    other.execute("BEGIN IMMEDIATE")
    other.execute("ROLLBACK")
    other.close()


def old_runner_database(path: Path, applied: list) -> Database:
    """A database as the migration runner before sqlite-utils' ``Migrations`` left it: the
    migrations applied one by one, each recorded by function name in ``_migrations``."""
    db = Database(sqlite3.connect(path))
    db.execute(f"CREATE TABLE {LEGACY_TABLE} (name TEXT PRIMARY KEY, applied_at TEXT)")
    for day, migration in enumerate(applied, start=1):
        with db.atomic():
            migration(db)
            db.execute(
                f"INSERT INTO {LEGACY_TABLE} (name, applied_at) VALUES (?, ?)",
                [migration.__name__, f"2026-11-0{day}T00:00:00+00:00"],
            )
    return db


def test_a_database_of_the_old_runner_opens_with_nothing_applied_again(tmp_path: Path):
    path = tmp_path / "old.db"
    every = [migration.fn for migration in migrations.pending(Database(memory=True))]
    old = Store(old_runner_database(path, every))
    run_id = old.runs.start_run(ARTICLE, CLAIMS, QUERIES)
    page_id = old.crawl.save_page(run_id, page("a"), "gdelt", ["Twelve died."], 7, "u")
    recorded = old.db.execute(f"SELECT name, applied_at FROM {LEGACY_TABLE}").fetchall()
    old.close()

    store = Store.open(path)  # re-applying m001 would fail: its tables exist
    assert not store.db[LEGACY_TABLE].exists()
    assert (
        store.db.execute(
            "SELECT name, applied_at FROM _sqlite_migrations WHERE migration_set = 'corroborate' "
            "ORDER BY id"
        ).fetchall()
        == recorded
    )
    assert migrations.pending(store.db) == []
    assert store.runs.claims_for_run(run_id) == CLAIMS
    assert store.crawl.page_id_for_url("u") == page_id
    store.close()
    Store.open(path).close()  # and opens again as a database of the new runner


def test_a_database_the_old_runner_left_behind_gets_only_the_newer_migrations(tmp_path: Path):
    path = tmp_path / "old.db"
    every = [migration.fn for migration in migrations.pending(Database(memory=True))]
    old_runner_database(path, every[:4]).close()
    store = Store.open(path)
    names = [row[0] for row in store.db.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
    assert names == [migration.__name__ for migration in every]
    assert store.db.execute("SELECT indexed_through FROM fts_progress").fetchone()[0] == 0
    store.close()
