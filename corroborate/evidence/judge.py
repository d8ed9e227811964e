"""The stance of each piece of evidence toward its claim, and the details it states otherwise.

The FNC-1 model (``stance.py``) reads the whole page against the claim: it knows whether the
page is about the claim at all and whether it reports, disputes or merely discusses it. The
evidence sentence itself is then checked for what the model cannot see reliably: a figure or a
day stated otherwise (``discrepancies``), a denial, or a hedge ("reportedly", "unconfirmed").
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date

from corroborate.evidence.discrepancies import evidence_differences
from corroborate.evidence.stance import (
    CONTRADICTS,
    DISCUSSES,
    SUPPORTS,
    UNKNOWN,
    UNRELATED,
    StanceModel,
    StanceResult,
    classify_stances,
)
from corroborate.models import Claim, Difference, Evidence, PageText
from corroborate.pages.language import is_english
from corroborate.settings import DEFAULT_SETTINGS, ScoringSettings
from corroborate.text.dates import parse_iso_date

_REFUTING = re.compile(
    r"\b(?:den(?:y|ies|ied|ial)|false(?:ly)?|hoax(?:es)?|fake|debunk\w*|untrue|baseless|"
    r"unfounded|refut\w+|not\s+true|no\s+evidence|never\s+happened|fabricated|misleading|"
    r"incorrect|wrongly)\b",
    re.IGNORECASE,
)
_HEDGING = re.compile(
    r"\b(?:reportedly|allegedly|alleged|unconfirmed|unverified|rumou?r(?:s|ed)?|purportedly|"
    r"supposedly|speculat\w+|(?:could|can)\s+not\s+(?:be\s+)?(?:independently\s+)?"
    r"(?:confirm|verif)\w*|not\s+(?:been\s+)?(?:independently\s+)?(?:confirmed|verified))\b",
    re.IGNORECASE,
)


def judge_evidence(
    claims: Sequence[Claim],
    evidence: Sequence[Evidence],
    pages: Mapping[int, PageText],
    claim_date: date | None = None,
    model: StanceModel | None = None,
    settings: ScoringSettings = DEFAULT_SETTINGS,
) -> list[Evidence]:
    """The evidence with ``stance``, ``stance_confidence`` and ``differences`` filled in."""
    by_position = {claim.position: claim for claim in claims}
    readable = [_readable(item, pages) for item in evidence]
    english = [item for item, ok in zip(evidence, readable) if ok]
    results = iter(
        classify_stances(
            [(by_position[i.claim_position].text, _page_text(i, pages)) for i in english], model
        )
    )
    judged = []
    for item, ok in zip(evidence, readable):
        claim = by_position[item.claim_position]
        page = pages.get(item.page_id)
        page_date = parse_iso_date(page.published) if page else None
        differences = evidence_differences(claim, item, claim_date, page_date, same_event=not ok)
        stance: str
        confidence: float | None
        if ok:
            stance, confidence = combine_stance(
                claim.text, item.sentence, next(results), differences, settings
            )
        else:
            stance, confidence = (CONTRADICTS, 1.0) if differences else (UNKNOWN, None)
        judged.append(
            replace(item, stance=stance, stance_confidence=confidence, differences=differences)
        )
    return judged


def combine_stance(
    claim: str,
    sentence: str,
    model: StanceResult,
    differences: Sequence[Difference],
    settings: ScoringSettings = DEFAULT_SETTINGS,
) -> tuple[str, float]:
    """One stance and its confidence (0-1) from the model and the sentence's own signals.

    The model's "contradicts" is right about half the time on FNC-1 (precision 0.49), so alone
    it must be confident (``model_contradicts_min``); a denial cue in the evidence sentence
    itself needs no such margin. Below ``model_unrelated_min`` the matcher's choice stands."""
    related = 1.0 - model.probabilities.get(UNRELATED, 0.0)
    if differences:
        return CONTRADICTS, round(0.5 + 0.5 * related, 3)
    if _REFUTING.search(sentence) and not _REFUTING.search(claim):
        return CONTRADICTS, round(max(model.probabilities.get(CONTRADICTS, 0.0), 0.6), 3)
    if model.label == CONTRADICTS and model.confidence >= settings.model_contradicts_min:
        return CONTRADICTS, round(model.confidence, 3)
    if model.probabilities.get(UNRELATED, 0.0) >= settings.model_unrelated_min:
        return UNRELATED, round(model.probabilities[UNRELATED], 3)
    if _HEDGING.search(sentence) and not _HEDGING.search(claim):
        return DISCUSSES, round(max(model.probabilities.get(DISCUSSES, 0.0), 0.5), 3)
    supporting = model.probabilities.get(SUPPORTS, 0.0) + model.probabilities.get(DISCUSSES, 0.0)
    return SUPPORTS, round(supporting, 3)


def _readable(item: Evidence, pages: Mapping[int, PageText]) -> bool:
    """Can the English stance model read the page? Not when it is in another language."""
    page = pages.get(item.page_id)
    return page is None or is_english(page.language, page.text)


def _page_text(item: Evidence, pages: Mapping[int, PageText]) -> str:
    """The page the sentence comes from; the sentence alone when the page text is unknown."""
    page = pages.get(item.page_id)
    return page.text if page and page.text else item.sentence
