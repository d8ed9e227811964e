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


class CrawlLog:
    """The ``source_requests``, ``pages``, ``page_urls``, ``sentences``, ``run_pages``,
    ``fetch_failures``, ``unfetched_reports`` and ``google_news_decodes`` tables."""

    def __init__(self, db: sqlite_utils.Database, frontier: FrontierTable) -> None:
        self.db = db
        self.frontier = frontier

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
    ) -> int:
        """Store a page and its sentences in one transaction; a page known by its canonical URL
        (always on the outlet it was fetched from) is reused.

        Sentences are stored unindexed: ``SearchIndex.index_new_sentences`` adds them in bulk.
        """
        with transaction(self.db):
            row = self.db.execute(
                "SELECT id FROM pages WHERE canonical_url = ?", [page.canonical_url]
            ).fetchone()
            page_id = row[0] if row else self._insert_page(page, sentences, fingerprint)
            for url in {page.url, page.canonical_url, discovered_url}:
                self.db.execute(
                    "INSERT OR IGNORE INTO page_urls (url, page_id) VALUES (?, ?)", [url, page_id]
                )
            self.link_page(run_id, page_id, source, discovered_url)
            self.frontier.settle_article(run_id, discovered_url, "done")
        return page_id

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
