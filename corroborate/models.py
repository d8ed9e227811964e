"""The types that cross module boundaries: frozen dataclasses in, dataclasses out.

Dicts appear only at the storage edge (``store/``) and in JSON output (``report/render.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Article:
    """The article under test, as the user supplied it."""

    path: str  # "-" for stdin
    text: str
    title: str | None = None
    published: str | None = None  # ISO date (YYYY-MM-DD) when known
    decode_warning: str | None = None  # set when the text encoding had to be guessed


@dataclass(frozen=True)
class KeyTerms:
    """What makes a claim checkable: the specifics another outlet must also carry."""

    entities: tuple[str, ...] = ()  # people, organisations, places ("Kim Jong Un", "Pyongyang")
    numbers: tuple[str, ...] = ()  # as written, with units ("12", "3.5 million", "40%")
    dates: tuple[str, ...] = ()  # as written ("November 2, 2023", "Tuesday")
    quotes: tuple[str, ...] = ()  # quoted wording without the quote marks

    def all_terms(self) -> tuple[str, ...]:
        return self.entities + self.numbers + self.dates + self.quotes

    def as_dict(self) -> dict[str, list[str]]:
        return {
            "entities": list(self.entities),
            "numbers": list(self.numbers),
            "dates": list(self.dates),
            "quotes": list(self.quotes),
        }

    @classmethod
    def from_dict(cls, data: dict[str, list[str]]) -> KeyTerms:
        return cls(**{kind: tuple(data.get(kind, ())) for kind in cls.__dataclass_fields__})


@dataclass(frozen=True)
class Claim:
    """One key, check-worthy statement of the article, in article order (position from 1)."""

    position: int
    text: str
    key_terms: KeyTerms = field(default_factory=KeyTerms)


@dataclass(frozen=True)
class Query:
    """One search query for one claim, already in the syntax of the source it is for."""

    claim_position: int
    source: str
    text: str
    language: str = "en"  # ISO 639-1: the source's switch (edition, sourcelang:, market) it uses


@dataclass(frozen=True)
class CleanedPage:
    """A fetched page after main-text extraction."""

    url: str  # the URL that was fetched (where redirects landed)
    canonical_url: str  # link rel=canonical / og:url on the fetched outlet, else the fetched URL
    outlet: str  # host the page was fetched from
    text: str
    title: str | None = None
    published: str | None = None  # ISO date
    sitename: str | None = None
    language: str | None = None
    claimed_canonical: str | None = None  # a canonical URL on another outlet: claims to copy it


@dataclass(frozen=True)
class CandidateSentence:
    """A stored sentence of a stored page, as the matcher sees it."""

    sentence_id: int
    page_id: int
    text: str
    url: str  # canonical URL of its page
    outlet: str


@dataclass(frozen=True)
class Difference:
    """One detail an evidence sentence states otherwise than the claim."""

    kind: str  # number / date / place / quote
    claim_value: str  # as the claim writes it ("8,000 residents")
    reported_value: str  # as the page writes it, dates resolved ("Monday 2 November 2026")
    key: str  # normalised reported value: equal keys are the same alternative fact


@dataclass(frozen=True)
class Evidence:
    """The best-matching sentence of one page for one claim."""

    claim_position: int
    sentence_id: int
    page_id: int
    url: str
    outlet: str
    sentence: str
    score: float  # 0-100
    coverage: float  # share of the claim's key terms the sentence carries, 0-1
    matched_terms: tuple[str, ...] = ()
    missing_terms: tuple[str, ...] = ()
    stance: str | None = None  # supports / contradicts / discusses / unrelated / unknown
    differing_terms: tuple[str, ...] = ()  # claim figures the sentence states differently
    stance_confidence: float | None = None  # 0-1
    differences: tuple[Difference, ...] = ()


@dataclass(frozen=True)
class PageText:
    """A stored page's text and date: what stance and date resolution read."""

    page_id: int
    text: str
    published: str | None = None  # ISO date
    outlet: str = ""
    url: str = ""
    language: str | None = None  # declared in its HTML (ISO 639-1), else None


@dataclass(frozen=True)
class PageFingerprint:
    """What scoring needs to tell independent pages from copies of one another."""

    page_id: int
    outlet: str
    signature: bytes  # MinHash of the page text (fingerprints.text_fingerprint); b"" if none


@dataclass(frozen=True)
class OriginCluster:
    """Pages that are one source: an outlet's editions, reprints of one text, one wire story."""

    cluster_id: int  # 1.. within a claim, strongest first
    page_ids: tuple[int, ...]
    outlets: tuple[str, ...]
    urls: tuple[str, ...]
    rule: str  # why its pages were merged: "single page", "same outlet", "wire credit: MPA"...
    stance: str | None = None  # the cluster's stance toward the claim


@dataclass(frozen=True)
class Discrepancy:
    """What independent sources say instead of one detail of the claim."""

    kind: str  # number / date / place / quote
    claim_value: str
    reported_value: str
    independent_outlets: int
    outlets: tuple[str, ...]
    evidence_urls: tuple[str, ...]
    # Origins that state the claim's own value (the story-wide detail checks count them).
    confirming_outlets: int = 0

    def describe(self) -> str:
        """ "claim: 8,000 residents; 3 outlets: 2,300 residents"."""
        count = f"{self.independent_outlets} outlet{'s' if self.independent_outlets != 1 else ''}"
        return f"claim: {self.claim_value}; {count}: {self.reported_value}"


@dataclass(frozen=True)
class ClaimVerdict:
    """The per-claim result."""

    claim_position: int
    score: int  # 0-100
    verdict: str  # corroborated / partly corroborated / contradicted / single-source /
    #              not found / not checkable (see verdicts.py)
    independent_outlets: int
    pages: int  # raw count of pages with evidence, copies included
    evidence: tuple[Evidence, ...] = ()
    explanation: str = ""
    origins: tuple[OriginCluster, ...] = ()  # every origin with evidence, any stance
    discrepancies: tuple[Discrepancy, ...] = ()
    contradicting_outlets: int = 0  # independent origins that state the claim otherwise
