"""Score a stored run: match its claims against its pages' sentences, count independent outlets.

Reads only from the database, so ``corroborate score --run N`` re-scores a past run offline.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from corroborate.matching import match_claims
from corroborate.models import ClaimVerdict
from corroborate.report import RunReport, failure_summary
from corroborate.scoring import NOT_FOUND, score_claims
from corroborate.storage import SourceStats, Store

SEARCH_FAILED = "search failed"


def assess_run(store: Store, run_id: int) -> RunReport:
    """Score run ``run_id``, store its verdicts and evidence, and return the report's content."""
    run = store.run_info(run_id)
    claims = store.claims_for_run(run_id)
    evidence = match_claims(claims, store.candidate_sentences(run_id))
    verdicts = score_claims(
        claims, evidence, store.page_fingerprints(run_id),
        article_fingerprint=run.article_fingerprint,
    )
    sources = store.source_stats(run_id)
    verdicts = distinguish_failed_search(verdicts, sources)
    store.save_verdicts(run_id, verdicts)
    return RunReport(run=store.run_info(run_id), claims=tuple(claims), verdicts=tuple(verdicts),
                     sources=tuple(sources))


def distinguish_failed_search(
    verdicts: Sequence[ClaimVerdict], sources: Sequence[SourceStats]
) -> list[ClaimVerdict]:
    """'Not found' only means something when a search succeeded; otherwise say it failed."""
    answered = sum(stats.requests - stats.failures for stats in sources)
    if answered:
        return list(verdicts)
    reasons = failure_summary([error for stats in sources for error in stats.errors])
    explanation = ("no source answered, so absence of evidence means nothing: "
                   + (reasons or "no requests were made"))
    return [
        replace(verdict, verdict=SEARCH_FAILED, explanation=explanation)
        if verdict.verdict == NOT_FOUND else verdict
        for verdict in verdicts
    ]
