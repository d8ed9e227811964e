"""The verdict labels, the rule that picks one, and the one line that explains it.

A verdict weighs independent origins, not pages: S origins that carry the claim against C that
state it otherwise (another figure or day, a denial). A minority that differs is reported beside
a corroborated claim; when the differing sources are as many as the supporting ones the claim is
only partly corroborated, and with no support at all it is contradicted.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from corroborate.models import Claim, Discrepancy

CORROBORATED = "corroborated"
PARTLY_CORROBORATED = "partly corroborated"
CONTRADICTED = "contradicted"
SINGLE_SOURCE = "single-source"
NOT_FOUND = "not found"
NOT_CHECKABLE = "not checkable"
# Set by coverage, never by the evidence: none of the claim's searches answered.
SEARCH_FAILED = "search failed"
# Set by coverage: some of the claim's searches were never done (an interrupted run).
SEARCH_INCOMPLETE = "search incomplete"
CORROBORATING_ORIGINS = 2

_ATTRIBUTED = re.compile(
    r"\b(?:said|says|told|according\s+to|announced|stated|declared|reported|warned|wrote)\b",
    re.IGNORECASE,
)
_PREDICTION = re.compile(
    r"\b(?:will|won't|shall|is\s+(?:expected|likely|set|poised|bound)\s+to|"
    r"are\s+(?:expected|likely|set|poised|bound)\s+to|(?-i:may)|might|could)\b",
    re.IGNORECASE,
)
_OPINION = re.compile(
    r"\b(?:should|must|ought|shameful|disgrace\w*|outrage\w*|scandal\w*|appalling|"
    r"tragic|tragedy|brilliant|terrible|awful|best|worst|great|incompetent|reckless|"
    r"betray\w*|in\s+my\s+view|i\s+think|we\s+believe|clearly|obviously)\b",
    re.IGNORECASE,
)


def not_checkable_reason(claim: Claim) -> str | None:
    """ "prediction" or "opinion" for a claim no source could confirm, unless it reports what
    someone said (then the saying is checkable) or states a figure, date or quote; None for a
    checkable claim."""
    if _ATTRIBUTED.search(claim.text):
        return None
    if claim.key_terms.numbers or claim.key_terms.dates or claim.key_terms.quotes:
        return None  # "The law will take effect on January 1": a scheduled fact, checkable
    if _PREDICTION.search(claim.text):
        return "prediction"
    return "opinion" if _OPINION.search(claim.text) else None


def decide(
    supporting: int,
    contradicting: int,
    quote_missing: bool = False,
    detail_confirmed: bool | None = None,
    details_confirmed_by: int = 0,
) -> str:
    """The label for ``supporting`` and ``contradicting`` independent origins.

    ``detail_confirmed``: None when the story's outlets state none of the claim's dates and
    figures otherwise; else whether any origin confirms the claim's value. A date or figure
    the outlets state otherwise and none confirms makes the claim contradicted, however many
    carry its other words; one some confirm makes it at best partly corroborated. A claim
    whose quote no outlet carries is not found, however many report the speaker and the
    occasion: what was said is the claim. A claim no two outlets carry whole, but whose
    details (figures, dates, names) ``details_confirmed_by`` origins state alike, is partly
    corroborated."""
    if detail_confirmed is False or (contradicting and not supporting):
        return CONTRADICTED
    if quote_missing:  # what someone said is the claim: outlets reporting the occasion only
        return NOT_FOUND  # show it was said nowhere they looked
    if detail_confirmed and supporting:
        return PARTLY_CORROBORATED
    if supporting and contradicting >= supporting:
        return PARTLY_CORROBORATED
    if supporting >= CORROBORATING_ORIGINS:
        return CORROBORATED
    if details_confirmed_by >= CORROBORATING_ORIGINS:
        return PARTLY_CORROBORATED
    return SINGLE_SOURCE if supporting == 1 else NOT_FOUND


def explain(
    verdict: str,
    supporting: int,
    pages: int,
    contradicting: int,
    discrepancies: Sequence[Discrepancy],
    reason: str | None = None,
    confirmed: str = "",
) -> str:
    """One line: how many independent outlets say what, and what they say instead;
    ``confirmed`` says which outlets confirm which details when none carries the claim whole."""
    if verdict == NOT_CHECKABLE:
        return f"Not checkable: {reason or 'framing'}, not a fact a source could confirm"
    differing = "; ".join(item.describe() for item in discrepancies[:2])
    against = f"{_outlets(contradicting)} state{'s' if contradicting == 1 else ''} it otherwise" + (
        f" ({differing})" if differing else ""
    )
    carried = f"{_outlets(supporting, independent=supporting > 1)} ({_pages(pages)})"
    if verdict == CONTRADICTED and supporting:
        return f"Contradicted: {against}; none confirms it ({carried} carry its other words)"
    if verdict == CONTRADICTED:
        return f"Contradicted: {against}; none confirms it"
    if verdict == PARTLY_CORROBORATED and confirmed and not (contradicting or differing):
        whole = (
            f"{carried} carries the whole claim" if supporting else "none carries the whole claim"
        )
        return f"Partly corroborated: {confirmed}; {whole}"
    if verdict == PARTLY_CORROBORATED:
        detail = against if contradicting else differing
        return f"Partly corroborated: {carried} carry it, but {detail}"
    quotes = [item for item in discrepancies if item.kind == "quote"]
    if verdict == NOT_FOUND and quotes:
        occasion = f" ({_outlets(supporting)} report the occasion)" if supporting else ""
        instead = quotes[0].reported_value.partition("; ")[2]
        return f"No outlet carries the quote {quotes[0].claim_value}{occasion}" + (
            f"; {instead}" if instead else ""
        )
    if verdict == NOT_FOUND:
        return "No outlet found carrying this claim"
    lead = (
        f"Only {carried} carries this claim" if supporting == 1 else f"{carried} carry this claim"
    )
    return lead + (f"; {against}" if contradicting else "")


def _outlets(count: int, independent: bool = False) -> str:
    noun = "outlet" if count == 1 else "outlets"
    return f"{count} independent {noun}" if independent else f"{count} {noun}"


def _pages(count: int) -> str:
    return f"{count} page{'s' if count != 1 else ''}"
