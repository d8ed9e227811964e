"""What a report page shows, read from the ``browse_*`` views of one database.

Rows stay dicts (the storage edge); this module only groups them per claim, folds an origin's
copies under its first page, marks evidence terms and draws the pictures.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from corroborate.browse.highlight import highlight
from corroborate.browse.pictures import Dated, ScorePoint, parse_day, score_svg, timeline_svg

Row = dict[str, Any]
# ``(sql, params) -> rows``: Datasette's ``Database.execute``, wrapped to give dicts.
Query = Callable[[str, Sequence[Any]], Awaitable[list[Row]]]
# Copies listed under an origin; a wire story can run on hundreds of sites, the origins table
# lists them all.
COPIES_SHOWN = 20


@dataclass
class Origin:
    """An independent origin: its first published page, the copies folded under it."""

    rule: str
    stance: str | None
    lead: Row
    copies: list[Row] = field(default_factory=list)

    @property
    def copy_count(self) -> int:
        """All its copies, listed or not."""
        return int(self.lead["cluster_pages"]) - 1

    @property
    def unlisted(self) -> int:
        return self.copy_count - len(self.copies)


@dataclass
class ClaimSection:
    """One claim of a run, with everything shown under it."""

    claim: Row
    evidence: list[Row]
    origins: list[Origin]
    discrepancies: list[Row]
    history: list[ScorePoint]
    history_chart: Markup


@dataclass
class RunPage:
    run: Row
    claims: list[ClaimSection]
    coverage: list[Row]
    unfetched: list[Row]
    timeline: Markup
    timeline_pages: int
    undated_pages: int


async def read_run(query: Query, run_id: int) -> RunPage | None:
    """The whole report of one run, or None when there is no such run."""
    runs = await query("SELECT * FROM browse_runs WHERE run_id = ?", [run_id])
    if not runs:
        return None
    claims = await query("SELECT * FROM browse_claims WHERE run_id = ? ORDER BY position", [run_id])
    sections = await _sections(query, run_id, claims)
    pages = await query("SELECT * FROM browse_timeline WHERE run_id = ?", [run_id])
    dated = [Dated(day, page["outlet"]) for page in pages if (day := parse_day(page["published"]))]
    return RunPage(
        run=runs[0],
        claims=sections,
        coverage=await query(
            "SELECT * FROM browse_coverage WHERE run_id = ? ORDER BY source", [run_id]
        ),
        unfetched=await query(
            "SELECT source, publisher, title, reason, url FROM unfetched_reports "
            "WHERE run_id = ? ORDER BY id",
            [run_id],
        ),
        timeline=timeline_svg(dated, parse_day(runs[0]["article_published"])),
        timeline_pages=len(dated),
        undated_pages=len(pages) - len(dated),
    )


async def latest_run_of_claim(query: Query, claim_id: int) -> int | None:
    rows = await query(
        "SELECT max(run_id) AS run_id FROM browse_claims WHERE claim_id = ?", [claim_id]
    )
    return rows[0]["run_id"] if rows else None


async def _sections(query: Query, run_id: int, claims: list[Row]) -> list[ClaimSection]:
    evidence = _by_claim(
        await query("SELECT * FROM browse_evidence WHERE run_id = ? ORDER BY rank", [run_id])
    )
    origins = _by_claim(
        await query(
            "SELECT * FROM browse_origins WHERE run_id = ? AND copy_rank <= ? "
            "ORDER BY cluster, copy_rank",
            [run_id, COPIES_SHOWN + 1],
        )
    )
    discrepancies = _by_claim(
        await query("SELECT * FROM browse_discrepancies WHERE run_id = ? ORDER BY id", [run_id])
    )
    history = _by_claim(
        await query(
            "SELECT * FROM browse_score_history WHERE article_id = ? ORDER BY run_id",
            [claims[0]["article_id"]] if claims else [0],
        )
    )
    sections = []
    for claim in claims:
        claim_id = claim["claim_id"]
        points = [
            ScorePoint(row["run_id"], row["score"], row["verdict"]) for row in history[claim_id]
        ]
        sections.append(
            ClaimSection(
                claim=claim,
                evidence=_marked(evidence[claim_id], discrepancies[claim_id]),
                origins=_folded(origins[claim_id]),
                discrepancies=discrepancies[claim_id],
                history=points,
                history_chart=score_svg(points),
            )
        )
    return sections


def _by_claim(rows: list[Row]) -> defaultdict[int, list[Row]]:
    grouped: defaultdict[int, list[Row]] = defaultdict(list)
    for row in rows:
        grouped[row["claim_id"]].append(row)
    return grouped


def _marked(evidence: list[Row], discrepancies: list[Row]) -> list[Row]:
    """Each sentence with matched terms marked, and the values outlets report otherwise
    marked where the sentence comes from one of those outlets' pages."""
    marked = []
    for row in evidence:
        differing = [
            item["reported_value"]
            for item in discrepancies
            if row["url"] in json.loads(item["evidence_urls"])
        ]
        matched = json.loads(row["matched_terms"] or "[]")
        marked.append({**row, "marked": highlight(row["sentence"], matched, differing)})
    return marked


def _folded(rows: list[Row]) -> list[Origin]:
    """Rows come ordered by origin and copy rank: the first row of an origin leads it."""
    origins: dict[int, Origin] = {}
    for row in rows:
        origin = origins.get(row["cluster"])
        if origin is None:
            origins[row["cluster"]] = Origin(row["rule"], row["stance"], row)
        else:
            origin.copies.append(row)
    return list(origins.values())
