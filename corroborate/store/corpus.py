"""The offline corpus index: ``corpus_files`` (what was read, and when it last changed),
``corpus_documents`` (their cleaned pages) and the FTS5 index ``corpus_fts``."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import sqlite_utils

from corroborate.models import CleanedPage
from corroborate.store.connection import insert, now, transaction


@dataclass(frozen=True)
class FileState:
    size: int
    mtime_ns: int


class CorpusIndex:
    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    def file_states(self) -> dict[str, FileState]:
        rows = self.db.execute("SELECT path, size, mtime_ns FROM corpus_files").fetchall()
        return {path: FileState(size, mtime) for path, size, mtime in rows}

    def replace_file(self, path: str, state: FileState, pages: Sequence[CleanedPage]) -> None:
        """The file's documents, replacing what an earlier version of it gave, in one go."""
        with transaction(self.db):
            self._delete(path)
            file_id = insert(
                self.db,
                "corpus_files",
                {
                    "path": path,
                    "size": state.size,
                    "mtime_ns": state.mtime_ns,
                    "documents": len(pages),
                    "indexed_at": now(),
                },
            )
            self.db.conn.executemany(
                """INSERT INTO corpus_documents (file_id, url, canonical_url, outlet, title,
                       published, sitename, language, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                [
                    (file_id, p.url, p.canonical_url, p.outlet, p.title, p.published)
                    + (p.sitename, p.language, p.text)
                    for p in pages
                ],
            )

    def remove_files(self, paths: Iterable[str]) -> None:
        with transaction(self.db):
            for path in paths:
                self._delete(path)

    def _delete(self, path: str) -> None:
        row = self.db.execute("SELECT id FROM corpus_files WHERE path = ?", [path]).fetchone()
        if row is not None:
            self.db.execute("DELETE FROM corpus_documents WHERE file_id = ?", [row[0]])
            self.db.execute("DELETE FROM corpus_files WHERE id = ?", [row[0]])

    def best_documents(
        self,
        expressions: Sequence[str],
        needed: int,
        files: Sequence[str],
        until: str | None,
        limit: int,
    ) -> list[CleanedPage]:
        """Documents of ``files`` that satisfy at least ``needed`` of the FTS5 ``expressions``
        (one per key term), most terms first, none published after ``until`` (undated kept)."""
        counts: Counter[int] = Counter()
        marks = ", ".join("?" for _ in files)
        for expression in expressions:
            rows = self.db.execute(
                f"""SELECT corpus_documents.id FROM corpus_fts
                    JOIN corpus_documents ON corpus_documents.id = corpus_fts.rowid
                    JOIN corpus_files ON corpus_files.id = corpus_documents.file_id
                    WHERE corpus_fts MATCH ? AND corpus_files.path IN ({marks})
                      AND (? IS NULL OR corpus_documents.published IS NULL
                           OR substr(corpus_documents.published, 1, 10) <= ?)""",
                [expression, *files, until, until],
            ).fetchall()
            counts.update(row[0] for row in rows)
        chosen = [doc for doc, count in counts.most_common() if count >= needed][:limit]
        return [self._page(doc) for doc in chosen]

    def _page(self, document_id: int) -> CleanedPage:
        row = self.db.execute(
            """SELECT url, canonical_url, outlet, text, title, published, sitename, language
               FROM corpus_documents WHERE id = ?""",
            [document_id],
        ).fetchone()
        return CleanedPage(*row)
