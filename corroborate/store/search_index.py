"""The full-text (FTS5) index of stored sentences, filled in bulk when scoring needs it.

The crawl stores sentences unindexed: indexing each page as it was saved made ``save_page``
about eight times as costly on the crawler's one thread, and one bulk insert is the cheapest
way to build an FTS5 index. ``fts_progress`` holds the highest sentence id indexed (see
migration ``m005_fts_on_demand``).
"""

from __future__ import annotations

import sqlite_utils

from corroborate.store.connection import transaction


class SearchIndex:
    """The ``sentences_fts`` index and its ``fts_progress`` mark."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    def index_new_sentences(self) -> int:
        """Add every sentence stored since the last call to the index, in one write
        transaction, and return how many; when the index is up to date, one read and no lock.

        The transaction takes the write lock before the mark is read: indexing waits for a
        crawl's write in progress, a crawl's next write waits for indexing (busy timeout; about
        10 s per million sentences), and sentences stored after it are left for the next call.
        """
        if self._indexed_through() == self._newest_sentence_id():
            return 0
        with transaction(self.db):
            indexed_through, newest = self._indexed_through(), self._newest_sentence_id()
            cursor = self.db.execute(
                """INSERT INTO sentences_fts (rowid, text)
                   SELECT id, text FROM sentences WHERE id > ? AND id <= ? ORDER BY id""",
                [indexed_through, newest],
            )
            self.db.execute("UPDATE fts_progress SET indexed_through = ?", [newest])
        return cursor.rowcount

    def _indexed_through(self) -> int:
        return self.db.execute("SELECT indexed_through FROM fts_progress").fetchone()[0]

    def _newest_sentence_id(self) -> int:
        return self.db.execute("SELECT coalesce(max(id), 0) FROM sentences").fetchone()[0]

    def sentence_ids_matching(self, run_id: int, expression: str) -> list[int]:
        """Ids of the run's sentences that satisfy an FTS5 MATCH expression (index lookup).

        Only indexed sentences are found: call ``index_new_sentences`` first."""
        rows = self.db.execute(
            """SELECT sentences.id FROM sentences_fts
               JOIN sentences ON sentences.id = sentences_fts.rowid
               WHERE sentences_fts MATCH ?
                 AND sentences.page_id IN (SELECT page_id FROM run_pages WHERE run_id = ?)""",
            [expression, run_id],
        ).fetchall()
        return [row[0] for row in rows]
