"""Group pages into independent origins, and say which rule merged each group.

Forty reprints of one wire story are one source. Pages merge when they are:

- one outlet: the same registrable domain ("www.x.com", "edition.x.com", "amp.x.com"; see
  ``corroborate.pages.outlets``);
- near duplicates: MinHash signatures of their texts at least NEAR_DUPLICATE_MIN_SIMILARITY
  alike (syndicated copies with their own headline and furniture);
- one agency's wire copy: the same credit ("LINDQVIST, Arvenia (MPA) -", "(AP)", "- AFP")
  near the start or the end of the text;
- a claimed copy: a page whose canonical link names another outlet joins that outlet's origin
  when a page fetched from it is in the group. The claim can only merge: a page is counted under
  the outlet it was fetched from, so no page can add an outlet it was not fetched from.

A page credited to an agency is that agency's, not its publisher's, so an outlet's own report
does not merge with the wire copy it also ran. The article under test, and any copy of it found
online, is never an origin (``article_copies``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from corroborate.models import OriginCluster, PageFingerprint
from corroborate.pages.fingerprints import (
    are_near_duplicates,
    near_duplicate_pairs,
)
from corroborate.pages.outlets import outlet_host, registrable_domain

SAME_OUTLET, NEAR_DUPLICATE, WIRE_CREDIT, CLAIMED_COPY, SINGLE_PAGE = (
    "same outlet",
    "near-duplicate text",
    "wire credit",
    "claimed copy",
    "single page",
)
# Agencies by the names and abbreviations their credit lines use, each to one key.
KNOWN_AGENCIES = {
    "ap": "AP", "associated press": "AP", "reuters": "Reuters", "afp": "AFP",
    "agence france-presse": "AFP", "agence france presse": "AFP", "yonhap": "Yonhap",
    "kcna": "KCNA", "korean central news agency": "KCNA", "xinhua": "Xinhua", "tass": "TASS",
    "itar-tass": "TASS", "ria novosti": "RIA", "kyodo": "Kyodo", "ansa": "ANSA", "efe": "EFE",
    "dpa": "dpa", "pti": "PTI", "press trust of india": "PTI", "ani": "ANI", "ians": "IANS",
    "upi": "UPI", "anadolu": "Anadolu", "bernama": "Bernama", "antara": "Antara",
    "pa": "PA", "pa media": "PA", "aap": "AAP", "ips": "IPS", "cna": "CNA",
    "bloomberg": "Bloomberg",
}  # fmt: skip
_KNOWN = "|".join(sorted((re.escape(name) for name in KNOWN_AGENCIES), key=len, reverse=True))
# "LINDQVIST, Arvenia (MPA) -": any agency abbreviation in a dateline.
_DATELINE_CREDIT = re.compile(
    r"^[A-Z][A-Z .'\-]{1,40}(?:,\s*[A-Za-z .'\-]{2,30})?\s*\((?P<agency>[A-Za-z][\w .\-]{1,40})\)"
    r"\s*[-\u2013\u2014:]",
    re.MULTILINE,
)
_KNOWN_CREDIT = re.compile(
    rf"\((?P<paren>{_KNOWN})\)|[-\u2013\u2014]\s*(?P<dash>{_KNOWN})\s*$|^(?:By\s+)?(?P<by>{_KNOWN})\s*$",
    re.IGNORECASE | re.MULTILINE,
)
# A page carrying this share of the article's sentences word for word is a copy of it.
COPY_MIN_SHARE = 0.6
CREDIT_WINDOW = 300  # characters at each end of the text where credit lines stand


@dataclass(frozen=True)
class OriginPage:
    """What grouping needs to know of one page."""

    page_id: int
    outlet: str
    url: str
    signature: bytes = b""
    wire: str | None = None  # agency key from wire_credit()
    claimed_canonical: str | None = None  # a canonical URL on another outlet


def wire_credit(text: str) -> str | None:
    """The agency a page credits its text to, from a dateline or a credit line at either end."""
    head, tail = text[:CREDIT_WINDOW].lstrip(), text[-CREDIT_WINDOW:]
    dateline = _DATELINE_CREDIT.search(head)
    if dateline:
        return agency_key(dateline.group("agency"))
    for window in (head, tail):
        for match in _KNOWN_CREDIT.finditer(window):
            return agency_key(match.group("paren") or match.group("dash") or match.group("by"))
    return None


def agency_key(name: str) -> str:
    """One key per agency: known names to their usual form, others to their initials
    ("Meridian Press Agency" -> "MPA", as its datelines write it)."""
    cleaned = " ".join(name.split()).strip(" .")
    known = KNOWN_AGENCIES.get(cleaned.lower())
    if known:
        return known
    words = re.findall(r"[A-Za-z]+", cleaned)
    if len(words) > 1:
        return "".join(word[0] for word in words if word[0].isupper()).upper() or cleaned
    return cleaned.upper() if len(cleaned) <= 6 else cleaned


def cluster_origins(pages: Sequence[OriginPage]) -> list[OriginCluster]:
    """Pages grouped into origins, each with the rules that merged it, in page order."""
    groups = _Groups([page.page_id for page in pages])
    first_of_key: dict[tuple[str, str], int] = {}
    for page in sorted(pages, key=lambda p: p.page_id):
        if page.wire:
            key, rule = ("wire", page.wire), f"{WIRE_CREDIT}: {page.wire}"
            groups.rules[page.page_id].add(rule)
        else:
            key, rule = ("outlet", registrable_domain(page.outlet)), SAME_OUTLET
        groups.union(first_of_key.setdefault(key, page.page_id), page.page_id, rule)
    for page in pages:
        if page.claimed_canonical:
            claimed = ("outlet", registrable_domain(outlet_host(page.claimed_canonical)))
            if claimed in first_of_key:
                groups.union(first_of_key[claimed], page.page_id, f"{CLAIMED_COPY}: {claimed[1]}")
    signatures = {page.page_id: page.signature for page in pages if page.signature}
    for a, b in _near_duplicate_pairs(signatures):
        groups.union(a, b, NEAR_DUPLICATE)
    return groups.clusters({page.page_id: page for page in pages})


def article_copies(
    fingerprints: Sequence[PageFingerprint],
    article_fingerprint: bytes | None,
    page_texts: Mapping[int, str] | None = None,
    article_sentences: Sequence[str] = (),
    min_share: float = COPY_MIN_SHARE,
) -> set[int]:
    """Pages that copy the article under test: near-duplicate texts, or pages that carry most
    of its sentences word for word (a copy inside a larger page of other furniture)."""
    copies = set()
    if article_fingerprint:  # None, or b"" for an article without words
        copies = {
            fp.page_id
            for fp in fingerprints
            if are_near_duplicates(fp.signature, article_fingerprint)
        }
    wanted = {_plain(sentence) for sentence in article_sentences if len(sentence.split()) >= 5}
    if len(wanted) < 2:
        return copies
    for page_id, text in (page_texts or {}).items():
        plain = f" {_plain(text)} "
        carried = sum(f" {sentence} " in plain for sentence in wanted)
        if carried >= min_share * len(wanted):
            copies.add(page_id)
    return copies


def _plain(sentence: str) -> str:
    return " ".join(re.findall(r"\w+", sentence.casefold()))


def _near_duplicate_pairs(signatures: dict[int, bytes]) -> Iterable[tuple[int, int]]:
    """Every pair of pages whose texts are near duplicates (estimated Jaccard similarity)."""
    page_ids = list(signatures)
    for a, b in near_duplicate_pairs([signatures[page_id] for page_id in page_ids]):
        yield page_ids[a], page_ids[b]


class _Groups:
    """Union-find over page ids that remembers why each group was merged."""

    def __init__(self, page_ids: Iterable[int]) -> None:
        self.parent = {page_id: page_id for page_id in page_ids}
        self.rules: dict[int, set[str]] = {page_id: set() for page_id in self.parent}

    def root(self, page_id: int) -> int:
        while self.parent[page_id] != page_id:
            self.parent[page_id] = self.parent[self.parent[page_id]]  # path halving
            page_id = self.parent[page_id]
        return page_id

    def union(self, a: int, b: int, rule: str) -> None:
        root_a, root_b = self.root(a), self.root(b)
        if root_a == root_b:
            return
        keep, merged = min(root_a, root_b), max(root_a, root_b)
        self.parent[merged] = keep
        self.rules[keep] |= self.rules.pop(merged) | {rule}

    def clusters(self, pages: Mapping[int, OriginPage]) -> list[OriginCluster]:
        members: dict[int, list[int]] = {}
        for page_id in sorted(self.parent):
            members.setdefault(self.root(page_id), []).append(page_id)
        return [
            OriginCluster(
                cluster_id=number,
                page_ids=tuple(ids),
                outlets=tuple(sorted({pages[i].outlet for i in ids})),
                urls=tuple(pages[i].url for i in ids),
                rule=", ".join(sorted(self.rules[root])) or SINGLE_PAGE,
            )
            for number, (root, ids) in enumerate(members.items(), start=1)
        ]
