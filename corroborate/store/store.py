"""SQLite storage: the hand-off between the CLI, the crawler and scoring.

This is the one module that knows table names. Runs, claims and queries go in before a crawl;
the crawler adds pages, sentences and the ledger of every request it made; scoring reads those
back and writes evidence and verdicts, so a stored run can be re-scored with no network.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import sqlite_utils

from corroborate.errors import NoSuchRun, StorageError
from corroborate.models import (
    Article,
    CandidateSentence,
    Claim,
    ClaimVerdict,
    CleanedPage,
    KeyTerms,
    PageFingerprint,
    PageText,
    Query,
)
from corroborate.store.migrations import apply_migrations

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


@dataclass(frozen=True)
class SourceStats:
    """One line of the coverage ledger: what was asked of a source and what failed."""

    name: str
    requests: int
    failures: int
    errors: tuple[str, ...]
    pages_fetched: int
    pages_failed: int


# Ledger rows carry a query id, or none for run-wide requests (feeds, sitemaps): this finds the
# claim position each row was for, in the run's own order.
_CLAIM_OF_QUERY = """LEFT JOIN queries ON queries.id = {table}.query_id
               LEFT JOIN run_claims ON run_claims.run_id = queries.run_id
                                   AND run_claims.claim_id = queries.claim_id
               WHERE {table}.run_id = ? ORDER BY {table}.id"""


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
            # Under WAL, NORMAL never corrupts the database and survives a killed process; only
            # an OS crash or power loss can drop the last commits. It halves the fsyncs per page.
            db.execute("PRAGMA synchronous = NORMAL")
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
        """The failure and its frontier entry in one transaction: a resume never refetches it."""
        with self.db.atomic():
            self._insert(
                "fetch_failures",
                {"run_id": run_id, "source": source, "url": url, "reason": reason,
                 "failed_at": _now()},
            )
            self._settle_article(run_id, url, "failed", reason)

    # -- discovery: date window, Google News decode cache, per-claim ledger (coverage.py) ----

    def run_window(self, run_id: int) -> tuple[str | None, str | None]:
        row = self.db.execute("SELECT since, until FROM runs WHERE id = ?", [run_id]).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def decoded_google_news_url(self, token: str) -> str | None:
        """A cached decode: the article URL of a Google News token, None when not known."""
        row = self.db.execute("SELECT url FROM google_news_decodes WHERE token = ?",
                              [token]).fetchone()
        return row[0] if row else None

    def save_google_news_decode(self, token: str, url: str) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO google_news_decodes (token, url, decoded_at) VALUES (?, ?, ?)",
            [token, url, _now()])

    def record_unfetched_report(self, run_id: int, source: str, url: str, reason: str,
                                publisher: str | None = None, title: str | None = None,
                                query_id: int | None = None) -> None:
        """A publisher a source says reported the story, whose page could not be reached."""
        self._insert("unfetched_reports",
                     {"run_id": run_id, "source": source, "query_id": query_id,
                      "publisher": publisher, "title": title, "url": url, "reason": reason})

    def claim_search_ledger(self, run_id: int) -> list[tuple[int | None, str, str, str | None]]:
        """(claim position or None for run-wide requests, source, status, error) per request."""
        return self.db.execute(
            f"""SELECT run_claims.position, source_requests.source, source_requests.status,
                      source_requests.error
               FROM source_requests
               {_CLAIM_OF_QUERY.format(table="source_requests")}""",
            [run_id],
        ).fetchall()

    def unfetched_reports(self, run_id: int) -> list[tuple[int | None, str, str | None, str]]:
        """(claim position or None, source, publisher, reason) per unreachable reported item."""
        return self.db.execute(
            f"""SELECT run_claims.position, unfetched_reports.source, unfetched_reports.publisher,
                      unfetched_reports.reason
               FROM unfetched_reports
               {_CLAIM_OF_QUERY.format(table="unfetched_reports")}""",
            [run_id],
        ).fetchall()

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
            self._settle_article(run_id, discovered_url, "done")
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

    # -- the crawl frontier: what was asked for, what is done (crash-safe resume) -------------

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Group writes in one transaction that is committed even when the block fails.

        The crawler's reactor may interleave other writers' work into the block; rolling back
        would silently drop theirs. Nested use joins the open transaction.
        """
        if self.db.conn.in_transaction:
            yield
            return
        self.db.execute("BEGIN")
        try:
            yield
        finally:
            self.db.commit()

    def frontier_add(self, run_id: int, entry: FrontierEntry) -> bool:
        """Register a request before it is scheduled; False when the run already has it."""
        cursor = self.db.execute(
            """INSERT OR IGNORE INTO frontier (run_id, kind, key, url, source, state, attempts,
                                               reason, meta, updated_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [run_id, entry.kind, entry.key, entry.url, entry.source, entry.state,
             entry.attempts, entry.reason, json.dumps(entry.meta), _now()])
        return cursor.rowcount > 0

    def frontier_attempt(self, run_id: int, kind: str, key: str) -> None:
        """Count one attempt as it is sent, so a resume knows the retry budget left."""
        self.db.execute(
            "UPDATE frontier SET attempts = attempts + 1 WHERE run_id = ? AND kind = ? AND key = ?",
            [run_id, kind, key])

    def frontier_settle(self, run_id: int, kind: str, key: str, state: str,
                        reason: str | None = None) -> None:
        """Mark a pending entry done or failed; an entry already settled keeps its outcome."""
        self.db.execute(
            """UPDATE frontier SET state = ?, reason = ?, updated_at = ?
               WHERE run_id = ? AND kind = ? AND key = ? AND state = 'pending'""",
            [state, reason, _now(), run_id, kind, key])

    def _settle_article(self, run_id: int, url: str, state: str,
                        reason: str | None = None) -> None:
        self.db.execute(
            """UPDATE frontier SET state = ?, reason = ?, updated_at = ?
               WHERE run_id = ? AND kind = 'article' AND url = ? AND state = 'pending'""",
            [state, reason, _now(), run_id, url])

    def frontier(self, run_id: int, state: str | None = None) -> list[FrontierEntry]:
        rows = self.db.execute(
            """SELECT kind, key, url, source, state, attempts, reason, meta FROM frontier
               WHERE run_id = ? AND (? IS NULL OR state = ?) ORDER BY id""",
            [run_id, state, state]).fetchall()
        return [FrontierEntry(kind, key, url, source, state, attempts, reason, json.loads(meta))
                for kind, key, url, source, state, attempts, reason, meta in rows]

    def frontier_counts(self, run_id: int) -> dict[str, int]:
        """Entries per state: ``pending`` left after a crawl means it was interrupted."""
        rows = self.db.execute(
            "SELECT state, count(*) FROM frontier WHERE run_id = ? GROUP BY state", [run_id])
        return dict(rows.fetchall())

    def run_config_path(self, run_id: int) -> str | None:
        self.run_info(run_id)  # NoSuchRun for an unknown run
        row = self.db.execute("SELECT config_path FROM runs WHERE id = ?", [run_id]).fetchone()
        return row[0]

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

    def sentence_count(self, run_id: int) -> int:
        row = self.db.execute(
            """SELECT count(*) FROM sentences
               WHERE page_id IN (SELECT page_id FROM run_pages WHERE run_id = ?)""",
            [run_id],
        ).fetchone()
        return row[0]

    def index_new_sentences(self) -> int:
        """Add every sentence stored since the last call to the full-text index, in one write
        transaction, and return how many; when the index is up to date, one read and no lock.

        The crawl stores sentences unindexed: indexing each page as it was saved made
        ``save_page`` about eight times as costly on the crawler's one thread, and one bulk
        insert is the cheapest way to build an FTS5 index. ``BEGIN IMMEDIATE`` takes the write
        lock before the mark is read: indexing waits for a crawl's write in progress, a crawl's
        next write waits for indexing (busy timeout; about 10 s per million sentences), and
        sentences stored after it are left for the next call.
        """
        if self._indexed_through() == self._newest_sentence_id():
            return 0
        with self._immediate_transaction():
            indexed_through, newest = self._indexed_through(), self._newest_sentence_id()
            cursor = self.db.execute(
                """INSERT INTO sentences_fts (rowid, text)
                   SELECT id, text FROM sentences WHERE id > ? AND id <= ? ORDER BY id""",
                [indexed_through, newest])
            self.db.execute("UPDATE fts_progress SET indexed_through = ?", [newest])
        return cursor.rowcount

    def _indexed_through(self) -> int:
        return self.db.execute("SELECT indexed_through FROM fts_progress").fetchone()[0]

    def _newest_sentence_id(self) -> int:
        return self.db.execute("SELECT coalesce(max(id), 0) FROM sentences").fetchone()[0]

    @contextlib.contextmanager
    def _immediate_transaction(self) -> Iterator[None]:
        """A transaction holding the write lock from its start; inside an open one, a savepoint."""
        if self.db.conn.in_transaction:
            with self.db.atomic():
                yield
            return
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
            self.db.execute("COMMIT")
        except BaseException:
            self.db.conn.rollback()
            raise

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

    def sentences_by_id(self, sentence_ids: Sequence[int]) -> list[CandidateSentence]:
        """The given sentences as candidates, in sentence order like candidate_sentences."""
        rows = self.db.execute(
            """SELECT sentences.id, pages.id, sentences.text, pages.canonical_url, pages.outlet
               FROM sentences JOIN pages ON pages.id = sentences.page_id
               WHERE sentences.id IN (SELECT value FROM json_each(?))
               ORDER BY sentences.id""",
            [json.dumps(list(sentence_ids))],
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
            for table in ("origin_clusters", "origin_pages", "discrepancies"):
                self.db.execute(f"DELETE FROM {table} WHERE run_id = ?", [run_id])
            for verdict in verdicts:
                claim_id = claim_ids[verdict.claim_position]
                self._save_verdict(run_id, claim_id, verdict)
                self._save_origins(run_id, claim_id, verdict)

    def _save_verdict(self, run_id: int, claim_id: int, verdict: ClaimVerdict) -> None:
        self._insert(
            "verdicts",
            {"run_id": run_id, "claim_id": claim_id, "score": verdict.score,
             "verdict": verdict.verdict, "independent_outlets": verdict.independent_outlets,
             "pages": verdict.pages, "explanation": verdict.explanation, "scored_at": _now(),
             "contradicting_outlets": verdict.contradicting_outlets},
        )
        for rank, evidence in enumerate(verdict.evidence, start=1):
            self.db.execute(
                """INSERT INTO evidence (claim_id, sentence_id, page_id, score, coverage,
                                         matched_terms, missing_terms, stance,
                                         stance_confidence, differing_terms)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT (claim_id, sentence_id) DO UPDATE SET
                     score = excluded.score, coverage = excluded.coverage,
                     matched_terms = excluded.matched_terms,
                     missing_terms = excluded.missing_terms, stance = excluded.stance,
                     stance_confidence = excluded.stance_confidence,
                     differing_terms = excluded.differing_terms""",
                [claim_id, evidence.sentence_id, evidence.page_id, evidence.score,
                 evidence.coverage, json.dumps(list(evidence.matched_terms)),
                 json.dumps(list(evidence.missing_terms)), evidence.stance,
                 evidence.stance_confidence, json.dumps(list(evidence.differing_terms))],
            )
            self._insert("verdict_evidence", {"run_id": run_id, "claim_id": claim_id,
                                              "sentence_id": evidence.sentence_id, "rank": rank})

    def _save_origins(self, run_id: int, claim_id: int, verdict: ClaimVerdict) -> None:
        """The verdict's origin clusters with the rule that merged each, and its discrepancies."""
        for cluster in verdict.origins:
            self._insert("origin_clusters", {
                "run_id": run_id, "claim_id": claim_id, "cluster": cluster.cluster_id,
                "rule": cluster.rule, "stance": cluster.stance,
                "outlets": json.dumps(list(cluster.outlets)), "pages": len(cluster.page_ids)})
            self.db.conn.executemany(
                "INSERT INTO origin_pages (run_id, claim_id, cluster, page_id) VALUES (?, ?, ?, ?)",
                [(run_id, claim_id, cluster.cluster_id, page_id) for page_id in cluster.page_ids])
        for item in verdict.discrepancies:
            self._insert("discrepancies", {
                "run_id": run_id, "claim_id": claim_id, "kind": item.kind,
                "claim_value": item.claim_value, "reported_value": item.reported_value,
                "independent_outlets": item.independent_outlets,
                "outlets": json.dumps(list(item.outlets)),
                "evidence_urls": json.dumps(list(item.evidence_urls))})

    def page_texts(self, page_ids: Sequence[int]) -> dict[int, PageText]:
        """Texts and dates of these pages (those with evidence), for stance, dates and quotes."""
        found: dict[int, PageText] = {}
        ids = sorted(set(page_ids))
        for start in range(0, len(ids), 500):  # SQLite caps the parameters of one statement
            chunk = ids[start : start + 500]
            rows = self.db.execute(
                "SELECT id, text, published, outlet, canonical_url FROM pages WHERE id IN "
                f"({', '.join('?' * len(chunk))})", chunk).fetchall()
            found.update((row[0], PageText(*row)) for row in rows)
        return found

    def article_published(self, run_id: int) -> str | None:
        """The article's own date: what its "Tuesday" and "last year" count from."""
        row = self.db.execute(
            "SELECT published FROM articles JOIN runs ON runs.article_id = articles.id "
            "WHERE runs.id = ?", [run_id]).fetchone()
        return row[0] if row else None

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

