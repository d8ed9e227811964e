"""Per-claim coverage: which sources were searched for each claim, and how that went.

"No corroboration found" is a finding only when the search itself worked. A claim is searched
by its own queries (search APIs) and by every run-wide request (feeds, sitemaps read for all
claims at once); when none of those answered, its verdict is "search failed", never "not found".
Publishers a source named but whose page could not be reached are kept too: they reported the
story, and the reader should know.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from corroborate.models import ClaimVerdict
from corroborate.sources.registry import SEARCH_SOURCES, SOURCE_NAMES
from corroborate.verdicts.labels import NOT_FOUND, SEARCH_FAILED, SEARCH_INCOMPLETE

# Read once for all claims (feeds, sitemaps): their failures are told once, not per claim.
RUN_WIDE_SOURCES = tuple(name for name in SOURCE_NAMES if name not in SEARCH_SOURCES)

LedgerRow = tuple[int | None, str, str, str | None]  # claim position, source, status, error
UnfetchedRow = tuple[int | None, str, str | None, str]  # claim position, source, publisher, why
PendingRow = tuple[int | None, str]  # claim position (None: run-wide), source


@dataclass(frozen=True)
class SourceSearch:
    """One source's requests for one claim: answered (ok, empty) or failed, with reasons."""

    source: str
    queries: int
    ok: int
    empty: int
    failed: int
    errors: tuple[str, ...] = ()


@dataclass(frozen=True)
class ClaimCoverage:
    claim_position: int
    searches: tuple[SourceSearch, ...] = ()
    unfetched: tuple[str, ...] = ()  # "Publisher (reason)", reported but not fetched
    pending: tuple[str, ...] = ()  # sources with searches not answered yet (interrupted crawl)

    @property
    def answered(self) -> int:
        return sum(search.ok + search.empty for search in self.searches)

    @property
    def errors(self) -> list[str]:
        return [error for search in self.searches for error in search.errors]


def claim_coverage(
    positions: Iterable[int],
    ledger: Sequence[LedgerRow],
    unfetched: Sequence[UnfetchedRow] = (),
    pending: Sequence[PendingRow] = (),
) -> dict[int, ClaimCoverage]:
    """Coverage per claim position; run-wide rows (no claim) count for every claim."""
    coverage = {}
    for position in positions:
        rows = [row for row in ledger if row[0] in (position, None)]
        reported = [_reported(row) for row in unfetched if row[0] in (position, None)]
        waiting = sorted({source for claim, source in pending if claim in (position, None)})
        coverage[position] = ClaimCoverage(
            position, _searches(rows), tuple(dict.fromkeys(reported)), tuple(waiting)
        )
    return coverage


def _searches(rows: Sequence[LedgerRow]) -> tuple[SourceSearch, ...]:
    by_source: dict[str, Counter[str]] = {}
    errors: dict[str, list[str]] = {}
    for _, source, status, error in rows:
        by_source.setdefault(source, Counter())[status] += 1
        if status == "failed":
            errors.setdefault(source, []).append(error or "unknown error")
    return tuple(
        SourceSearch(
            source,
            sum(counts.values()),
            counts["ok"],
            counts["empty"],
            counts["failed"],
            tuple(errors.get(source, ())),
        )
        for source, counts in sorted(by_source.items())
    )


def _reported(row: UnfetchedRow) -> str:
    _, source, publisher, reason = row
    return f"{publisher or source} ({reason})"


def apply_coverage(
    verdicts: Sequence[ClaimVerdict], coverage: dict[int, ClaimCoverage]
) -> list[ClaimVerdict]:
    """ "Not found" becomes "search failed" for a claim none of whose searches answered; a
    "not found" whose searches partly failed, or whose reporting publishers could not be
    fetched, says so in its explanation."""
    return [_with_coverage(verdict, coverage.get(verdict.claim_position)) for verdict in verdicts]


def _with_coverage(verdict: ClaimVerdict, coverage: ClaimCoverage | None) -> ClaimVerdict:
    if verdict.verdict != NOT_FOUND:
        return verdict
    if coverage is not None and coverage.pending:
        return replace(
            verdict,
            verdict=SEARCH_INCOMPLETE,
            explanation="the run was not finished: searches of "
            + ", ".join(coverage.pending)
            + " were not done (corroborate resume finishes them)",
        )
    if coverage is None or coverage.answered == 0:
        reasons = failure_summary(coverage.errors, limit=3) if coverage else ""
        return replace(
            verdict,
            verdict=SEARCH_FAILED,
            explanation=(
                "no source answered, so absence of evidence means nothing: "
                + (reasons or "no requests were made")
            ),
        )
    notes = [verdict.explanation] if verdict.explanation else []
    failed = [search for search in coverage.searches if search.failed]
    if failed:
        notes.append(
            "searches failed: "
            + "; ".join(
                f"{search.source} {search.failed} of {search.queries} ({_reasons(search)})"
                for search in failed
            )
        )
    if coverage.unfetched:
        notes.append("reported but not fetched: " + ", ".join(coverage.unfetched))
    return replace(verdict, explanation="; ".join(notes))


def _reasons(search: SourceSearch) -> str:
    """Why a claim's own searches failed; feeds and sitemaps are read once for all claims, so
    their reasons are told once, under the report's Sources, not per claim."""
    if search.source in RUN_WIDE_SOURCES:
        return "see Sources"
    return failure_summary(search.errors, limit=2)


def failure_summary(errors: Sequence[str], limit: int | None = None) -> str:
    """ "HTTP 429 x3, timeout": each distinct reason once, with its count when above one; past
    ``limit`` reasons, "and N more" (a line a person reads, not a log)."""
    counts = sorted(Counter(errors).items(), key=lambda kv: (-kv[1], kv[0]))
    shown = counts if limit is None else counts[:limit]
    text = ", ".join(reason if count == 1 else f"{reason} x{count}" for reason, count in shown)
    hidden = len(counts) - len(shown)
    return text + (f" and {hidden} more" if hidden else "")
