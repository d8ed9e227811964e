"""From a run's evidence to its verdicts: stance, discrepancies and origins, read from storage.

``assess`` matches claims to sentences; this module adds what a verdict needs beyond the
sentences: the texts of the pages with evidence (for the stance model, wire credits and quotes),
their dates (for "Tuesday" and "yesterday") and the article itself (its copies never count).
"""

from __future__ import annotations

from collections.abc import Sequence

from corroborate.evidence.judge import judge_evidence
from corroborate.models import Claim, ClaimVerdict, Evidence
from corroborate.store import Store
from corroborate.text.dates import parse_iso_date
from corroborate.text.sentences import split_sentences
from corroborate.verdicts.origins import article_copies, wire_credit
from corroborate.verdicts.scoring import score_claims


def corroborate_claims(
    store: Store, run_id: int, claims: Sequence[Claim], evidence: Sequence[Evidence]
) -> list[ClaimVerdict]:
    """Verdicts for the run's claims from their matched evidence."""
    pages = store.page_texts([item.page_id for item in evidence])
    fingerprints = store.page_fingerprints(run_id)
    copies = article_copies(
        fingerprints, store.run_info(run_id).article_fingerprint,
        {page_id: page.text for page_id, page in pages.items()},
        split_sentences(store.article_text(run_id)),
    )
    usable = [item for item in evidence if item.page_id not in copies]
    judged = judge_evidence(claims, usable, pages, parse_iso_date(store.article_published(run_id)))
    wires = {page_id: agency for page_id, page in pages.items()
             if (agency := wire_credit(page.text))}
    return score_claims(claims, judged, fingerprints, wires=wires, pages=pages, copies=copies)
