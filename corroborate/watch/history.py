"""An article's history: each claim's verdict and score across its runs, and what the latest
run changed against the one before (``corroborate history``)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from corroborate.errors import NoSuchRun
from corroborate.models import Article
from corroborate.store import Store
from corroborate.store.history import HistoryRow
from corroborate.watch.changes import RunDiff, run_diff


@dataclass(frozen=True)
class ClaimHistory:
    position: int
    claim: str
    runs: tuple[HistoryRow, ...]  # oldest first


@dataclass(frozen=True)
class ArticleHistory:
    article_path: str
    run_ids: tuple[int, ...]
    claims: tuple[ClaimHistory, ...]
    latest: RunDiff | None  # None with fewer than one scored run

    def as_dict(self) -> dict[str, object]:
        return {
            "article": self.article_path,
            "runs": list(self.run_ids),
            "claims": [
                {
                    "position": claim.position,
                    "claim": claim.claim,
                    "history": [
                        {
                            "run_id": row.run_id,
                            "verdict": row.verdict,
                            "score": row.score,
                            "independent_outlets": row.independent_outlets,
                            "finished_at": row.finished_at,
                        }
                        for row in claim.runs
                    ],
                }
                for claim in self.claims
            ],
            "latest_changes": self.latest.as_dict() if self.latest else None,
        }


def article_history(
    db_path: str | Path, article: Article | None = None, watch_id: int | None = None
) -> ArticleHistory:
    """The history of ``article`` (as stored by any run of its exact text) or of a watch's
    runs; raises ``NoSuchRun`` when nothing was scored yet."""
    store = Store.open(db_path, create=False)
    try:
        if watch_id is not None:
            watch = store.watches.get(watch_id)
            article_id, path = watch.article_id, watch.article_path
        else:
            assert article is not None, "an article or a watch id"
            found = store.history.article_id_for_text(article.text)
            if found is None:
                raise NoSuchRun(f"{article.path} was never checked in this database")
            article_id, path = found, article.path
        run_ids = store.history.scored_runs(article_id, watch_id)
        if not run_ids:
            raise NoSuchRun(f"{path} has no scored run yet")
        previous = run_ids[-2] if len(run_ids) > 1 else None
        latest = run_diff(store, run_ids[-1], previous)
        return ArticleHistory(path, tuple(run_ids), _claims(store, run_ids), latest)
    finally:
        store.close()


def _claims(store: Store, run_ids: list[int]) -> tuple[ClaimHistory, ...]:
    grouped: dict[int, list[HistoryRow]] = defaultdict(list)
    for row in store.history.verdicts(run_ids):
        grouped[row.claim_id].append(row)
    claims = [
        ClaimHistory(rows[-1].position, rows[-1].claim, tuple(rows)) for rows in grouped.values()
    ]
    return tuple(sorted(claims, key=lambda claim: claim.position))
