"""What the crawler writes: the request ledger, pages with their sentences, fetch failures,
reported-but-unreachable items and the Google News decode cache.

A page, or a fetch failure, is stored in one transaction with the settling of its frontier
entry, so a resumed crawl never fetches it again and never loses it.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlite_utils

from corroborate.models import CleanedPage
from corroborate.store.connection import insert, now, transaction
from corroborate.store.frontier import FrontierTable

Validators = tuple[str | None, str | None]  # (ETag, Last-Modified) as the server sent them


class CrawlLog:
    """The ``source_requests``, ``pages``, ``page_urls``, ``sentences``, ``run_pages``,
    ``fetch_failures``, ``unfetched_reports``, ``google_news_decodes`` and ``page_changes``
    tables."""

    def __init__(self, db: sqlite_utils.Database, frontier: FrontierTable) -> None:
        self.db = db
        self.frontier = frontier

    def asked_queries(self, run_id: int, source: str) -> set[int]:
        """Queries of the run this source already has a ledger entry for (an earlier round)."""
        rows = self.db.execute(
            """SELECT DISTINCT query_id FROM source_requests
               WHERE run_id = ? AND source = ? AND query_id IS NOT NULL""",
            [run_id, source],
        ).fetchall()
        return {row[0] for row in rows}

    def record_source_request(
        self,
        run_id: int,
        source: str,
        url: str,
        status: str,
        results: int = 0,
        error: str | None = None,
        elapsed: float | None = None,
        query_id: int | None = None,
    ) -> None:
        """Ledger entry for one request to a discovery source (a query, a feed, a sitemap)."""
        insert(
            self.db,
            "source_requests",
            {
                "run_id": run_id,
                "source": source,
                "url": url,
                "query_id": query_id,
                "status": status,
                "results": results,
                "error": error,
                "elapsed": elapsed,
                "requested_at": now(),
            },
        )

    def record_fetch_failure(self, run_id: int, source: str, url: str, reason: str) -> None:
        """The failure and its frontier entry in one transaction: a resume never refetches it."""
        with transaction(self.db):
            insert(
                self.db,
                "fetch_failures",
                {
                    "run_id": run_id,
                    "source": source,
                    "url": url,
                    "reason": reason,
                    "failed_at": now(),
                },
            )
            self.frontier.settle_article(run_id, url, "failed", reason)

    def record_unfetched_report(
        self,
        run_id: int,
        source: str,
        url: str,
        reason: str,
        publisher: str | None = None,
        title: str | None = None,
        query_id: int | None = None,
    ) -> None:
        """A publisher a source says reported the story, whose page could not be reached."""
        insert(
            self.db,
            "unfetched_reports",
            {
                "run_id": run_id,
                "source": source,
                "query_id": query_id,
                "publisher": publisher,
                "title": title,
                "url": url,
                "reason": reason,
            },
        )

    def decoded_google_news_url(self, token: str) -> str | None:
        """A cached decode: the article URL of a Google News token, None when not known."""
        row = self.db.execute(
            "SELECT url FROM google_news_decodes WHERE token = ?", [token]
        ).fetchone()
        return row[0] if row else None

    def save_google_news_decode(self, token: str, url: str) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO google_news_decodes (token, url, decoded_at) VALUES (?, ?, ?)",
            [token, url, now()],
        )

    def page_id_for_url(self, url: str) -> int | None:
        row = self.db.execute("SELECT page_id FROM page_urls WHERE url = ?", [url]).fetchone()
        return row[0] if row else None

    def link_page(self, run_id: int, page_id: int, source: str, url: str) -> None:
        self.db.execute(
            "INSERT OR IGNORE INTO run_pages (run_id, page_id, source, discovered_url) "
            "VALUES (?, ?, ?, ?)",
            [run_id, page_id, source, url],
        )

    def save_page(
        self,
        run_id: int,
        page: CleanedPage,
        source: str,
        sentences: Sequence[str],
        fingerprint: bytes,
        discovered_url: str,
        validators: Validators = (None, None),
        replaces: int | None = None,
    ) -> int:
        """Store a page and its sentences in one transaction; a page known by its canonical URL
        (always on the outlet it was fetched from) is reused.

        ``replaces`` is the stored page a re-check fetched again (its server said it changed):
        the same text keeps that page; another text becomes a new version (``supersede``).
        ``validators`` (ETag, Last-Modified) let the next re-check ask "changed since?".
        Sentences are stored unindexed: ``SearchIndex.index_new_sentences`` adds them in bulk.
        """
        with transaction(self.db):
            if replaces is not None and self._text_of(replaces) != page.text:
                page_id = self._supersede(run_id, replaces, page, sentences, fingerprint)
            elif replaces is not None:
                page_id = replaces
            else:
                row = self.db.execute(
                    "SELECT id FROM pages WHERE canonical_url = ?", [page.canonical_url]
                ).fetchone()
                page_id = row[0] if row else self._insert_page(page, sentences, fingerprint)
            if any(validators):
                self.db.execute(
                    "UPDATE pages SET etag = ?, last_modified = ? WHERE id = ?",
                    [*validators, page_id],
                )
            for url in {page.url, page.canonical_url, discovered_url}:
                self.db.execute(
                    "INSERT OR IGNORE INTO page_urls (url, page_id) VALUES (?, ?)", [url, page_id]
                )
            self.link_page(run_id, page_id, source, discovered_url)
            self.frontier.settle_article(run_id, discovered_url, "done")
        return page_id

    def page_validators(self, page_id: int) -> Validators:
        """The stored page's ETag and Last-Modified, for a conditional re-fetch."""
        row = self.db.execute(
            "SELECT etag, last_modified FROM pages WHERE id = ?", [page_id]
        ).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def link_unchanged(
        self, run_id: int, page_id: int, source: str, url: str, reason: str = "not modified"
    ) -> None:
        """A re-check's server said the stored page has not changed (or could not say): the
        run uses it as stored."""
        with transaction(self.db):
            self.link_page(run_id, page_id, source, url)
            self.frontier.settle_article(run_id, url, "done", reason)

    def record_vanished(
        self, run_id: int, page_id: int, source: str, url: str, reason: str
    ) -> None:
        """A stored page is gone from its server: not part of this run, and said so."""
        with transaction(self.db):
            self._record_change(run_id, page_id, None, "vanished", url, reason)
            self.record_fetch_failure(run_id, source, url, f"page vanished ({reason})")

    def _text_of(self, page_id: int) -> str | None:
        row = self.db.execute("SELECT text FROM pages WHERE id = ?", [page_id]).fetchone()
        return row[0] if row else None

    def _supersede(
        self,
        run_id: int,
        old_id: int,
        page: CleanedPage,
        sentences: Sequence[str],
        fingerprint: bytes,
    ) -> int:
        """A new version of a stored page. The old row, its sentences and every earlier run's
        evidence stay as they were (re-scoring an old run gives the same answer); it gives up
        its canonical URL (kept with a ``#superseded-<id>`` fragment) and its URLs."""
        self.db.execute(
            "UPDATE pages SET canonical_url = canonical_url || '#superseded-' || id WHERE id = ?",
            [old_id],
        )
        taken = self.db.execute(
            "SELECT id FROM pages WHERE canonical_url = ?", [page.canonical_url]
        ).fetchone()
        # The new text names another stored page as canonical: that page is the new version.
        new_id = taken[0] if taken else self._insert_page(page, sentences, fingerprint)
        self.db.execute("UPDATE pages SET superseded_by = ? WHERE id = ?", [new_id, old_id])
        self.db.execute("UPDATE page_urls SET page_id = ? WHERE page_id = ?", [new_id, old_id])
        self._record_change(run_id, old_id, new_id, "changed", page.url, "text changed")
        return new_id

    def _record_change(
        self,
        run_id: int,
        page_id: int,
        new_page_id: int | None,
        change: str,
        url: str,
        detail: str,
    ) -> None:
        insert(
            self.db,
            "page_changes",
            {
                "run_id": run_id,
                "page_id": page_id,
                "new_page_id": new_page_id,
                "change": change,
                "url": url,
                "detail": detail,
                "detected_at": now(),
            },
        )

    def _insert_page(self, page: CleanedPage, sentences: Sequence[str], fingerprint: bytes) -> int:
        record = {
            "canonical_url": page.canonical_url,
            "url": page.url,
            "outlet": page.outlet,
            "title": page.title,
            "published": page.published,
            "sitename": page.sitename,
            "language": page.language,
            "claimed_canonical": page.claimed_canonical,
            "text": page.text,
            "fingerprint": fingerprint,
            "fetched_at": now(),
        }
        # Columns left NULL are not named, so a page also fits a database of an older schema.
        page_id = insert(self.db, "pages", {k: v for k, v in record.items() if v is not None})
        self.db.conn.executemany(
            "INSERT INTO sentences (page_id, position, text) VALUES (?, ?, ?)",
            [(page_id, position, text) for position, text in enumerate(sentences, start=1)],
        )
        return page_id
