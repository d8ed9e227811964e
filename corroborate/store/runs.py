"""Runs, with their article, claims and queries: written by the CLI before a crawl.

The crawler reads a run's queries and date window, scoring its article and claims, and the CLI
closes it with a status. A re-run of the same article text reuses its article and claims rows.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import sqlite_utils

from corroborate.errors import NoSuchRun
from corroborate.models import Article, Claim, KeyTerms, Query
from corroborate.pages.language import SAMPLE_CHARS, page_language
from corroborate.store.connection import insert, now, transaction


@dataclass(frozen=True)
class StoredQuery:
    query_id: int
    claim_position: int
    source: str
    text: str
    language: str = "en"


# A run's status: crawling until its crawl ends, then one of the others.
CRAWLING, CRAWL_DONE, CRAWL_FAILED, CRAWL_INTERRUPTED, CRAWL_OFFLINE = (
    "crawling",
    "done",
    "crawl failed",
    "interrupted",
    "offline",  # not one configured host resolved: nothing was sent
)
INCOMPLETE_STATUSES = frozenset({CRAWL_FAILED, CRAWL_INTERRUPTED})


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
    since: str | None = None  # the date window every source was searched in (YYYY-MM-DD)
    until: str | None = None


class Runs:
    """The ``runs``, ``articles``, ``claims``, ``run_claims`` and ``queries`` tables."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

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
        with transaction(self.db):
            article_id = self._article_id(article, article_fingerprint)
            run_id = insert(
                self.db,
                "runs",
                {
                    "article_id": article_id,
                    "status": CRAWLING,
                    "config_path": config_path,
                    "since": since,
                    "until": until,
                    "started_at": now(),
                },
            )
            claim_ids = {claim.position: self._claim_id(article_id, claim) for claim in claims}
            for claim in claims:
                insert(
                    self.db,
                    "run_claims",
                    {
                        "run_id": run_id,
                        "position": claim.position,
                        "claim_id": claim_ids[claim.position],
                    },
                )
            self._insert_queries(run_id, claim_ids, queries)
        return run_id

    def store_article(self, article: Article, fingerprint: bytes | None = None) -> int:
        """The article's id, storing it first when its text is new (a watch keeps it)."""
        with transaction(self.db):
            return self._article_id(article, fingerprint)

    def stored_article(self, article_id: int) -> Article:
        row = self.db.execute(
            "SELECT path, text, title, published FROM articles WHERE id = ?", [article_id]
        ).fetchone()
        if row is None:
            raise NoSuchRun(f"no article {article_id} in this database")
        return Article(*row)

    def add_queries(self, run_id: int, queries: Sequence[Query]) -> None:
        """More queries for a run, built after a first round of its crawl (other languages)."""
        with transaction(self.db):
            self._insert_queries(run_id, self.claim_ids(run_id), queries)

    def _insert_queries(
        self, run_id: int, claim_ids: dict[int, int], queries: Sequence[Query]
    ) -> None:
        for query in queries:
            insert(
                self.db,
                "queries",
                {
                    "run_id": run_id,
                    "source": query.source,
                    "claim_id": claim_ids[query.claim_position],
                    "text": query.text,
                    "language": query.language,
                },
            )

    def page_languages(self, run_id: int) -> dict[int, str | None]:
        """Each of the run's fetched pages' language (declared, else by script; None: unknown)."""
        rows = self.db.execute(
            f"""SELECT pages.id, pages.language, substr(pages.text, 1, {SAMPLE_CHARS})
                FROM pages WHERE pages.id IN (SELECT page_id FROM run_pages WHERE run_id = ?)""",
            [run_id],
        ).fetchall()
        return {page_id: page_language(declared, text) for page_id, declared, text in rows}

    def language_counts(self, run_id: int) -> Counter[str]:
        """How many of the run's fetched pages are in each known language."""
        return Counter(code for code in self.page_languages(run_id).values() if code)

    def query_languages(self, run_id: int) -> set[str]:
        """The languages the run's queries were asked in."""
        rows = self.db.execute(
            "SELECT DISTINCT language FROM queries WHERE run_id = ?", [run_id]
        ).fetchall()
        return {row[0] for row in rows}

    def _article_id(self, article: Article, fingerprint: bytes | None) -> int:
        digest = hashlib.sha256(article.text.encode("utf-8")).hexdigest()
        row = self.db.execute("SELECT id FROM articles WHERE sha256 = ?", [digest]).fetchone()
        if row:
            return row[0]
        return insert(
            self.db,
            "articles",
            {
                "sha256": digest,
                "path": article.path,
                "title": article.title,
                "published": article.published,
                "text": article.text,
                "fingerprint": fingerprint,
                "first_seen": now(),
            },
        )

    def _claim_id(self, article_id: int, claim: Claim) -> int:
        row = self.db.execute(
            "SELECT id FROM claims WHERE article_id = ? AND text = ?", [article_id, claim.text]
        ).fetchone()
        if row:
            return row[0]
        return insert(
            self.db,
            "claims",
            {
                "article_id": article_id,
                "position": claim.position,
                "text": claim.text,
                "key_terms": json.dumps(claim.key_terms.as_dict()),
            },
        )

    def finish_run(self, run_id: int, status: str) -> None:
        self.db.execute(
            "UPDATE runs SET status = ?, finished_at = ? WHERE id = ?", [status, now(), run_id]
        )

    def run_info(self, run_id: int) -> RunInfo:
        row = self.db.execute(
            """SELECT runs.id, articles.id, articles.path, articles.title, articles.fingerprint,
                      runs.status, runs.started_at, runs.finished_at, runs.since, runs.until
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

    def run_config_path(self, run_id: int) -> str | None:
        self.run_info(run_id)  # NoSuchRun for an unknown run
        row = self.db.execute("SELECT config_path FROM runs WHERE id = ?", [run_id]).fetchone()
        return row[0]

    def run_window(self, run_id: int) -> tuple[str | None, str | None]:
        row = self.db.execute("SELECT since, until FROM runs WHERE id = ?", [run_id]).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def article_text(self, run_id: int) -> str:
        info = self.run_info(run_id)
        row = self.db.execute("SELECT text FROM articles WHERE id = ?", [info.article_id])
        return row.fetchone()[0]

    def article_published(self, run_id: int) -> str | None:
        """The article's own date: what its "Tuesday" and "last year" count from."""
        row = self.db.execute(
            "SELECT published FROM articles JOIN runs ON runs.article_id = articles.id "
            "WHERE runs.id = ?",
            [run_id],
        ).fetchone()
        return row[0] if row else None

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

    def queries_for_run(self, run_id: int, source: str) -> list[StoredQuery]:
        """The run's queries for one source, in the order they were built."""
        rows = self.db.execute(
            """SELECT queries.id, run_claims.position, queries.source, queries.text,
                      queries.language
               FROM queries JOIN run_claims ON run_claims.run_id = queries.run_id
                                           AND run_claims.claim_id = queries.claim_id
               WHERE queries.run_id = ? AND queries.source = ?
               ORDER BY queries.id""",
            [run_id, source],
        ).fetchall()
        return [StoredQuery(*row) for row in rows]

    def claim_ids(self, run_id: int) -> dict[int, int]:
        """Claim id per claim position in this run."""
        rows = self.db.execute(
            "SELECT position, claim_id FROM run_claims WHERE run_id = ?", [run_id]
        ).fetchall()
        return dict(rows)
