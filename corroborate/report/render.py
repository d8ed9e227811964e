"""What the user sees: the terminal report, the JSON document and the coverage warnings.

The JSON layout is a contract: later work may add fields, never remove or rename them.
"""

from __future__ import annotations

import textwrap
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from corroborate.models import Claim, ClaimVerdict, Evidence
from corroborate.report.quality import discrepancies_json, origins_json, quality_lines
from corroborate.store import RunInfo, SourceStats
from corroborate.store.runs import INCOMPLETE_STATUSES
from corroborate.verdicts.coverage import RUN_WIDE_SOURCES, ClaimCoverage, failure_summary
from corroborate.verdicts.labels import (
    CONTRADICTED,
    CORROBORATED,
    NOT_CHECKABLE,
    NOT_FOUND,
    PARTLY_CORROBORATED,
    SEARCH_FAILED,
    SEARCH_INCOMPLETE,
    SINGLE_SOURCE,
)

# The summary line's order: what holds, what is disputed, what could not be told.
VERDICT_ORDER = (
    CORROBORATED,
    PARTLY_CORROBORATED,
    CONTRADICTED,
    SINGLE_SOURCE,
    NOT_FOUND,
    NOT_CHECKABLE,
    SEARCH_INCOMPLETE,
    SEARCH_FAILED,
)


@dataclass(frozen=True)
class RunReport:
    """Everything one report shows, gathered from the database."""

    run: RunInfo
    claims: tuple[Claim, ...]
    verdicts: tuple[ClaimVerdict, ...]
    sources: tuple[SourceStats, ...]
    coverage: dict[int, ClaimCoverage] = field(default_factory=dict)  # by claim position
    pages: tuple[int, int] = (0, 0)  # distinct pages of the run, article fetches that failed
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
        "window": {"since": report.run.since, "until": report.run.until},
        "summary": {"claims": len(report.verdicts), **verdict_counts(report.verdicts)},
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
            reasons = failure_summary(stats.errors, limit=3) or "unknown error"
            warnings.append(
                f"coverage degraded: {stats.name} {stats.failures} of {stats.requests} "
                f"requests failed ({reasons})"
            )
    return warnings


def render_text(report: RunReport, width: int = 80) -> str:
    """A report read at a glance in a ``width``-column terminal: a summary line and the date
    window first, then per claim its verdict, score, top evidence with links and what was
    searched, then the sources once."""
    claims = {claim.position: claim for claim in report.claims}
    lines = header_lines(report, width)
    if not report.complete:  # the command on a line of its own, never wrapped
        lines += [*_wrap(incomplete_line(report), width, "", "  "), f"  {resume_command(report)}"]
    lines.append("")
    for verdict in report.verdicts:
        lines.extend(_claim_lines(claims[verdict.claim_position], verdict, width))
        lines.extend(_searched_lines(report.coverage.get(verdict.claim_position), width))
        lines.append("")
    lines.extend(_source_lines(report.sources, report.pages, width))
    return "\n".join(lines).rstrip() + "\n"


def header_lines(report: RunReport, width: int = 80) -> list[str]:
    """The run, its summary line and the date window: the report at a glance."""
    title = report.run.article_title or report.run.article_path
    return [
        *_wrap(f"Run {report.run.run_id}: {title}", width, ""),
        *_wrap(summary_line(report.verdicts), width, "", "  "),
        *_wrap(window_line(report.run.since, report.run.until), width, ""),
    ]


def summary_line(verdicts: Sequence[ClaimVerdict]) -> str:
    """ "7 claims: 4 corroborated, 1 contradicted, 2 not found", labels in the order of
    ``VERDICT_ORDER``."""
    counts = verdict_counts(verdicts)
    parts = [f"{count} {label}" for label, count in counts.items() if count]
    noun = "claim" if len(verdicts) == 1 else "claims"
    return f"{len(verdicts)} {noun}: " + (", ".join(parts) or "none")


def verdict_counts(verdicts: Sequence[ClaimVerdict]) -> dict[str, int]:
    counts = Counter(verdict.verdict for verdict in verdicts)
    order = [*VERDICT_ORDER, *sorted(set(counts) - set(VERDICT_ORDER))]
    return {label: counts[label] for label in order}


def window_line(since: str | None, until: str | None) -> str:
    """The date window every source was searched in."""
    if since and until:
        return f"Searched: {since} to {until}"
    if since or until:
        return f"Searched: {'from ' + since if since else 'up to ' + str(until)}"
    return "Searched: any date (no window)"


def _wrap(text: str, width: int, indent: str, more: str | None = None) -> list[str]:
    follow = indent if more is None else more
    return textwrap.wrap(
        text, width=width, initial_indent=indent, subsequent_indent=follow, break_on_hyphens=False
    ) or [indent.rstrip()]


def incomplete_line(report: RunReport) -> str:
    """What an unfinished run lacks; ``resume_command`` finishes it."""
    return (
        f"INCOMPLETE RUN ({report.run.status}): {report.pending_searches} searches and "
        f"{report.pending_pages} pages not done; finish with:"
    )


def resume_command(report: RunReport) -> str:
    return f"corroborate resume --run {report.run.run_id}"


def _claim_lines(claim: Claim, verdict: ClaimVerdict, width: int) -> list[str]:
    head = f"[{claim.position}] {verdict.verdict.upper()} ({verdict.score}/100) "
    lines = _wrap(head + claim.text, width, "", "    ")
    if verdict.explanation:
        lines.extend(_wrap(verdict.explanation, width, "    ", "      "))
    for evidence in verdict.evidence[:3]:
        stance = f", {evidence.stance}" if evidence.stance else ""
        lines.append(f"    - {evidence.outlet} ({evidence.score:.0f}{stance})")
        lines.append(f"      {evidence.url}")
        lines.extend(_wrap(f'"{evidence.sentence}"', width, "      "))
    lines.extend(quality_lines(verdict, width, shown=3))
    return lines


def _source_lines(sources: Sequence[SourceStats], pages: tuple[int, int], width: int) -> list[str]:
    if not sources:
        return ["Sources: none searched"]
    fetched, failed = pages
    lines = [f"Sources ({fetched} {_plural(fetched, 'page')} fetched, {failed} failed):"]
    name_width = max(len(stats.name) for stats in sources)
    for stats in sources:
        lines.extend(
            _wrap(
                f"{stats.name:<{name_width}}  {_requests_text(stats)}; "
                f"found {stats.pages_fetched} {_plural(stats.pages_fetched, 'page')}"
                + (f", {stats.pages_failed} failed" if stats.pages_failed else ""),
                width,
                "  ",
                "    ",
            )
        )
    for warning in coverage_warnings(sources):
        lines.extend(_wrap(warning, width, "", "    "))
    return lines


def _requests_text(stats: SourceStats) -> str:
    noun = "fetch" if stats.name in RUN_WIDE_SOURCES else "request"
    text = f"{stats.requests} {_plural(stats.requests, noun)}"
    return text + (f" ({stats.failures} failed)" if stats.failures else "")


def _plural(count: int, noun: str) -> str:
    if count == 1:
        return noun
    return noun + ("es" if noun.endswith("ch") else "s")


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


def _searched_lines(coverage: ClaimCoverage | None, width: int = 80) -> list[str]:
    """ "searched: gdelt 3 ok, google_news 2 of 3 failed (HTTP 429), feeds 9 read". Feeds and
    sitemaps are read once for all claims: their failures are told once, under Sources."""
    if coverage is None or not coverage.searches:
        return []
    parts = []
    for search in coverage.searches:
        answered = search.ok + search.empty
        if search.source in RUN_WIDE_SOURCES:
            parts.append(
                f"{search.source} {answered} read"
                if not search.failed
                else f"{search.source} {answered} of {search.queries} read"
            )
        elif not search.failed:
            parts.append(f"{search.source} {answered} ok")
        else:
            parts.append(
                f"{search.source} {search.failed} of {search.queries} failed "
                f"({failure_summary(search.errors, limit=2)})"
            )
    return _wrap("searched: " + ", ".join(parts), width, "    ", "      ")
