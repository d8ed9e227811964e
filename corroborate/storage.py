"""SQLite storage: the hand-off between the CLI, the crawler and scoring.

This is the one module that knows table names. Runs, claims and queries go in before a crawl;
the crawler adds pages, sentences and the ledger of every request it made; scoring reads those
back and writes evidence and verdicts, so a stored run can be re-scored with no network.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import sqlite_utils

from corroborate.errors import NoSuchRun, StorageError
from corroborate.migrations import apply_migrations
from corroborate.models import (
    Article,
    CandidateSentence,
    Claim,
    ClaimVerdict,
    CleanedPage,
    KeyTerms,
    PageFingerprint,
    Query,
)

DB_ENV_VAR = "CORROBORATE_DB"
DEFAULT_DB_PATH = "corroborate.db"
BUSY_TIMEOUT_MS = 30_000


@dataclass(frozen=True)
class StoredQuery:
    query_id: int
    claim_position: int
    source: str
    text: str


@dataclass(frozen=True)
class RunInfo:
    run_id: int
    article_id: int
    article_path: str
    article_title: str | None
    article_fingerprint: bytes | None
    status: str
    started_at: str
    finished_at: str | None


@dataclass(frozen=True)
class SourceStats:
    """One line of the coverage ledger: what was asked of a source and what failed."""

    name: str
    requests: int
    failures: int
    errors: tuple[str, ...]
    pages_fetched: int
    pages_failed: int


def default_db_path() -> str:
    return os.environ.get(DB_ENV_VAR) or DEFAULT_DB_PATH


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Store:
    """A corroborate database: open it with ``Store.open(path)``."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    @classmethod
    def open(cls, path: str | Path, create: bool = True) -> Store:
        """Open (creating and migrating if needed) a database; WAL so readers never block."""
        target = Path(path)
        if target.is_dir():
            raise StorageError(f"database path is a directory: {target}")
        if not create and not target.exists():
            raise StorageError(f"database not found: {target} (try --db PATH)")
        try:
            connection = sqlite3.connect(target, timeout=BUSY_TIMEOUT_MS / 1000)
            connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            db = sqlite_utils.Database(connection)
            db.enable_wal()
            db.execute("PRAGMA foreign_keys = ON")
            apply_migrations(db)
        except sqlite3.DatabaseError as error:
            raise StorageError(f"cannot use database {target}: {error}") from None
        return cls(db)

    def close(self) -> None:
        self.db.close()

    # -- runs, claims and queries: written by the CLI before a crawl -------------------------

    def start_run(
        self,
        article: Article,
        claims: Sequence[Claim],
        queries: Sequence[Query],
        config_path: str | None = None,
        article_fingerprint: bytes | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> int:
        """Record a new run of an article with its claims and queries; return the run id."""
        with self.db.atomic():
            article_id = self._article_id(article, article_fingerprint)
            run_id = self._insert(
                "runs",
                {"article_id": article_id, "status": "crawling", "config_path": config_path,
                 "since": since, "until": until, "started_at": _now()},
            )
            claim_ids = {claim.position: self._claim_id(article_id, claim) for claim in claims}
            for claim in claims:
                self._insert("run_claims", {"run_id": run_id, "claim_id": claim_ids[claim.position],
                                            "position": claim.position})
            for query in queries:
                self._insert("queries", {"run_id": run_id, "source": query.source,
                                         "claim_id": claim_ids[query.claim_position],
                                         "text": query.text})
        return run_id

    def _article_id(self, article: Article, fingerprint: bytes | None) -> int:
        digest = hashlib.sha256(article.text.encode("utf-8")).hexdigest()
        row = self.db.execute("SELECT id FROM articles WHERE sha256 = ?", [digest]).fetchone()
        if row:
            return row[0]
        return self._insert(
            "articles",
            {"sha256": digest, "path": article.path, "title": article.title,
             "published": article.published, "text": article.text,
             "fingerprint": fingerprint, "first_seen": _now()},
        )

    def _claim_id(self, article_id: int, claim: Claim) -> int:
        row = self.db.execute(
            "SELECT id FROM claims WHERE article_id = ? AND text = ?", [article_id, claim.text]
        ).fetchone()
        if row:
            return row[0]
        return self._insert(
            "claims",
            {"article_id": article_id, "position": claim.position, "text": claim.text,
             "key_terms": json.dumps(claim.key_terms.as_dict())},
        )

    def _insert(self, table: str, record: dict) -> int:
        columns = ", ".join(record)
        marks = ", ".join("?" for _ in record)
        cursor = self.db.execute(
            f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(record.values())
        )
        return cursor.lastrowid

    def finish_run(self, run_id: int, status: str) -> None:
        self.db.execute(
            "UPDATE runs SET status = ?, finished_at = ? WHERE id = ?", [status, _now(), run_id]
        )

    def run_info(self, run_id: int) -> RunInfo:
        row = self.db.execute(
            """SELECT runs.id, articles.id, articles.path, articles.title, articles.fingerprint,
                      runs.status, runs.started_at, runs.finished_at
               FROM runs JOIN articles ON articles.id = runs.article_id WHERE runs.id = ?""",
            [run_id],
        ).fetchone()
        if row is None:
            raise NoSuchRun(f"no run {run_id} in this database")
        return RunInfo(*row)

    def latest_run_id(self) -> int:
        row = self.db.execute("SELECT max(id) FROM runs").fetchone()
        if row[0] is None:
            raise NoSuchRun("this database has no runs yet")
        return row[0]

    def article_text(self, run_id: int) -> str:
        info = self.run_info(run_id)
        row = self.db.execute("SELECT text FROM articles WHERE id = ?", [info.article_id])
        return row.fetchone()[0]

    def claims_for_run(self, run_id: int) -> list[Claim]:
        rows = self.db.execute(
            """SELECT run_claims.position, claims.text, claims.key_terms
               FROM run_claims JOIN claims ON claims.id = run_claims.claim_id
               WHERE run_claims.run_id = ? ORDER BY run_claims.position""",
            [run_id],
        ).fetchall()
        return [
            Claim(position=position, text=text, key_terms=KeyTerms.from_dict(json.loads(terms)))
            for position, text, terms in rows
        ]

    def queries_for_run(self, run_id: int, source: str | None = None) -> list[StoredQuery]:
        rows = self.db.execute(
            """SELECT queries.id, run_claims.position, queries.source, queries.text
               FROM queries JOIN run_claims ON run_claims.run_id = queries.run_id
                                           AND run_claims.claim_id = queries.claim_id
               WHERE queries.run_id = ? AND (? IS NULL OR queries.source = ?)
               ORDER BY queries.id""",
            [run_id, source, source],
        ).fetchall()
        return [StoredQuery(*row) for row in rows]

    # -- the crawler's writes ------------------------------------------------------------------

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
        self._insert(
            "source_requests",
            {"run_id": run_id, "source": source, "url": url, "query_id": query_id,
             "status": status, "results": results, "error": error, "elapsed": elapsed,
             "requested_at": _now()},
        )

    def record_fetch_failure(self, run_id: int, source: str, url: str, reason: str) -> None:
        self._insert(
            "fetch_failures",
            {"run_id": run_id, "source": source, "url": url, "reason": reason,
             "failed_at": _now()},
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
        """Store a page and its sentences in one transaction; a known canonical URL is reused."""
        with self.db.atomic():
            row = self.db.execute(
                "SELECT id FROM pages WHERE canonical_url = ?", [page.canonical_url]
            ).fetchone()
            page_id = row[0] if row else self._insert_page(page, sentences, fingerprint)
            for url in {page.url, page.canonical_url, discovered_url}:
                self.db.execute(
                    "INSERT OR IGNORE INTO page_urls (url, page_id) VALUES (?, ?)", [url, page_id]
                )
            self.link_page(run_id, page_id, source, discovered_url)
        return page_id

    def _insert_page(self, page: CleanedPage, sentences: Sequence[str], fingerprint: bytes) -> int:
        page_id = self._insert(
            "pages",
            {"canonical_url": page.canonical_url, "url": page.url, "outlet": page.outlet,
             "title": page.title, "published": page.published, "sitename": page.sitename,
             "language": page.language, "text": page.text, "fingerprint": fingerprint,
             "fetched_at": _now()},
        )
        self.db.conn.executemany(
            "INSERT INTO sentences (page_id, position, text) VALUES (?, ?, ?)",
            [(page_id, position, text) for position, text in enumerate(sentences, start=1)],
        )
        return page_id

    # -- scoring's reads and writes ------------------------------------------------------------

    def candidate_sentences(self, run_id: int) -> list[CandidateSentence]:
        rows = self.db.execute(
            """SELECT sentences.id, pages.id, sentences.text, pages.canonical_url, pages.outlet
               FROM sentences JOIN pages ON pages.id = sentences.page_id
               WHERE pages.id IN (SELECT page_id FROM run_pages WHERE run_id = ?)
               ORDER BY sentences.id""",
            [run_id],
        ).fetchall()
        return [CandidateSentence(*row) for row in rows]

    def page_fingerprints(self, run_id: int) -> list[PageFingerprint]:
        rows = self.db.execute(
            """SELECT id, outlet, fingerprint FROM pages
               WHERE id IN (SELECT page_id FROM run_pages WHERE run_id = ?) ORDER BY id""",
            [run_id],
        ).fetchall()
        return [PageFingerprint(*row) for row in rows]

    def save_verdicts(self, run_id: int, verdicts: Sequence[ClaimVerdict]) -> None:
        """Replace the run's evidence links and verdicts; evidence rows are upserted, not duplicated."""
        claim_ids = self._claim_ids(run_id)
        with self.db.atomic():
            self.db.execute("DELETE FROM verdict_evidence WHERE run_id = ?", [run_id])
            self.db.execute("DELETE FROM verdicts WHERE run_id = ?", [run_id])
            for verdict in verdicts:
                claim_id = claim_ids[verdict.claim_position]
                self._save_verdict(run_id, claim_id, verdict)

    def _save_verdict(self, run_id: int, claim_id: int, verdict: ClaimVerdict) -> None:
        self._insert(
            "verdicts",
            {"run_id": run_id, "claim_id": claim_id, "score": verdict.score,
             "verdict": verdict.verdict, "independent_outlets": verdict.independent_outlets,
             "pages": verdict.pages, "explanation": verdict.explanation, "scored_at": _now()},
        )
        for rank, evidence in enumerate(verdict.evidence, start=1):
            self.db.execute(
                """INSERT INTO evidence (claim_id, sentence_id, page_id, score, coverage,
                                         matched_terms, missing_terms, stance)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT (claim_id, sentence_id) DO UPDATE SET
                     score = excluded.score, coverage = excluded.coverage,
                     matched_terms = excluded.matched_terms,
                     missing_terms = excluded.missing_terms, stance = excluded.stance""",
                [claim_id, evidence.sentence_id, evidence.page_id, evidence.score,
                 evidence.coverage, json.dumps(list(evidence.matched_terms)),
                 json.dumps(list(evidence.missing_terms)), evidence.stance],
            )
            self._insert("verdict_evidence", {"run_id": run_id, "claim_id": claim_id,
                                              "sentence_id": evidence.sentence_id, "rank": rank})

    def _claim_ids(self, run_id: int) -> dict[int, int]:
        rows = self.db.execute(
            "SELECT position, claim_id FROM run_claims WHERE run_id = ?", [run_id]
        ).fetchall()
        return dict(rows)

    def source_stats(self, run_id: int) -> list[SourceStats]:
        """Per source: requests sent and failed (with reasons), article pages fetched and failed."""
        requests = self.db.execute(
            """SELECT source, count(*), sum(status = 'failed'),
                      group_concat(CASE WHEN status = 'failed' THEN error END, char(31))
               FROM source_requests WHERE run_id = ? GROUP BY source""",
            [run_id],
        ).fetchall()
        fetched = dict(self.db.execute(
            "SELECT source, count(*) FROM run_pages WHERE run_id = ? GROUP BY source", [run_id]
        ).fetchall())
        failed = dict(self.db.execute(
            "SELECT source, count(*) FROM fetch_failures WHERE run_id = ? GROUP BY source",
            [run_id],
        ).fetchall())
        stats = {}
        for source, count, failures, errors in requests:
            stats[source] = SourceStats(source, count, failures or 0,
                                        tuple((errors or "").split(chr(31))) if errors else (),
                                        fetched.get(source, 0), failed.get(source, 0))
        for source in (fetched.keys() | failed.keys()) - stats.keys():
            stats[source] = SourceStats(source, 0, 0, (), fetched.get(source, 0),
                                        failed.get(source, 0))
        return [stats[name] for name in sorted(stats)]

