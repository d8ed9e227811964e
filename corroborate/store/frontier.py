"""The crawl frontier table: every request of a crawl, what was asked for and what is done.

The crawler writes a request here before it is scheduled and settles it in the transaction
that stores its outcome, so a killed crawl resumes without loss or repeats (``crawler/
frontier.py`` holds the Scrapy side).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import sqlite_utils

from corroborate.store.connection import now


@dataclass(frozen=True)
class FrontierEntry:
    """One request of a crawl: an article page or a discovery request (search, feed, sitemap).

    ``key`` identifies it within the run (article: normalised URL; discovery: request
    fingerprint); ``meta`` holds what is needed to send it again after a crash.
    """

    kind: str  # article | discovery
    key: str
    url: str
    source: str
    state: str = "pending"  # pending | done | failed
    attempts: int = 0
    reason: str | None = None
    meta: dict = field(default_factory=dict)


class FrontierTable:
    """The ``frontier`` table of every run."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    def add(self, run_id: int, entry: FrontierEntry) -> bool:
        """Register a request before it is scheduled; False when the run already has it."""
        cursor = self.db.execute(
            """INSERT OR IGNORE INTO frontier (run_id, kind, key, url, source, state, attempts,
                                               reason, meta, updated_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [
                run_id,
                entry.kind,
                entry.key,
                entry.url,
                entry.source,
                entry.state,
                entry.attempts,
                entry.reason,
                json.dumps(entry.meta),
                now(),
            ],
        )
        return cursor.rowcount > 0

    def count_attempt(self, run_id: int, kind: str, key: str) -> None:
        """Count one attempt as it is sent, so a resume knows the retry budget left."""
        self.db.execute(
            "UPDATE frontier SET attempts = attempts + 1 WHERE run_id = ? AND kind = ? AND key = ?",
            [run_id, kind, key],
        )

    def settle(
        self, run_id: int, kind: str, key: str, state: str, reason: str | None = None
    ) -> None:
        """Mark a pending entry done or failed; an entry already settled keeps its outcome."""
        self.db.execute(
            """UPDATE frontier SET state = ?, reason = ?, updated_at = ?
               WHERE run_id = ? AND kind = ? AND key = ? AND state = 'pending'""",
            [state, reason, now(), run_id, kind, key],
        )

    def settle_article(self, run_id: int, url: str, state: str, reason: str | None = None) -> None:
        """``settle`` for the article entry of a URL, as the page or its failure is stored."""
        self.db.execute(
            """UPDATE frontier SET state = ?, reason = ?, updated_at = ?
               WHERE run_id = ? AND kind = 'article' AND url = ? AND state = 'pending'""",
            [state, reason, now(), run_id, url],
        )

    def entries(self, run_id: int) -> list[FrontierEntry]:
        """Every entry of the run, in the order it was registered."""
        rows = self.db.execute(
            """SELECT kind, key, url, source, state, attempts, reason, meta FROM frontier
               WHERE run_id = ? ORDER BY id""",
            [run_id],
        ).fetchall()
        return [
            FrontierEntry(kind, key, url, source, state, attempts, reason, json.loads(meta))
            for kind, key, url, source, state, attempts, reason, meta in rows
        ]

    def article_state(self, run_id: int, url: str) -> str | None:
        """The state of the article entry of a URL (None: the run never asked for it)."""
        row = self.db.execute(
            "SELECT state FROM frontier WHERE run_id = ? AND kind = 'article' AND url = ?",
            [run_id, url],
        ).fetchone()
        return row[0] if row else None

    def pending_articles(self, run_id: int) -> list[tuple[str, str]]:
        """(url, source) of every article of the run not yet stored or failed."""
        rows = self.db.execute(
            """SELECT url, source FROM frontier
               WHERE run_id = ? AND kind = 'article' AND state = 'pending' ORDER BY id""",
            [run_id],
        ).fetchall()
        return [(url, source) for url, source in rows]

    def article_urls(self, run_id: int) -> list[str]:
        rows = self.db.execute(
            "SELECT url FROM frontier WHERE run_id = ? AND kind = 'article'", [run_id]
        ).fetchall()
        return [url for (url,) in rows]
