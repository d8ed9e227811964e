"""What the user sees: the terminal report, the JSON document and the coverage warnings.

The JSON layout is a contract: later work may add fields, never remove or rename them.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from corroborate.models import Claim, ClaimVerdict, Evidence
from corroborate.report.quality import discrepancies_json, origins_json, quality_lines
from corroborate.store import RunInfo, SourceStats
from corroborate.store.runs import INCOMPLETE_STATUSES
from corroborate.verdicts.coverage import ClaimCoverage, failure_summary


@dataclass(frozen=True)
class RunReport:
    """Everything one report shows, gathered from the database."""

    run: RunInfo
    claims: tuple[Claim, ...]
    verdicts: tuple[ClaimVerdict, ...]
    sources: tuple[SourceStats, ...]
    coverage: dict[int, ClaimCoverage] = field(default_factory=dict)  # by claim position
    pending_searches: int = 0  # searches not done: an interrupted or failed crawl
    pending_pages: int = 0  # pages found but not fetched

    @property
    def complete(self) -> bool:
        """Every search answered and every found page settled, by a crawl that ended well."""
        unfinished = self.run.status in INCOMPLETE_STATUSES
        return not (unfinished or self.pending_searches or self.pending_pages)


def report_json(report: RunReport) -> dict[str, Any]:
    claims = {claim.position: claim for claim in report.claims}
    return {
        "run_id": report.run.run_id,
        "article": {"path": report.run.article_path, "title": report.run.article_title},
        "claims": [
            {
                **_claim_json(claims[verdict.claim_position], verdict),
                **_coverage_json(report.coverage.get(verdict.claim_position)),
            }
            for verdict in report.verdicts
        ],
        "sources": [_source_json(stats) for stats in report.sources],
        "coverage_warnings": coverage_warnings(report.sources),
        "complete": report.complete,
        "pending": {"searches": report.pending_searches, "pages": report.pending_pages},
    }


def _claim_json(claim: Claim, verdict: ClaimVerdict) -> dict[str, Any]:
    return {
        "id": claim.position,
        "text": claim.text,
        "score": verdict.score,
        "verdict": verdict.verdict,
        "independent_outlets": verdict.independent_outlets,
        "pages": verdict.pages,
        "explanation": verdict.explanation,
        "key_terms": claim.key_terms.as_dict(),
        "evidence": [_evidence_json(evidence) for evidence in verdict.evidence],
        "contradicting_outlets": verdict.contradicting_outlets,
        "origins": origins_json(verdict),
        "discrepancies": discrepancies_json(verdict),
    }


def _evidence_json(evidence: Evidence) -> dict[str, Any]:
    return {
        "url": evidence.url,
        "outlet": evidence.outlet,
        "sentence": evidence.sentence,
        "score": round(evidence.score, 1),
        "stance": evidence.stance,
        "stance_confidence": evidence.stance_confidence,
        "differing_terms": list(evidence.differing_terms),
        "matched_terms": list(evidence.matched_terms),
        "missing_terms": list(evidence.missing_terms),
    }


def _source_json(stats: SourceStats) -> dict[str, Any]:
    return {
        "name": stats.name,
        "requests": stats.requests,
        "failures": stats.failures,
        "errors": sorted(set(stats.errors)),
        "pages_fetched": stats.pages_fetched,
        "pages_failed": stats.pages_failed,
    }


def coverage_warnings(sources: Sequence[SourceStats]) -> list[str]:
    """One line per source whose requests failed, so thin results are never read as absence."""
    warnings = []
    for stats in sources:
        if stats.failures:
            reasons = failure_summary(stats.errors) or "unknown error"
            warnings.append(
                f"coverage degraded: {stats.name} {stats.failures} of {stats.requests} "
                f"requests failed ({reasons})"
            )
    return warnings


def render_text(report: RunReport, width: int = 100) -> str:
    """A readable report: per claim its verdict, score and the top evidence with links."""
    claims = {claim.position: claim for claim in report.claims}
    lines = [f"Run {report.run.run_id}: {report.run.article_title or report.run.article_path}"]
    lines += [incomplete_line(report), ""] if not report.complete else [""]
    for verdict in report.verdicts:
        lines.extend(_claim_lines(claims[verdict.claim_position], verdict, width))
        lines.extend(_searched_lines(report.coverage.get(verdict.claim_position)))
        lines.append("")
    lines.extend(_source_lines(report.sources))
    return "\n".join(lines).rstrip() + "\n"


def incomplete_line(report: RunReport) -> str:
    """What an unfinished run lacks and how to finish it."""
    return (
        f"INCOMPLETE RUN ({report.run.status}): {report.pending_searches} searches and "
        f"{report.pending_pages} pages not done; finish with: "
        f"corroborate resume --run {report.run.run_id}"
    )


def _claim_lines(claim: Claim, verdict: ClaimVerdict, width: int) -> list[str]:
    head = f"[{claim.position}] {verdict.verdict.upper()} ({verdict.score}/100) "
    lines = textwrap.wrap(head + claim.text, width=width, subsequent_indent="    ")
    if verdict.explanation:
        lines.append(f"    {verdict.explanation}")
    for evidence in verdict.evidence[:3]:
        stance = f", {evidence.stance}" if evidence.stance else ""
        lines.append(f"    - {evidence.outlet} ({evidence.score:.0f}{stance}): {evidence.url}")
        lines.extend(
            textwrap.wrap(
                f'"{evidence.sentence}"',
                width=width,
                initial_indent="      ",
                subsequent_indent="      ",
            )
        )
    lines.extend(quality_lines(verdict, width, shown=3))
    return lines


def _source_lines(sources: Sequence[SourceStats]) -> list[str]:
    if not sources:
        return ["Sources: none searched"]
    lines = ["Sources:"]
    for stats in sources:
        lines.append(
            f"  {stats.name}: {stats.requests} requests, {stats.failures} failed; "
            f"{stats.pages_fetched} pages fetched, {stats.pages_failed} failed"
        )
    lines.extend(coverage_warnings(sources))
    return lines


def _coverage_json(coverage: ClaimCoverage | None) -> dict[str, Any]:
    """Per claim: which sources were searched, how each answered, who reported unfetched."""
    if coverage is None:
        return {"searched": [], "reported_not_fetched": []}
    return {
        "searched": [
            {
                "source": search.source,
                "queries": search.queries,
                "ok": search.ok,
                "empty": search.empty,
                "failed": search.failed,
                "errors": sorted(set(search.errors)),
            }
            for search in coverage.searches
        ],
        "reported_not_fetched": list(coverage.unfetched),
    }


def _searched_lines(coverage: ClaimCoverage | None) -> list[str]:
    """ "searched: gdelt 3 ok, google_news 2 of 3 failed (HTTP 429), feeds 9 ok"."""
    if coverage is None or not coverage.searches:
        return []
    parts = []
    for search in coverage.searches:
        answered = search.ok + search.empty
        text = (
            f"{search.source} {answered} ok"
            if not search.failed
            else (
                f"{search.source} {search.failed} of {search.queries} failed "
                f"({failure_summary(search.errors)})"
            )
        )
        parts.append(text)
    return ["    searched: " + ", ".join(parts)]
