"""Turn evidence into a per-claim verdict that counts independent outlets, not pages.

Ten pages carrying one claim can be one source: an outlet's own pages (live blog, update,
AMP copy) and wire reprints syndicated across outlets. Pages are grouped into origins with a
union-find: same outlet, or near-duplicate text fingerprints across outlets. A page that is a
copy of the article under test is the article itself, so it never counts.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence

import numpy as np

from corroborate.fingerprints import (
    NEAR_DUPLICATE_MIN_SIMILARITY,
    are_near_duplicates,
    similarity_matrix,
)
from corroborate.matching import DEFAULT_MIN_SCORE
from corroborate.models import Claim, ClaimVerdict, Evidence, PageFingerprint

logger = logging.getLogger(__name__)

CORROBORATED = "corroborated"
SINGLE_SOURCE = "single-source"
NOT_FOUND = "not found"
# Reserved for later work, so reports and storage can already name them.
PARTLY_CORROBORATED = "partly corroborated"
CONTRADICTED = "contradicted"
NOT_CHECKABLE = "not checkable"

# Evidence at least this strong counts as an origin carrying the claim.
STRONG_EVIDENCE_SCORE = DEFAULT_MIN_SCORE
CORROBORATING_ORIGINS = 2
# Each origin closes this share of the remaining gap to 100, scaled by its evidence strength:
# one perfect origin gives 45, two 70, three 83, four 91. A single source stays well below two.
ORIGIN_WEIGHT = 0.45
MAX_VERDICT_EVIDENCE = 5


def score_claims(
    claims: Sequence[Claim],
    evidence: Sequence[Evidence],
    fingerprints: Sequence[PageFingerprint],
    article_fingerprint: bytes | None = None,
    strong_score: float = STRONG_EVIDENCE_SCORE,
) -> list[ClaimVerdict]:
    """One verdict per claim, in article order."""
    by_claim: dict[int, list[Evidence]] = defaultdict(list)
    for item in evidence:
        by_claim[item.claim_position].append(item)
    copies = _article_copies(fingerprints, article_fingerprint)
    if copies:
        logger.debug("pages %s copy the article under test; they do not count", sorted(copies))
    verdicts = []
    for claim in claims:
        usable = [
            item
            for item in by_claim.get(claim.position, [])
            if item.score >= strong_score and item.page_id not in copies
        ]
        verdicts.append(_verdict(claim.position, usable, fingerprints))
    return verdicts


def independent_outlets(
    evidence: Sequence[Evidence], fingerprints: Sequence[PageFingerprint]
) -> int:
    """How many independent origins the evidence comes from."""
    return len(set(origins(evidence, fingerprints).values()))


def origins(
    evidence: Sequence[Evidence], fingerprints: Sequence[PageFingerprint]
) -> dict[int, int]:
    """Page id -> origin id for the pages of the evidence: pages of one outlet share an origin,
    and so do pages whose fingerprints are near duplicates (reprints), across outlets."""
    outlet_of = {item.page_id: _outlet_key(item.outlet) for item in evidence}
    known = {fp.page_id: fp.signature for fp in fingerprints if fp.page_id in outlet_of}
    parent = {page_id: page_id for page_id in outlet_of}
    first_page_of: dict[str, int] = {}
    for page_id, outlet in sorted(outlet_of.items()):
        _union(parent, first_page_of.setdefault(outlet, page_id), page_id)
    for a, b in _near_duplicate_pairs(known):
        _union(parent, a, b)
    return {page_id: _root(parent, page_id) for page_id in parent}


def _verdict(
    position: int, evidence: list[Evidence], fingerprints: Sequence[PageFingerprint]
) -> ClaimVerdict:
    origin_of = origins(evidence, fingerprints)
    best_per_origin = _best_per_origin(evidence, origin_of)
    count = len(best_per_origin)
    pages = len({item.page_id for item in evidence})
    return ClaimVerdict(
        claim_position=position,
        score=_score(item.score for item in best_per_origin),
        verdict=_verdict_label(count),
        independent_outlets=count,
        pages=pages,
        evidence=_shown_evidence(evidence, best_per_origin),
        explanation=_explanation(count, pages),
    )


def _best_per_origin(evidence: list[Evidence], origin_of: dict[int, int]) -> list[Evidence]:
    best: dict[int, Evidence] = {}
    for item in sorted(evidence, key=_strongest_first):
        best.setdefault(origin_of[item.page_id], item)
    return sorted(best.values(), key=_strongest_first)


def _shown_evidence(
    evidence: list[Evidence], best_per_origin: list[Evidence]
) -> tuple[Evidence, ...]:
    """The best of each origin first, then the strongest remaining pages, up to the limit."""
    shown = best_per_origin[:MAX_VERDICT_EVIDENCE]
    chosen = {id(item) for item in shown}
    rest = [item for item in sorted(evidence, key=_strongest_first) if id(item) not in chosen]
    return tuple(shown + rest[: MAX_VERDICT_EVIDENCE - len(shown)])


def _strongest_first(item: Evidence) -> tuple[float, int, int]:
    return (-item.score, item.page_id, item.sentence_id)


def _score(origin_scores: Iterable[float]) -> int:
    """Diminishing returns: every further origin adds less than the one before."""
    gap = 1.0
    for score in origin_scores:
        gap *= 1 - ORIGIN_WEIGHT * min(max(score, 0.0), 100.0) / 100
    return round(100 * (1 - gap))


def _verdict_label(origin_count: int) -> str:
    if origin_count >= CORROBORATING_ORIGINS:
        return CORROBORATED
    return SINGLE_SOURCE if origin_count == 1 else NOT_FOUND


def _explanation(origin_count: int, pages: int) -> str:
    page_note = f" ({pages} page{'s' if pages != 1 else ''})"
    if origin_count == 0:
        return "No outlet found carrying this claim"
    if origin_count == 1:
        return f"Only 1 outlet{page_note} carries this claim"
    return f"{origin_count} independent outlets{page_note} carry this claim"


def _article_copies(
    fingerprints: Sequence[PageFingerprint], article_fingerprint: bytes | None
) -> set[int]:
    if not article_fingerprint:  # None, or b"" for an article without words
        return set()
    return {
        fp.page_id for fp in fingerprints
        if are_near_duplicates(fp.signature, article_fingerprint)
    }


def _outlet_key(outlet: str) -> str:
    """"www.example.com" and "Example.com" are one outlet."""
    host = outlet.strip().lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def _near_duplicate_pairs(signatures: dict[int, bytes]) -> Iterable[tuple[int, int]]:
    """Every pair of pages whose texts are near duplicates (estimated Jaccard similarity)."""
    page_ids = list(signatures)
    similar = similarity_matrix([signatures[page_id] for page_id in page_ids])
    rows, columns = np.nonzero(np.triu(similar >= NEAR_DUPLICATE_MIN_SIMILARITY, k=1))
    for row, column in zip(rows.tolist(), columns.tolist()):
        yield page_ids[row], page_ids[column]


def _root(parent: dict[int, int], page_id: int) -> int:
    while parent[page_id] != page_id:
        parent[page_id] = parent[parent[page_id]]  # path halving
        page_id = parent[page_id]
    return page_id


def _union(parent: dict[int, int], a: int, b: int) -> None:
    root_a, root_b = _root(parent, a), _root(parent, b)
    if root_a != root_b:
        parent[max(root_a, root_b)] = min(root_a, root_b)
