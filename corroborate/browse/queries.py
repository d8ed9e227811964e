"""The canned queries a fact-checker asks, named and titled for Datasette's query pages.

Each reads the ``browse_*`` views (migration ``m011_browse_views``), so the query is about
what it asks, not about how the tables join. ``newly_contradicted`` has the columns the
datasette-atom plugin turns into a feed (``.atom``).
"""

from __future__ import annotations

from collections.abc import Set
from typing import Any

from corroborate.browse.routes import claim_path, index_path

QUERIES: dict[str, tuple[str, str, str]] = {
    "contradicted_claims": (
        "Contradicted claims",
        "Claims independent outlets state otherwise, with what they say instead.",
        """SELECT c.run_id, c.position, c.claim, c.score, c.explanation,
       group_concat(d.summary, ' | ') AS sources_say
FROM browse_claims AS c
LEFT JOIN browse_discrepancies AS d ON d.run_id = c.run_id AND d.claim_id = c.claim_id
WHERE c.verdict = 'contradicted'
GROUP BY c.run_id, c.claim_id
ORDER BY c.run_id DESC, c.position""",
    ),
    "single_source_claims": (
        "Single-source claims",
        "Claims exactly one independent outlet carries.",
        """SELECT c.run_id, c.position, c.claim, c.score,
       (SELECT group_concat(e.outlet, ', ') FROM browse_evidence AS e
         WHERE e.run_id = c.run_id AND e.claim_id = c.claim_id) AS outlets
FROM browse_claims AS c
WHERE c.verdict = 'single-source'
ORDER BY c.run_id DESC, c.position""",
    ),
    "claim_evidence": (
        "Evidence for a claim, best first",
        "Every sentence matching the claim, with its stance and page.",
        """SELECT e.score, e.stance, e.stance_confidence, p.outlet, p.published, s.text AS sentence,
       e.differing_terms, p.canonical_url AS url
FROM evidence AS e
JOIN sentences AS s ON s.id = e.sentence_id
JOIN pages AS p ON p.id = e.page_id
WHERE e.claim_id = :claim_id
ORDER BY e.score DESC, e.stance_confidence DESC""",
    ),
    "outlets_by_corroboration": (
        "Outlets by how often they corroborate",
        "Per outlet, the evidence it gave: supporting, contradicting, other.",
        """SELECT outlet, count(*) AS evidence,
       sum(stance = 'supports') AS supports, sum(stance = 'contradicts') AS contradicts,
       sum(stance NOT IN ('supports', 'contradicts') OR stance IS NULL) AS other,
       round(100.0 * sum(stance = 'supports') / count(*)) AS supports_percent
FROM browse_evidence
GROUP BY outlet
ORDER BY supports DESC, contradicts ASC""",
    ),
    "degraded_runs": (
        "Runs whose coverage was degraded, and why",
        "Sources whose requests or page fetches failed, per run.",
        """SELECT run_id, source, failed_requests || ' of ' || requests AS requests_failed,
       errors, pages_failed, fetch_errors
FROM browse_coverage
WHERE failed_requests > 0 OR pages_failed > 0
ORDER BY run_id DESC, source""",
    ),
    "unfetched_pages": (
        "Pages reported but never fetched",
        "Items a source listed whose page could not be reached.",
        """SELECT u.run_id, u.source, u.publisher, u.title, u.reason, u.url, q.text AS query
FROM unfetched_reports AS u
LEFT JOIN queries AS q ON q.id = u.query_id
ORDER BY u.run_id DESC, u.id""",
    ),
    "newly_contradicted": (
        "Newly contradicted claims",
        "Claims contradicted in a run whose previous run of the article did not contradict "
        "them; add .atom to the URL for a feed. While there are none, one entry says so "
        "(datasette-atom 0.9 cannot render an empty feed).",
        """WITH newly AS (
    SELECT 'corroborate:run:' || c.run_id || ':claim:' || c.claim_id AS atom_id,
           'Contradicted: ' || c.claim AS atom_title, c.scored_at AS atom_updated,
           c.explanation AS atom_content, {claim_link} || c.claim_id AS atom_link,
           c.run_id, c.claim_id
    FROM browse_claims AS c
    WHERE c.verdict = 'contradicted'
      AND coalesce((SELECT p.verdict FROM verdicts AS p
                    WHERE p.claim_id = c.claim_id AND p.run_id < c.run_id
                    ORDER BY p.run_id DESC LIMIT 1), '') != 'contradicted'
    ORDER BY c.scored_at DESC
    LIMIT 100
)
SELECT * FROM newly
UNION ALL
SELECT 'corroborate:none', 'No claim newly contradicted',
       coalesce((SELECT max(scored_at) FROM verdicts), '1970-01-01T00:00:00+00:00'),
       'No run has contradicted a claim that the run before it did not.', {index_link},
       NULL, NULL
WHERE NOT EXISTS (SELECT 1 FROM newly)
ORDER BY atom_updated DESC""",
    ),
}

# The views and tables each query reads; a database without them gets no such query.
_NEEDS = {"browse_claims", "browse_discrepancies", "browse_evidence", "browse_coverage"}


def canned_queries(database: str, tables: Set[str]) -> dict[str, Any]:
    """The queries for one database; none for a database that has not had the views."""
    if not _NEEDS.issubset(tables):
        return {}
    links = {
        "{claim_link}": _sql_string(claim_path(database, "")),
        "{index_link}": _sql_string(index_path(database)),
    }
    return {
        name: {"title": title, "description": description, "sql": _with_links(sql, links)}
        for name, (title, description, sql) in QUERIES.items()
    }


def _with_links(sql: str, links: dict[str, str]) -> str:
    for placeholder, literal in links.items():
        sql = sql.replace(placeholder, literal)
    return sql


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
