"""Turn evidence into a per-claim verdict that counts independent origins, not pages.

Ten pages carrying one claim can be one source: an outlet's own pages (live blog, update, AMP
copy), reprints of one text, one agency's wire story. ``origins.cluster_origins`` groups the
pages with evidence into origins; each origin takes one stance (what most of its pages say);
``verdicts`` weighs the supporting origins against those that state the claim otherwise. A page
that copies the article under test is the article itself, so it never counts.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date

from corroborate.evidence.details import DetailSupport, confirmed_details, detail_discrepancies
from corroborate.evidence.discrepancies import QUOTE, summarise, unreported_quotes
from corroborate.evidence.quotes import quoted_instead, story_quote_checks
from corroborate.evidence.stance import CONTRADICTS, DISCUSSES, SUPPORTS, UNKNOWN, UNRELATED
from corroborate.evidence.story import StoryPage
from corroborate.models import (
    Claim,
    ClaimVerdict,
    Discrepancy,
    Evidence,
    OriginCluster,
    PageFingerprint,
    PageText,
)
from corroborate.settings import DEFAULT_SETTINGS, ScoringSettings
from corroborate.text.dates import parse_iso_date
from corroborate.text.sentences import split_sentences
from corroborate.verdicts.labels import NOT_CHECKABLE, decide, explain, not_checkable_reason
from corroborate.verdicts.origins import OriginPage, article_copies, cluster_origins

logger = logging.getLogger(__name__)

MAX_VERDICT_EVIDENCE = 5  # supporting pages shown, the best of each origin first
MAX_CONTRADICTING_EVIDENCE = 3  # and pages that state the claim otherwise


def score_claims(
    claims: Sequence[Claim],
    evidence: Sequence[Evidence],
    fingerprints: Sequence[PageFingerprint],
    article_fingerprint: bytes | None = None,
    wires: Mapping[int, str] | None = None,
    pages: Mapping[int, PageText] | None = None,
    copies: Iterable[int] = (),
    settings: ScoringSettings = DEFAULT_SETTINGS,
    claim_date: date | None = None,
    claimed: Mapping[int, str] | None = None,
) -> list[ClaimVerdict]:
    """One verdict per claim, in article order. Evidence scoring at least
    ``settings.min_evidence_score`` counts as an origin carrying (or disputing) the claim.

    ``wires``: page id -> crediting agency; ``pages``: page texts (for quotes and the
    story-wide detail checks); ``copies``: pages already known to copy the article, on top of
    the fingerprint check; ``claim_date``: the article's date, what its "Tuesday" counts from;
    ``claimed``: page id -> the URL on another outlet its canonical link claims it copies.
    """
    by_claim: dict[int, list[Evidence]] = defaultdict(list)
    for item in evidence:
        by_claim[item.claim_position].append(item)
    excluded = article_copies(fingerprints, article_fingerprint) | set(copies)
    if excluded:
        logger.debug("pages %s copy the article under test; they do not count", sorted(excluded))
    signatures = {fp.page_id: fp.signature for fp in fingerprints}

    def counts(item: Evidence) -> bool:
        return (
            item.score >= settings.min_evidence_score
            and item.page_id not in excluded
            and item.stance != UNRELATED
        )

    story = _story(
        [item for item in evidence if counts(item)],
        signatures,
        wires or {},
        pages or {},
        claimed or {},
    )
    verdicts = []
    for claim in claims:
        usable = [item for item in by_claim.get(claim.position, []) if counts(item)]
        clusters = _clusters(usable, signatures, wires or {}, claimed or {})
        details = detail_discrepancies(claim, story, claim_date)
        if not usable:  # no sentence matched: its quotes are checked against the whole story
            details += story_quote_checks(claim, story)
        instead = quoted_instead(claim, story) if claim.key_terms.quotes else None
        support = confirmed_details(claim, story)
        verdicts.append(
            _verdict(
                claim,
                usable,
                clusters,
                pages or {},
                settings.origin_weight,
                (details, support),
                instead,
            )  # fmt: skip
        )
    return verdicts


def _story(
    evidence: list[Evidence],
    signatures: Mapping[int, bytes],
    wires: Mapping[int, str],
    pages: Mapping[int, PageText],
    claimed: Mapping[int, str],
) -> list[StoryPage]:
    """Every page with evidence for any of the article's claims: the story's coverage, each
    page with its independent origin, for the detail checks."""
    origin_of = _origin_of(_clusters(evidence, signatures, wires, claimed))
    first: dict[int, Evidence] = {}
    for item in evidence:
        first.setdefault(item.page_id, item)
    return [
        StoryPage(
            page_id,
            origin_of[page_id],
            item.outlet,
            item.url,
            tuple(split_sentences(pages[page_id].text)),
            parse_iso_date(pages[page_id].published),
        )
        for page_id, item in sorted(first.items())
        if page_id in pages
    ]


def _clusters(
    evidence: list[Evidence],
    signatures: Mapping[int, bytes],
    wires: Mapping[int, str],
    claimed: Mapping[int, str],
) -> list[OriginCluster]:
    first: dict[int, Evidence] = {}
    for item in evidence:
        first.setdefault(item.page_id, item)
    return cluster_origins(
        [
            OriginPage(
                page_id,
                item.outlet,
                item.url,
                signatures.get(page_id, b""),
                wires.get(page_id),
                claimed.get(page_id),
            )
            for page_id, item in sorted(first.items())
        ]
    )


def _origin_of(clusters: Sequence[OriginCluster]) -> dict[int, int]:
    return {page_id: cluster.cluster_id for cluster in clusters for page_id in cluster.page_ids}


def _verdict(
    claim: Claim,
    evidence: list[Evidence],
    clusters: list[OriginCluster],
    pages: Mapping[int, PageText],
    origin_weight: float,
    story_checks: tuple[list[Discrepancy], DetailSupport],
    quoted: str | None = None,
) -> ClaimVerdict:
    """``story_checks``: the claim's details the story's outlets state otherwise, and those
    they confirm."""
    details, support = story_checks
    origin_of = _origin_of(clusters)
    stances = _origin_stances(evidence, origin_of)
    clusters = _ordered(
        [replace(cluster, stance=stances.get(cluster.cluster_id)) for cluster in clusters]
    )
    supporting = _best_per_origin(evidence, origin_of, stances, SUPPORTS)
    against = _best_per_origin(evidence, origin_of, stances, CONTRADICTS)
    discrepancies = _merged(details, _discrepancies(claim, evidence, origin_of, pages, quoted))
    reason = not_checkable_reason(claim)
    quote_missing = any(item.kind == "quote" for item in discrepancies)
    values = [item for item in details if item.kind != QUOTE]  # dates and figures
    detail_confirmed = min((item.confirming_outlets > 0 for item in values), default=None)
    contradicting = max([len(against)] + [item.independent_outlets for item in values])
    label = (
        NOT_CHECKABLE
        if reason
        else decide(
            len(supporting), contradicting, quote_missing, detail_confirmed, support.origins
        )
    )
    page_count = len({item.page_id for item in evidence})
    return ClaimVerdict(
        claim_position=claim.position,
        score=_score((item.score for item in supporting), origin_weight)
        * len(supporting)
        // max(len(supporting) + contradicting, 1),
        verdict=label,
        independent_outlets=len(supporting),
        pages=page_count,
        evidence=_shown_evidence(evidence, supporting, against),
        explanation=explain(
            label,
            len(supporting),
            page_count,
            contradicting,
            discrepancies,
            reason,
            support.describe() if support.origins else "",
        ),
        origins=tuple(clusters),
        discrepancies=tuple(discrepancies),
        contradicting_outlets=contradicting,
    )


_STANCE_ORDER = {SUPPORTS: 0, CONTRADICTS: 1, DISCUSSES: 2}


def _ordered(clusters: list[OriginCluster]) -> list[OriginCluster]:
    """Supporting origins first, then those that differ, the biggest first; numbered 1.. in
    that order (the numbers are only labels: page membership does not change)."""
    ranked = sorted(
        clusters, key=lambda c: (_STANCE_ORDER.get(c.stance or "", 3), -len(c.page_ids), c.page_ids)
    )
    return [replace(cluster, cluster_id=number) for number, cluster in enumerate(ranked, 1)]


def _origin_stances(evidence: list[Evidence], origin_of: dict[int, int]) -> dict[int, str]:
    """What each origin says: the stance most of its pages take, ties to its strongest page."""
    votes: dict[int, Counter[str]] = defaultdict(Counter)
    for item in sorted(evidence, key=_strongest_first):
        votes[origin_of[item.page_id]][_stance(item)] += 1
    stances = {}
    for origin, counter in votes.items():
        decisive = {s: n for s, n in counter.items() if s in (SUPPORTS, CONTRADICTS)}
        pool = decisive or counter
        stances[origin] = max(pool, key=lambda s: (pool[s], -list(counter).index(s)))
    return stances


def _stance(item: Evidence) -> str:
    """Evidence judged by no stance model is taken as support (the matcher found it), and so is
    a page the model cannot read whose details agree with the claim (stance ``unknown``)."""
    return SUPPORTS if item.stance in (None, UNKNOWN) else item.stance


def _best_per_origin(
    evidence: list[Evidence], origin_of: dict[int, int], stances: dict[int, str], stance: str
) -> list[Evidence]:
    best: dict[int, Evidence] = {}
    for item in sorted(evidence, key=_strongest_first):
        origin = origin_of[item.page_id]
        if stances[origin] == stance and _stance(item) == stance:
            best.setdefault(origin, item)
    return sorted(best.values(), key=_strongest_first)


def _discrepancies(
    claim: Claim,
    evidence: list[Evidence],
    origin_of: dict[int, int],
    pages: Mapping[int, PageText],
    quoted: str | None = None,
) -> list[Discrepancy]:
    """Alternative values, and quotes that none of the origins reporting the event carries,
    with what the story's outlets quote the speaker saying instead (``quoted``)."""
    found = summarise(evidence, origin_of)
    reporting = [item for item in evidence if _stance(item) in (SUPPORTS, CONTRADICTS, DISCUSSES)]
    if pages and reporting:
        origins_checked = len({origin_of[item.page_id] for item in reporting})
        said = f"; outlets quote {quoted}" if quoted else ""
        found += [
            replace(
                item,
                independent_outlets=origins_checked,
                reported_value=item.reported_value + said,
            )
            for item in unreported_quotes(claim, reporting, pages)
        ]
    return found


def _merged(story_wide: list[Discrepancy], matched: list[Discrepancy]) -> list[Discrepancy]:
    """One discrepancy per detail of the claim: of the story-wide check and the matched
    sentences' own, the one more independent outlets state (the story-wide one on a tie)."""
    best: dict[tuple[str, str], Discrepancy] = {}
    for item in story_wide + matched:
        held = best.get((item.kind, item.claim_value))
        if held is None or item.independent_outlets > held.independent_outlets:
            best[(item.kind, item.claim_value)] = item
    return list(best.values())


def _shown_evidence(
    evidence: list[Evidence], supporting: list[Evidence], against: list[Evidence]
) -> tuple[Evidence, ...]:
    """The best of each supporting origin first, then other supporting pages up to the limit,
    then the best of each origin that states the claim otherwise."""
    shown = supporting[:MAX_VERDICT_EVIDENCE]
    chosen = {id(item) for item in shown}
    rest = [
        item
        for item in sorted(evidence, key=_strongest_first)
        if id(item) not in chosen and _stance(item) == SUPPORTS
    ]
    shown += rest[: MAX_VERDICT_EVIDENCE - len(shown)]
    return tuple(shown + against[:MAX_CONTRADICTING_EVIDENCE])


def _strongest_first(item: Evidence) -> tuple[float, int, int]:
    return (-item.score, item.page_id, item.sentence_id)


def _score(origin_scores: Iterable[float], origin_weight: float) -> int:
    """Diminishing returns: each origin closes ``origin_weight`` of the remaining gap to 100,
    scaled by its evidence strength (at 0.45: one perfect origin 45, two 70, three 83)."""
    gap = 1.0
    for score in origin_scores:
        gap *= 1 - origin_weight * min(max(score, 0.0), 100.0) / 100
    return round(100 * (1 - gap))
