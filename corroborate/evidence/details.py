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

from rapidfuzz.utils import default_process

from corroborate.claims.extract import content_words
from corroborate.evidence.discrepancies import MIN_QUOTE_WORDS, QUOTE, carries
from corroborate.evidence.key_terms import SentenceTerms, Term, claim_terms, term_found
from corroborate.models import Claim, Discrepancy, KeyTerms
from corroborate.text.dates import DATE_TERM, DateMention, find_dates
from corroborate.text.quantities import Quantity, find_quantities

DATE, NUMBER = "date", "number"
# A sentence speaks of the claim when it shares a quarter of its content words (by stem), at
# least 2 and at most 3 of them: "Kessmark" and "province" alone may be another part of the story.
MIN_SHARED_WORDS, MAX_SHARED_WORDS, SHARED_SHARE = 2, 3, 0.25
STEM_CHARS = 5  # "stole" / "stolen", "killed" / "killing": crude, language-blind folding
# The other value needs this many independent origins, and more than twice those confirming
# the claim's value, to count as what the outlets report instead.
MIN_CONSENSUS = 2
# Figures this close (relative) are one value written with other rounding: 2.57 km and 2.6 km.
SAME_VALUE_TOLERANCE = 0.025
NOUN_WINDOW = 3  # words after a number that may name what it counts ("nine construction workers")


@dataclass(frozen=True)
class StoryPage:
    """A page reporting the story, split into sentences, with its independent origin."""

    page_id: int
    origin: int
    outlet: str
    url: str
    sentences: tuple[str, ...]
    published: date | None


@dataclass
class _Votes:
    """Per value key: what it says, and which origins, outlets and pages state it."""

    shown: dict[str, str]
    origins: dict[str, set[int]]
    outlets: dict[str, set[str]]
    urls: dict[str, set[str]]

    @classmethod
    def empty(cls) -> _Votes:
        return cls({}, defaultdict(set), defaultdict(set), defaultdict(set))

    def add(self, key: str, shown: str, page: StoryPage) -> None:
        self.shown.setdefault(key, shown)
        self.origins[key].add(page.origin)
        self.outlets[key].add(page.outlet)
        self.urls[key].add(page.url)


def detail_discrepancies(
    claim: Claim, story: Sequence[StoryPage], claim_date: date | None
) -> list[Discrepancy]:
    """The claim's dates and figures that the story's independent origins state otherwise."""
    stems = _stems(content_words(DATE_TERM.sub(" ", claim.text)))
    about = [(page, s) for page in story for s in page.sentences if _speaks_of(s, stems)]
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
    stems = _stems(content_words(DATE_TERM.sub(" ", claim.text)))
    figures = [q for q in find_quantities(claim.text) if (q.unit or q.noun) and not q.is_year]
    counted = {q.text: _counted_words(claim.text, q) for q in figures}
    dates = [d for d in find_dates(claim.text) if d.month_day is not None]
    names = _distinctive_names(claim, story)
    by_detail: dict[str, set[int]] = defaultdict(set)
    for page in story:
        for sentence in page.sentences:
            if not _speaks_of(sentence, stems):
                continue
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
    views = [(page.origin, SentenceTerms(" ".join(page.sentences))) for page in story]
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
    votes, confirming = _Votes.empty(), set()
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
    votes, confirming = _Votes.empty(), set()
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


def _consensus(kind: str, claim_value: str, votes: _Votes, confirming: int) -> Discrepancy | None:
    """The value most origins state instead, when they clearly outnumber those confirming."""
    if not votes.origins:
        return None
    key = max(votes.origins, key=lambda k: (len(votes.origins[k]), k))
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
    return frozenset(_stem(word) for word in words if word)


def _same_value(a: float, b: float) -> bool:
    return abs(a - b) <= SAME_VALUE_TOLERANCE * max(abs(a), abs(b))


def _speaks_of(sentence: str, stems: frozenset[str]) -> bool:
    if len(stems) < MIN_SHARED_WORDS:
        return False
    needed = min(MAX_SHARED_WORDS, max(MIN_SHARED_WORDS, math.ceil(SHARED_SHARE * len(stems))))
    return len(stems & _stems(content_words(sentence))) >= needed


def _stems(words: Iterable[str]) -> frozenset[str]:
    return frozenset(_stem(word) for word in words if not word.isdigit())


def _stem(word: str) -> str:
    word = word.lower()
    if word.endswith("s") and len(word) > 3:
        word = word[:-1]
    return word[:STEM_CHARS]


# A quotation in any of the common marks: "...", “...”, «...», „...“.
_QUOTATION = re.compile(
    r'"([^"]{12,300})"|\u201c([^\u201c\u201d]{12,300})\u201d'
    r"|\u00ab\s?([^\u00ab\u00bb]{12,300}?)\s?\u00bb|\u201e([^\u201c\u201e]{12,300})\u201c"
)


def quoted_instead(claim: Claim, story: Sequence[StoryPage]) -> str | None:
    """What the story's outlets quote the claim's speaker saying: the quotation most origins
    carry in a sentence naming the speaker (by surname), e.g. ``Dati: "The theft lasted four
    minutes"``; None when they quote the speaker nowhere."""
    speakers = [name.split()[-1] for name in claim.key_terms.entities if " " in name]
    own = {quote.casefold() for quote in claim.key_terms.quotes}
    for surname in speakers:
        votes = _Votes.empty()
        for page in story:
            for sentence in page.sentences:
                if not re.search(rf"(?<!\w){re.escape(surname)}(?!\w)", sentence):
                    continue
                for match in _QUOTATION.finditer(sentence):
                    quote = next(group for group in match.groups() if group).strip()
                    if quote.casefold() not in own:
                        votes.add(quote.casefold(), quote, page)
        if votes.origins:
            key = max(votes.origins, key=lambda k: (len(votes.origins[k]), k))
            return f'{surname}: "{votes.shown[key]}"'
    return None


def story_quote_checks(claim: Claim, story: Sequence[StoryPage]) -> list[Discrepancy]:
    """The claim's quotes that no page of the story carries, for a claim no sentence matched:
    flagged with what the outlets quote the speaker saying, when they do."""
    if not story:
        return []
    texts = [default_process(" ".join(page.sentences)) for page in story]
    instead = quoted_instead(claim, story)
    origins = len({page.origin for page in story})
    flagged = []
    for quote in claim.key_terms.quotes:
        wording = default_process(quote)
        if len(wording.split()) < MIN_QUOTE_WORDS or any(carries(t, wording) for t in texts):
            continue
        said = f"; outlets quote {instead}" if instead else ""
        flagged.append(
            Discrepancy(QUOTE, f'"{quote}"', f"no outlet carries this quote{said}", origins, (), ())
        )
    return flagged
