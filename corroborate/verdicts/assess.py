"""Score a stored run: match its claims against its pages' sentences, count independent outlets.

Reads only from the database, so ``corroborate score --run N`` re-scores a past run offline.
"""

from __future__ import annotations

from corroborate.evidence.matching import match_claims
from corroborate.evidence.prefilter import run_candidates
from corroborate.report.render import RunReport
from corroborate.store import Store
from corroborate.verdicts.corroboration import corroborate_claims
from corroborate.verdicts.coverage import SEARCH_FAILED, apply_coverage, claim_coverage

__all__ = ["SEARCH_FAILED", "assess_run"]


def assess_run(store: Store, run_id: int) -> RunReport:
    """Score run ``run_id``, store its verdicts and evidence, and return the report's content.

    The crawl stores sentences unindexed; they join the full-text index here, so that after a
    check Datasette's search and the scoring prefilter see every stored sentence."""
    store.search_index.index_new_sentences()
    claims = store.runs.claims_for_run(run_id)
    evidence = match_claims(claims, run_candidates(store, run_id, claims))
    verdicts = corroborate_claims(store, run_id, claims, evidence)
    sources = store.coverage.source_stats(run_id)
    coverage = claim_coverage([claim.position for claim in claims],
                              store.coverage.claim_search_ledger(run_id),
                              store.coverage.unfetched_reports(run_id))
    verdicts = apply_coverage(verdicts, coverage)
    store.scoring.save_verdicts(run_id, verdicts)
    return RunReport(run=store.runs.run_info(run_id), claims=tuple(claims),
                     verdicts=tuple(verdicts), sources=tuple(sources), coverage=coverage)
