"""The full-text index is filled in bulk when scoring needs it, not as each page is stored.

Checked on real SQLite files: what the index holds is compared with the sentences table by
FTS5's integrity-check with rank 1. The plain integrity-check of an external-content table does
not look at the content table (SQLite 3.40 passes it with rows missing, doubled or deleted
without ever being indexed), so it would prove nothing here.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from pathlib import Path

import pytest
import sqlite_utils

from corroborate.evidence.prefilter import run_candidates
from corroborate.models import Article, Claim, CleanedPage, KeyTerms
from corroborate.store import Store
from corroborate.store.migrations import migrations

CLAIM = Claim(1, "The Oster dam failed on Tuesday.", KeyTerms(entities=("Oster",)))


def save_pages(store: Store, run_id: int, first: int, count: int) -> list[int]:
    """Pages ``first``.. of two sentences, each with a word of its own; returns their ids."""
    page_ids = []
    for number in range(first, first + count):
        url = f"https://o{number}.test/a"
        sentences = [f"Word w{number}x1 of the Oster dam.", f"Word w{number}x2 of the weather."]
        page = CleanedPage(
            url=url, canonical_url=url, outlet=f"o{number}.test", text=" ".join(sentences)
        )
        page_ids.append(store.crawl.save_page(run_id, page, "feeds", sentences, b"", url))
    return page_ids


def start_run(store: Store) -> int:
    return store.runs.start_run(Article(path="a.txt", text=CLAIM.text), [CLAIM], [])


def index_matches_sentences(store: Store) -> bool:
    try:
        store.db.execute(
            "INSERT INTO sentences_fts (sentences_fts, rank) VALUES ('integrity-check', 1)"
        )
    except sqlite3.DatabaseError:
        return False
    return True


def each_sentence_found_once(store: Store) -> bool:
    """Every sentence comes back, alone, for its own word; the index has one entry per row."""
    rows = store.db.execute("SELECT id, text FROM sentences").fetchall()
    found = {
        sentence_id: store.db.execute(
            "SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ?",
            [re.search(r"w\d+x\d", text).group(0)],
        ).fetchall()
        for sentence_id, text in rows
    }
    entries = store.db.execute("SELECT count(*) FROM sentences_fts_docsize").fetchone()[0]
    return entries == len(rows) and all(
        hits == [(sentence_id,)] for sentence_id, hits in found.items()
    )


def indexed_through(store: Store) -> int:
    return store.db.execute("SELECT indexed_through FROM fts_progress").fetchone()[0]


@pytest.fixture
def store(tmp_path: Path):
    opened = Store.open(tmp_path / "c.db")
    yield opened
    opened.close()


def test_stored_pages_wait_unindexed_until_the_prefilter_indexes_them(store: Store):
    run_id = start_run(store)
    save_pages(store, run_id, 1, 3)
    assert store.search_index.sentence_ids_matching(run_id, '"oster"') == []
    assert indexed_through(store) == 0
    selected = run_candidates(store, run_id, [CLAIM], threshold=0)
    oster = [
        sentence_id
        for sentence_id, text in store.db.execute("SELECT id, text FROM sentences ORDER BY id")
        if "Oster" in text
    ]
    assert [candidate.sentence_id for candidate in selected] == oster
    assert sorted(store.search_index.sentence_ids_matching(run_id, '"oster"')) == oster
    assert index_matches_sentences(store)


def test_small_runs_are_matched_without_indexing(store: Store):
    run_id = start_run(store)
    save_pages(store, run_id, 1, 2)
    assert len(run_candidates(store, run_id, [CLAIM])) == 4
    assert indexed_through(store) == 0


def test_each_call_indexes_only_the_sentences_stored_since_the_last(store: Store):
    run_id = start_run(store)
    save_pages(store, run_id, 1, 3)
    assert store.search_index.index_new_sentences() == 6
    save_pages(store, run_id, 4, 2)
    assert store.search_index.index_new_sentences() == 4
    assert store.search_index.index_new_sentences() == 0
    assert indexed_through(store) == store.db.execute("SELECT max(id) FROM sentences").fetchone()[0]
    assert index_matches_sentences(store)
    assert each_sentence_found_once(store)


def test_an_up_to_date_index_costs_no_write_lock(store: Store, tmp_path: Path):
    run_id = start_run(store)
    save_pages(store, run_id, 1, 1)
    store.search_index.index_new_sentences()
    store.db.execute("PRAGMA busy_timeout = 100")
    writer = sqlite3.connect(tmp_path / "c.db", isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    try:
        assert store.search_index.index_new_sentences() == 0  # would fail with "database is locked"
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_indexing_waits_for_a_concurrent_writer_and_takes_its_sentences(
    store: Store, tmp_path: Path
):
    """A crawl's transaction open when scoring starts: indexing waits for it (busy timeout),
    then indexes what it committed, instead of failing on a stale read snapshot."""
    run_id = start_run(store)
    save_pages(store, run_id, 1, 2)
    page_id = save_pages(store, run_id, 3, 1)[0]
    writing, done = threading.Event(), threading.Event()

    def crawl() -> None:
        writer = sqlite3.connect(tmp_path / "c.db", isolation_level=None, timeout=30)
        writer.execute("BEGIN IMMEDIATE")
        writer.executemany(
            "INSERT INTO sentences (page_id, position, text) VALUES (?, ?, ?)",
            [(page_id, 3, "Word w3x3 late."), (page_id, 4, "Word w3x4 late.")],
        )
        writing.set()
        done.wait(0.5)
        writer.execute("COMMIT")
        writer.close()

    thread = threading.Thread(target=crawl)
    thread.start()
    writing.wait(10)
    try:
        assert store.search_index.index_new_sentences() == 8
    finally:
        done.set()
        thread.join()
    assert index_matches_sentences(store)
    assert each_sentence_found_once(store)


def test_a_database_of_the_previous_schema_ends_with_a_consistent_index(tmp_path: Path):
    path = tmp_path / "old.db"
    older = sqlite_utils.Database(sqlite3.connect(path))
    migrations.apply(older, stop_before="m005_fts_on_demand")
    old_store = Store(older)  # the previous schema: its trigger indexes each stored sentence
    run_id = start_run(old_store)
    save_pages(old_store, run_id, 1, 3)
    assert len(old_store.search_index.sentence_ids_matching(run_id, '"oster"')) == 3
    old_store.close()

    store = Store.open(path)
    assert indexed_through(store) == 6
    assert store.search_index.index_new_sentences() == 0
    save_pages(store, run_id, 4, 2)
    assert store.search_index.sentence_ids_matching(run_id, '"w4x1"') == []
    assert store.search_index.index_new_sentences() == 4
    assert index_matches_sentences(store)
    assert each_sentence_found_once(store)
    store.close()


def test_deleting_sentences_keeps_the_index_consistent(store: Store):
    """Nothing deletes sentences today; the delete trigger still keeps the index right. Only
    indexed rows are deleted from it, and the mark drops when the newest rows go, since SQLite
    then hands their ids out again."""
    run_id = start_run(store)
    save_pages(store, run_id, 1, 2)  # sentences 1-4
    store.search_index.index_new_sentences()
    save_pages(store, run_id, 3, 1)  # sentences 5-6, not indexed
    store.db.execute("DELETE FROM sentences WHERE id = 4")  # indexed, not the newest
    store.db.execute("DELETE FROM sentences WHERE id IN (5, 6)")  # never indexed
    assert indexed_through(store) == 3
    save_pages(store, run_id, 4, 1)  # reuses ids 4 and 5
    assert store.search_index.index_new_sentences() == 2
    assert index_matches_sentences(store)
    assert each_sentence_found_once(store)
    store.db.execute("DELETE FROM sentences")
    assert indexed_through(store) == 0
    assert index_matches_sentences(store)
