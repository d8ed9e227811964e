"""Detail-level checks across the story's pages: the day and the figures the outlets give.

Few outlets repeat a claim's sentence, so a wrong day or figure often meets no sentence to
contradict it: the pages tell the event in their own words, and give its day as "on Sunday" in a
page published on the Monday. So each detail the claim asserts (its date, its figures with a unit
or a counted noun) is looked up in every sentence of the story's pages that speaks of the claim's
subject, and each independent origin votes once for each value it states. When most origins agree
on another value and few or none on the claim's, the detail is stated otherwise:
``claim: Friday, October 16; 9 outlets: Sunday 19 October 2025``.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from corroborate.claims.extract import content_words
from corroborate.evidence.key_terms import SentenceTerms, Term, claim_terms, term_found
from corroborate.evidence.story import (
    MIN_SHARED_WORDS,
    StoryPage,
    Votes,
    claim_stems,
    stem,
)
from corroborate.models import Claim, Discrepancy, KeyTerms
from corroborate.text.dates import DATE_TERM, DateMention, find_dates
from corroborate.text.quantities import Quantity, find_quantities

DATE, NUMBER = "date", "number"
# The other value needs this many independent origins, and more than twice those confirming
# the claim's value, to count as what the outlets report instead.
MIN_CONSENSUS = 2
# Figures this close (relative) are one value written with other rounding: 2.57 km and 2.6 km.
SAME_VALUE_TOLERANCE = 0.025
NOUN_WINDOW = 3  # words after a number that may name what it counts ("nine construction workers")


def detail_discrepancies(
    claim: Claim, story: Sequence[StoryPage], claim_date: date | None
) -> list[Discrepancy]:
    """The claim's dates and figures that the story's independent origins state otherwise."""
    stems = claim_stems(DATE_TERM.sub(" ", claim.text))
    about = [(page, sentence) for page in story for sentence in page.about(stems)]
    fallback = _story_date(story)
    checks = [_date_check(stated, about, fallback) for stated in find_dates(claim.text, claim_date)]
    checks += [
        _figure_check(claim.text, stated, about)
        for stated in find_quantities(claim.text)
        if stated.unit or stated.noun
    ]
    return [check for check in checks if check is not None]


@dataclass(frozen=True)
class DetailSupport:
    """Independent origins that state some of the claim's details as the claim does, in a
    sentence about the claim: its figures, its dates, or at least half of its names."""

    origins: int
    details: tuple[str, ...]  # as the claim writes them, the most confirmed first

    def describe(self) -> str:
        """ "3 independent outlets confirm 1.6 miles, 1977"."""
        return f"{self.origins} independent outlets confirm {', '.join(self.details[:3])}"


def confirmed_details(claim: Claim, story: Sequence[StoryPage]) -> DetailSupport:
    """Which independent origins confirm which of the claim's details: a long claim is rarely
    carried whole, but its figure or its names may be carried by many outlets."""
    stems = claim_stems(DATE_TERM.sub(" ", claim.text))
    figures = [q for q in find_quantities(claim.text) if (q.unit or q.noun) and not q.is_year]
    counted = {q.text: _counted_words(claim.text, q) for q in figures}
    dates = [d for d in find_dates(claim.text) if d.month_day is not None]
    names = _distinctive_names(claim, story)
    by_detail: dict[str, set[int]] = defaultdict(set)
    for page in story:
        for sentence in page.about(stems):
            stated = find_quantities(sentence)
            found = [
                _as_written(claim.text, q)
                for q in figures
                if any(
                    _same_thing(q, counted[q.text], o, _counted_words(sentence, o))
                    and _same_value(q.value, o.value)
                    for o in stated
                )
            ]
            mentions = find_dates(sentence, page.published)
            found += [d.text for d in dates if any(_agrees(d, m) for m in mentions)]
            view = SentenceTerms(sentence)
            named = [term.text for term in names if term_found(term, view)]
            if len(named) >= max(MIN_SHARED_WORDS, math.ceil(len(names) / 2)):
                found += named
            for detail in found:
                by_detail[detail].add(page.origin)
    origins = set().union(*by_detail.values()) if by_detail else set()
    ranked = sorted(by_detail, key=lambda detail: -len(by_detail[detail]))
    return DetailSupport(len(origins), tuple(ranked))


def _distinctive_names(claim: Claim, story: Sequence[StoryPage]) -> tuple[Term, ...]:
    """The claim's names that at most half of the story's origins mention: the story's own
    subject ("Varna Harbour Bridge"), named by every page, confirms nothing about one claim."""
    origins = {page.origin for page in story}
    views = [(page.origin, page.terms) for page in story]
    return tuple(
        term
        for term in claim_terms(KeyTerms(entities=claim.key_terms.entities))
        if 2 * len({origin for origin, view in views if term_found(term, view)}) <= len(origins)
    )


def _story_date(story: Sequence[StoryPage]) -> date | None:
    """The middle publication date of the story's pages: weak evidence of when the event
    was, and what an undated page's "on Sunday" or "October 19th" most likely counts from."""
    days = sorted(page.published for page in story if page.published is not None)
    return days[len(days) // 2] if days else None


def _date_check(
    stated: DateMention, about: Iterable[tuple[StoryPage, str]], fallback: date | None
) -> Discrepancy | None:
    votes, confirming = Votes.empty(), set()
    for page, sentence in about:
        for mention in find_dates(sentence, page.published or fallback):
            agrees = _agrees(stated, mention)
            if agrees:
                confirming.add(page.origin)
            elif agrees is False and mention.day is not None:
                votes.add(mention.day.isoformat(), mention.describe(), page)
    return _consensus(DATE, stated.text, votes, len(confirming))


def _agrees(stated: DateMention, mention: DateMention) -> bool | None:
    """A bare weekday on either side is compared as a weekday: resolved against two different
    reference dates, one "Wednesday" could land in two different weeks."""
    bare = stated.month_day is None or mention.month_day is None
    if bare and stated.weekday is not None and mention.weekday is not None:
        return stated.weekday == mention.weekday
    return stated.agrees_with(mention)


def _figure_check(
    claim_text: str, stated: Quantity, about: Iterable[tuple[StoryPage, str]]
) -> Discrepancy | None:
    counted = _counted_words(claim_text, stated)
    votes, confirming = Votes.empty(), set()
    for page, sentence in about:
        for other in find_quantities(sentence):
            if not _same_thing(stated, counted, other, _counted_words(sentence, other)):
                continue
            if _same_value(stated.value, other.value):
                confirming.add(page.origin)
            else:
                votes.add(f"{other.value:g}:{other.unit}", _as_written(sentence, other), page)
    return _consensus(NUMBER, _as_written(claim_text, stated), votes, len(confirming))


def _as_written(text: str, quantity: Quantity) -> str:
    """A count with the words naming what it counts ("nine construction workers"); a figure
    with a unit as it stands ("€88 million")."""
    if quantity.unit:
        return quantity.text
    at = text.find(quantity.text)
    tail = text[at + len(quantity.text) :].split() if at >= 0 else []
    counted = []
    for word in tail[: NOUN_WINDOW - 1]:
        if not content_words(word) or not word.isalpha():
            break
        counted.append(word)
    return " ".join([quantity.text, *counted])


def _consensus(kind: str, claim_value: str, votes: Votes, confirming: int) -> Discrepancy | None:
    """The value most origins state instead, when they clearly outnumber those confirming."""
    if not votes.origins:
        return None
    key = votes.top()
    count = len(votes.origins[key])
    if count < MIN_CONSENSUS or count <= 2 * confirming:
        return None
    return Discrepancy(
        kind=kind,
        claim_value=claim_value,
        reported_value=votes.shown[key],
        independent_outlets=count,
        outlets=tuple(sorted(votes.outlets[key])),
        evidence_urls=tuple(sorted(votes.urls[key])),
        confirming_outlets=confirming,
    )


def _same_thing(
    stated: Quantity, counted: frozenset[str], other: Quantity, other_counted: frozenset[str]
) -> bool:
    """Two figures of one kind: the same unit (EUR, km), or counts of one noun; never a year,
    a bare number or a figure of another unit (minutes against a magnitude)."""
    if other.is_year or stated.is_year != other.is_year:
        return False
    if stated.unit:
        return stated.unit == other.unit
    return not other.unit and bool(counted & other_counted)


def _counted_words(text: str, quantity: Quantity) -> frozenset[str]:
    """The stems of the few words after the number: what it counts."""
    at = text.find(quantity.text)
    tail = text[at + len(quantity.text) :] if at >= 0 else ""
    words = [quantity.noun] + re.findall(r"[^\W\d_]{3,}", tail)[: NOUN_WINDOW - 1]
    return frozenset(stem(word) for word in words if word)


def _same_value(a: float, b: float) -> bool:
    return abs(a - b) <= SAME_VALUE_TOLERANCE * max(abs(a), abs(b))
