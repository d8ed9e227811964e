"""How origins, discrepancies and stances appear in the JSON document and the terminal report.

``render.py`` owns the layout of a run's report; this module formats the parts a verdict adds
about independence and disagreement, so that layout stays short.
"""

from __future__ import annotations

import textwrap
from typing import Any

from corroborate.evidence.stance import CONTRADICTS
from corroborate.models import ClaimVerdict, Discrepancy, OriginCluster

MAX_ORIGINS_SHOWN = 6


def origins_json(verdict: ClaimVerdict) -> list[dict[str, Any]]:
    return [_origin_json(cluster) for cluster in verdict.origins]


def _origin_json(cluster: OriginCluster) -> dict[str, Any]:
    return {
        "id": cluster.cluster_id,
        "outlets": list(cluster.outlets),
        "pages": len(cluster.page_ids),
        "urls": list(cluster.urls),
        "rule": cluster.rule,
        "stance": cluster.stance,
    }


def discrepancies_json(verdict: ClaimVerdict) -> list[dict[str, Any]]:
    return [_discrepancy_json(item) for item in verdict.discrepancies]


def _discrepancy_json(item: Discrepancy) -> dict[str, Any]:
    return {
        "kind": item.kind,
        "claim_value": item.claim_value,
        "reported_value": item.reported_value,
        "independent_outlets": item.independent_outlets,
        "outlets": list(item.outlets),
        "evidence_urls": list(item.evidence_urls),
        "summary": item.describe(),
    }


def quality_lines(verdict: ClaimVerdict, width: int, shown: int = 3) -> list[str]:
    """Origins with their page counts and merge rules, what differs, and who says otherwise
    among the evidence past the first ``shown`` (which the report already lists)."""
    lines = _origin_lines(verdict, width)
    for item in verdict.discrepancies:
        lines += textwrap.wrap(
            f"differs ({item.kind}): {item.describe()} - " + ", ".join(item.outlets),
            width=width,
            initial_indent="    ",
            subsequent_indent="      ",
        )
    for evidence in verdict.evidence[shown:]:
        if evidence.stance == CONTRADICTS:
            lines.append(
                f"    x {evidence.outlet} ({evidence.score:.0f}, contradicts): {evidence.url}"
            )
    return lines


def _origin_lines(verdict: ClaimVerdict, width: int) -> list[str]:
    if not verdict.origins:
        return []
    listed = "; ".join(_origin_text(cluster) for cluster in verdict.origins[:MAX_ORIGINS_SHOWN])
    more = len(verdict.origins) - MAX_ORIGINS_SHOWN
    pages = f"{verdict.pages} page" + ("s" if verdict.pages != 1 else "")
    head = f"origins: {len(verdict.origins)} ({pages}): {listed}" + (
        f"; +{more} more" if more > 0 else ""
    )
    return textwrap.wrap(head, width=width, initial_indent="    ", subsequent_indent="      ")


def _origin_text(cluster: OriginCluster) -> str:
    outlets = ", ".join(cluster.outlets)
    pages = len(cluster.page_ids)
    plural = "s" if pages != 1 else ""
    return f"{outlets} [{cluster.stance or '?'}; {pages} page{plural}; {cluster.rule}]"
