"""What scoring reads and writes: a run's candidate sentences and pages in, verdicts out.

Scoring reads only what the crawl stored, so a past run can be re-scored with no network;
saving its verdicts replaces the run's previous ones in one transaction.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import sqlite_utils

from corroborate.models import CandidateSentence, ClaimVerdict, PageFingerprint, PageText
from corroborate.store.connection import insert, now, transaction
from corroborate.store.runs import Runs

# SQLite caps the parameters of one statement.
_MAX_PARAMETERS = 500


class Scoring:
    """Reads ``sentences`` and ``pages``; writes ``evidence``, ``verdicts``,
    ``verdict_evidence``, ``origin_clusters``, ``origin_pages`` and ``discrepancies``."""

    def __init__(self, db: sqlite_utils.Database, runs: Runs) -> None:
        self.db = db
        self.runs = runs

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

    def claimed_canonicals(self, run_id: int) -> dict[int, str]:
        """Page id -> the canonical URL on another outlet that the page claims it copies."""
        rows = self.db.execute(
            """SELECT id, claimed_canonical FROM pages WHERE claimed_canonical IS NOT NULL
               AND id IN (SELECT page_id FROM run_pages WHERE run_id = ?)""",
            [run_id],
        ).fetchall()
        return dict(rows)

    def page_texts(self, page_ids: Sequence[int]) -> dict[int, PageText]:
        """Texts and dates of these pages (those with evidence), for stance, dates and quotes."""
        found: dict[int, PageText] = {}
        ids = sorted(set(page_ids))
        for start in range(0, len(ids), _MAX_PARAMETERS):
            chunk = ids[start : start + _MAX_PARAMETERS]
            rows = self.db.execute(
                "SELECT id, text, published, outlet, canonical_url, language FROM pages "
                "WHERE id IN "
                f"({', '.join('?' * len(chunk))})",
                chunk,
            ).fetchall()
            found.update((row[0], PageText(*row)) for row in rows)
        return found

    def save_verdicts(self, run_id: int, verdicts: Sequence[ClaimVerdict]) -> None:
        """Replace the run's evidence links and verdicts; evidence rows are upserted, not
        duplicated."""
        claim_ids = self.runs.claim_ids(run_id)
        with transaction(self.db):
            self.db.execute("DELETE FROM verdict_evidence WHERE run_id = ?", [run_id])
            self.db.execute("DELETE FROM verdicts WHERE run_id = ?", [run_id])
            for table in ("origin_clusters", "origin_pages", "discrepancies"):
                self.db.execute(f"DELETE FROM {table} WHERE run_id = ?", [run_id])
            for verdict in verdicts:
                claim_id = claim_ids[verdict.claim_position]
                self._save_verdict(run_id, claim_id, verdict)
                self._save_origins(run_id, claim_id, verdict)

    def _save_verdict(self, run_id: int, claim_id: int, verdict: ClaimVerdict) -> None:
        insert(
            self.db,
            "verdicts",
            {
                "run_id": run_id,
                "claim_id": claim_id,
                "score": verdict.score,
                "verdict": verdict.verdict,
                "independent_outlets": verdict.independent_outlets,
                "pages": verdict.pages,
                "explanation": verdict.explanation,
                "scored_at": now(),
                "contradicting_outlets": verdict.contradicting_outlets,
            },
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
                [
                    claim_id,
                    evidence.sentence_id,
                    evidence.page_id,
                    evidence.score,
                    evidence.coverage,
                    json.dumps(list(evidence.matched_terms)),
                    json.dumps(list(evidence.missing_terms)),
                    evidence.stance,
                    evidence.stance_confidence,
                    json.dumps(list(evidence.differing_terms)),
                ],
            )
            insert(
                self.db,
                "verdict_evidence",
                {
                    "run_id": run_id,
                    "claim_id": claim_id,
                    "sentence_id": evidence.sentence_id,
                    "rank": rank,
                },
            )

    def _save_origins(self, run_id: int, claim_id: int, verdict: ClaimVerdict) -> None:
        """The verdict's origin clusters with the rule that merged each, and its discrepancies."""
        for cluster in verdict.origins:
            insert(
                self.db,
                "origin_clusters",
                {
                    "run_id": run_id,
                    "claim_id": claim_id,
                    "cluster": cluster.cluster_id,
                    "rule": cluster.rule,
                    "stance": cluster.stance,
                    "outlets": json.dumps(list(cluster.outlets)),
                    "pages": len(cluster.page_ids),
                },
            )
            self.db.conn.executemany(
                "INSERT INTO origin_pages (run_id, claim_id, cluster, page_id) VALUES (?, ?, ?, ?)",
                [(run_id, claim_id, cluster.cluster_id, page_id) for page_id in cluster.page_ids],
            )
        for item in verdict.discrepancies:
            insert(
                self.db,
                "discrepancies",
                {
                    "run_id": run_id,
                    "claim_id": claim_id,
                    "kind": item.kind,
                    "claim_value": item.claim_value,
                    "reported_value": item.reported_value,
                    "independent_outlets": item.independent_outlets,
                    "outlets": json.dumps(list(item.outlets)),
                    "evidence_urls": json.dumps(list(item.evidence_urls)),
                },
            )
