"""What changed between two runs of one article: verdicts, origins, pages.

A verification desk wants the news, not the whole report again: which claims' verdicts moved
(single-source -> corroborated, corroborated -> contradicted), which independent origins are
new on either side, and which pages the re-check found edited or gone.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from corroborate.evidence.stance import CONTRADICTS, SUPPORTS
from corroborate.store import Store
from corroborate.store.history import HistoryRow, OriginRow


@dataclass(frozen=True)
class ClaimChange:
    claim_id: int
    position: int
    claim: str
    verdict: str
    score: int
    previous_verdict: str | None  # None when the claim was not scored in the previous run
    previous_score: int | None
    new_supporting: tuple[str, ...]  # outlets of origins the previous run did not have
    new_contradicting: tuple[str, ...]

    @property
    def verdict_changed(self) -> bool:
        return self.previous_verdict is not None and self.previous_verdict != self.verdict

    def as_dict(self) -> dict[str, object]:
        return {
            "claim_id": self.claim_id,
            "position": self.position,
            "claim": self.claim,
            "verdict": self.verdict,
            "score": self.score,
            "previous_verdict": self.previous_verdict,
            "previous_score": self.previous_score,
            "verdict_changed": self.verdict_changed,
            "new_supporting_outlets": list(self.new_supporting),
            "new_contradicting_outlets": list(self.new_contradicting),
        }


@dataclass(frozen=True)
class PageChange:
    url: str
    change: str  # "changed" or "vanished"
    detail: str | None


@dataclass(frozen=True)
class RunDiff:
    run_id: int
    previous_run_id: int | None
    claims: tuple[ClaimChange, ...]
    pages: tuple[PageChange, ...]

    @property
    def verdict_changes(self) -> list[ClaimChange]:
        return [claim for claim in self.claims if claim.verdict_changed]

    def as_dict(self) -> dict[str, object]:
        return {
            "run_id": self.run_id,
            "previous_run_id": self.previous_run_id,
            "claims": [claim.as_dict() for claim in self.claims],
            "pages": [vars(page) for page in self.pages],
        }


def run_diff(store: Store, run_id: int, previous_run_id: int | None) -> RunDiff:
    """Run ``run_id`` against ``previous_run_id`` (None: against nothing, all is new)."""
    runs = [run_id] if previous_run_id is None else [previous_run_id, run_id]
    rows = store.history.verdicts(runs)
    before = {row.claim_id: row for row in rows if row.run_id == previous_run_id}
    now_origins = _by_claim(store.history.origins(run_id))
    old_origins = _by_claim(store.history.origins(previous_run_id) if previous_run_id else [])
    claims = [
        _claim_change(row, before.get(row.claim_id), now_origins, old_origins)
        for row in rows
        if row.run_id == run_id
    ]
    pages = [PageChange(*vars(row).values()) for row in store.history.page_changes(run_id)]
    return RunDiff(run_id, previous_run_id, tuple(claims), tuple(pages))


def _by_claim(origins: list[OriginRow]) -> dict[int, list[OriginRow]]:
    grouped: dict[int, list[OriginRow]] = defaultdict(list)
    for origin in origins:
        grouped[origin.claim_id].append(origin)
    return grouped


def _claim_change(
    row: HistoryRow,
    previous: HistoryRow | None,
    now_origins: dict[int, list[OriginRow]],
    old_origins: dict[int, list[OriginRow]],
) -> ClaimChange:
    return ClaimChange(
        claim_id=row.claim_id,
        position=row.position,
        claim=row.claim,
        verdict=row.verdict,
        score=row.score,
        previous_verdict=previous.verdict if previous else None,
        previous_score=previous.score if previous else None,
        new_supporting=_new_outlets(row.claim_id, SUPPORTS, now_origins, old_origins),
        new_contradicting=_new_outlets(row.claim_id, CONTRADICTS, now_origins, old_origins),
    )


def _new_outlets(
    claim_id: int,
    stance: str,
    now_origins: dict[int, list[OriginRow]],
    old_origins: dict[int, list[OriginRow]],
) -> tuple[str, ...]:
    """Outlets of this run's origins with ``stance`` that share no outlet with an origin of
    the same stance in the previous run."""
    known = {
        outlet
        for origin in old_origins.get(claim_id, [])
        if origin.stance == stance
        for outlet in origin.outlets
    }
    new = [
        outlet
        for origin in now_origins.get(claim_id, [])
        if origin.stance == stance and not known.intersection(origin.outlets)
        for outlet in origin.outlets
    ]
    return tuple(sorted(set(new)))


def describe_change(change: ClaimChange) -> str:
    """One line for the scheduler's output, e.g.
    ``claim 2: single-source -> corroborated, score 45 -> 70 (+b.example)``."""
    outlets = [f"+{outlet}" for outlet in change.new_supporting]
    outlets += [f"+{outlet} (contradicts)" for outlet in change.new_contradicting]
    extra = f" ({', '.join(outlets)})" if outlets else ""
    return (
        f"claim {change.position}: {change.previous_verdict} -> {change.verdict}, "
        f"score {change.previous_score} -> {change.score}{extra}"
    )
