"""What history and its diffs read: each claim's verdict per run, each run's origins, and the
pages a re-check found changed or gone (``claim_history`` view, ``origin_clusters``,
``page_changes``)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

import sqlite_utils


@dataclass(frozen=True)
class HistoryRow:
    """One claim's verdict in one run (a row of the ``claim_history`` view)."""

    run_id: int
    claim_id: int
    position: int
    claim: str
    verdict: str
    score: int
    independent_outlets: int
    watch_id: int | None
    finished_at: str | None


@dataclass(frozen=True)
class OriginRow:
    claim_id: int
    outlets: tuple[str, ...]
    stance: str | None


@dataclass(frozen=True)
class PageChangeRow:
    url: str
    change: str  # "changed" or "vanished"
    detail: str | None


class History:
    """Reads across runs; writes nothing."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    def article_id_for_text(self, text: str) -> int | None:
        """The stored article with exactly this text (as ``Runs`` keys articles)."""
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        row = self.db.execute("SELECT id FROM articles WHERE sha256 = ?", [digest]).fetchone()
        return row[0] if row else None

    def scored_runs(self, article_id: int, watch_id: int | None = None) -> list[int]:
        """Runs of the article that have verdicts, oldest first (only the watch's, if given)."""
        rows = self.db.execute(
            """SELECT DISTINCT run_id FROM claim_history
               WHERE article_id = ? AND (? IS NULL OR watch_id = ?) ORDER BY run_id""",
            [article_id, watch_id, watch_id],
        )
        return [row[0] for row in rows.fetchall()]

    def verdicts(self, run_ids: list[int]) -> list[HistoryRow]:
        rows = self.db.execute(
            """SELECT run_id, claim_id, position, claim, verdict, score, independent_outlets,
                      watch_id, finished_at
               FROM claim_history WHERE run_id IN (SELECT value FROM json_each(?))
               ORDER BY position, run_id""",
            [json.dumps(run_ids)],
        )
        return [HistoryRow(*row) for row in rows.fetchall()]

    def origins(self, run_id: int) -> list[OriginRow]:
        rows = self.db.execute(
            "SELECT claim_id, outlets, stance FROM origin_clusters WHERE run_id = ? "
            "ORDER BY claim_id, cluster",
            [run_id],
        )
        return [
            OriginRow(claim_id, tuple(json.loads(outlets)), stance)
            for claim_id, outlets, stance in rows.fetchall()
        ]

    def page_changes(self, run_id: int) -> list[PageChangeRow]:
        rows = self.db.execute(
            "SELECT url, change, detail FROM page_changes WHERE run_id = ? ORDER BY id", [run_id]
        )
        return [PageChangeRow(*row) for row in rows.fetchall()]
