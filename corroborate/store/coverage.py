"""The crawl's ledger read back for the report: what was asked of each source, what failed.

A claim with no evidence means something only if its searches were answered; these reads let
the report tell "nobody reported it" from "we could not ask" (``corroborate/verdicts``).
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

# Ledger rows carry a query id, or none for run-wide requests (feeds, sitemaps): this finds the
# claim position each row was for, in the run's own order.
_CLAIM_OF_QUERY = """LEFT JOIN queries ON queries.id = {table}.query_id
               LEFT JOIN run_claims ON run_claims.run_id = queries.run_id
                                   AND run_claims.claim_id = queries.claim_id
               WHERE {table}.run_id = ? ORDER BY {table}.id"""


@dataclass(frozen=True)
class SourceStats:
    """One line of the coverage ledger: what was asked of a source and what failed."""

    name: str
    requests: int
    failures: int
    errors: tuple[str, ...]
    pages_fetched: int
    pages_failed: int


class Coverage:
    """Reads ``source_requests``, ``unfetched_reports``, ``run_pages`` and ``fetch_failures``."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

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

    def page_totals(self, run_id: int) -> tuple[int, int]:
        """(distinct pages of the run, article fetches that failed): what the progress line
        counted, whichever source found each page."""
        pages = self.db.execute(
            "SELECT count(DISTINCT page_id) FROM run_pages WHERE run_id = ?", [run_id]
        ).fetchone()[0]
        failed = self.db.execute(
            "SELECT count(DISTINCT url) FROM fetch_failures WHERE run_id = ?", [run_id]
        ).fetchone()[0]
        return pages, failed

    def pending_searches(self, run_id: int) -> list[tuple[int | None, str]]:
        """(claim position, source) per search not yet answered: a query never sent, or a
        discovery request still pending (run-wide: claim None, since it may serve any claim)."""
        return self.db.execute(
            """SELECT run_claims.position, queries.source FROM queries
               JOIN run_claims ON run_claims.run_id = queries.run_id
                              AND run_claims.claim_id = queries.claim_id
               WHERE queries.run_id = ? AND NOT EXISTS
                     (SELECT 1 FROM source_requests WHERE source_requests.query_id = queries.id)
               UNION ALL
               SELECT NULL, source FROM frontier
               WHERE run_id = ? AND kind = 'discovery' AND state = 'pending'""",
            [run_id, run_id],
        ).fetchall()

    def pending_pages(self, run_id: int) -> int:
        """Article pages found but not fetched yet (an interrupted or failed crawl)."""
        row = self.db.execute(
            "SELECT count(*) FROM frontier WHERE run_id = ? AND kind = 'article' "
            "AND state = 'pending'",
            [run_id],
        ).fetchone()
        return int(row[0])

    def source_stats(self, run_id: int) -> list[SourceStats]:
        """Per source: requests sent and failed (with reasons), article pages fetched and failed."""
        requests = self.db.execute(
            """SELECT source, count(*), sum(status = 'failed'),
                      group_concat(CASE WHEN status = 'failed' THEN error END, char(31))
               FROM source_requests WHERE run_id = ? GROUP BY source""",
            [run_id],
        ).fetchall()
        fetched = dict(
            self.db.execute(
                "SELECT source, count(*) FROM run_pages WHERE run_id = ? GROUP BY source", [run_id]
            ).fetchall()
        )
        failed = dict(
            self.db.execute(
                "SELECT source, count(*) FROM fetch_failures WHERE run_id = ? GROUP BY source",
                [run_id],
            ).fetchall()
        )
        stats = {}
        for source, count, failures, errors in requests:
            stats[source] = SourceStats(
                source,
                count,
                failures or 0,
                tuple((errors or "").split(chr(31))) if errors else (),
                fetched.get(source, 0),
                failed.get(source, 0),
            )
        for source in (fetched.keys() | failed.keys()) - stats.keys():
            stats[source] = SourceStats(
                source, 0, 0, (), fetched.get(source, 0), failed.get(source, 0)
            )
        return [stats[name] for name in sorted(stats)]
