"""Details same-event sources state otherwise: another figure, day or place, or no such quote.

A sentence that names the claim's people and places but gives 2,300 evacuees where the claim
says 8,000 is not support: it is evidence that the figure is wrong. Only sentences that clearly
describe the claim's event are compared (every other key term of the claim present), and only
values of one kind (a count of residents with a count, a day with a day), so that a sentence
about another part of the story does not pass for a contradiction.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from datetime import date

from rapidfuzz import fuzz
from rapidfuzz.utils import default_process

from corroborate.models import Claim, Difference, Discrepancy, Evidence, PageText
from corroborate.text.dates import DateMention, find_dates
from corroborate.text.quantities import Quantity, find_quantities, number_values
from corroborate.text.words import normalise_words

NUMBER, DATE, PLACE, QUOTE = "number", "date", "place", "quote"
# A quote counts as carried when this close (rapidfuzz partial_ratio) to a page's wording.
QUOTE_MIN_SIMILARITY = 90.0
MIN_QUOTE_WORDS = 4  # shorter quotations ("criminal act") are words outlets share anyway


def evidence_differences(
    claim: Claim,
    evidence: Evidence,
    claim_date: date | None,
    page_date: date | None,
    same_event: bool = False,
) -> tuple[Difference, ...]:
    """The claim's figures and dates that this evidence sentence states otherwise;
    ``same_event``: the sentence is known to report the claim's event (a page in another
    language matched on its details), so any figure or date it states is compared."""
    differences: list[Difference] = []
    if evidence.differing_terms or same_event:
        differences += _number_differences(claim.text, evidence.sentence)
    if same_event or _only_dates_missing(claim, evidence):
        differences += _date_differences(claim.text, evidence.sentence, claim_date, page_date)
    differences += _place_differences(claim, evidence)
    return tuple(differences)


def _number_differences(claim_text: str, sentence: str) -> list[Difference]:
    sentence_values = number_values(sentence, normalise_words(sentence))
    claim_quantities = find_quantities(claim_text)
    claim_values = {quantity.value for quantity in claim_quantities}
    others = [q for q in find_quantities(sentence) if q.value not in claim_values]
    differences = []
    for stated in claim_quantities:
        if stated.value in sentence_values:
            continue
        replacement = _counterpart(stated, others)
        if replacement is not None:
            key = f"{NUMBER}:{replacement.value:g}:{replacement.unit}"
            differences.append(Difference(NUMBER, stated.text, replacement.text, key))
    return differences


def _counterpart(stated: Quantity, others: list[Quantity]) -> Quantity | None:
    """The sentence's figure for the same thing: the one counting the same noun, else its only
    figure of the same kind."""
    same_kind = [other for other in others if stated.same_kind(other)]
    same_noun = [other for other in same_kind if stated.noun and other.noun == stated.noun]
    if len(same_noun) == 1:
        return same_noun[0]
    return same_kind[0] if len(same_kind) == 1 else None


def _only_dates_missing(claim: Claim, evidence: Evidence) -> bool:
    """Every key term but a date is there: the same event, told with another day."""
    dates = set(claim.key_terms.dates)
    missing = set(evidence.missing_terms)
    return bool(missing & dates) and missing <= dates and bool(evidence.matched_terms)


def _date_differences(
    claim_text: str, sentence: str, claim_date: date | None, page_date: date | None
) -> list[Difference]:
    reported = find_dates(sentence, page_date)
    differences = []
    for stated in find_dates(claim_text, claim_date):
        verdicts = [stated.agrees_with(mention) for mention in reported]
        if True in verdicts or False not in verdicts:
            continue
        other = reported[verdicts.index(False)]
        differences.append(Difference(DATE, stated.text, other.describe(), _date_key(other)))
    return differences


def _date_key(mention: DateMention) -> str:
    if mention.day:
        return f"{DATE}:{mention.day.isoformat()}"
    return f"{DATE}:{mention.weekday}:{mention.month_day}:{mention.year}"


# "in Lindqvist", "at the port of Saltmere", "residents of the town of Brekke".
_PLACE = re.compile(
    r"\b(?:in|at|near|from|of)\s+(?:the\s+(?:town|city|village|port|province|region|district|"
    r"state|county)\s+of\s+)?(?P<place>[A-Z][\w'\-]+(?:\s+[A-Z][\w'\-]+)*)"
)


def _place_differences(claim: Claim, evidence: Evidence) -> list[Difference]:
    """The claim's place is missing where every other key term is there, and the sentence
    names one other place in the same kind of phrase: "8,000 residents of Brekke"."""
    missing = set(evidence.missing_terms)
    claimed = [
        name for name in _places(claim.text) if name in missing and name in claim.key_terms.entities
    ]
    if len(claimed) != 1 or len(missing) != 1 or not evidence.matched_terms:
        return []
    others = [name for name in _places(evidence.sentence) if name not in claim.text]
    if len(others) != 1:
        return []
    return [Difference(PLACE, claimed[0], others[0], f"{PLACE}:{others[0].casefold()}")]


def _places(text: str) -> list[str]:
    return [match.group("place") for match in _PLACE.finditer(text)]


def unreported_quotes(
    claim: Claim, evidence: Sequence[Evidence], pages: Mapping[int, PageText]
) -> list[Discrepancy]:
    """Quotes of the claim that no page with evidence for it carries: a quote attributed to a
    person that no outlet reports is flagged."""
    page_ids = sorted({item.page_id for item in evidence})
    if not page_ids:
        return []
    texts = [default_process(pages[page_id].text) for page_id in page_ids if page_id in pages]
    flagged = []
    for quote in claim.key_terms.quotes:
        wording = default_process(quote)
        if len(wording.split()) < MIN_QUOTE_WORDS or any(carries(text, wording) for text in texts):
            continue
        outlets = tuple(sorted({item.outlet for item in evidence}))
        flagged.append(
            Discrepancy(
                QUOTE,
                f'"{quote}"',
                "no outlet carries this quote",
                0,
                outlets,
                tuple(sorted({item.url for item in evidence})),
            )
        )
    return flagged


def carries(text: str, wording: str) -> bool:
    """Does a page (processed text) carry a quote (processed wording), word for word or
    nearly?"""
    return wording in text or fuzz.partial_ratio(wording, text) >= QUOTE_MIN_SIMILARITY


def summarise(evidence: Sequence[Evidence], origin_of: Mapping[int, int]) -> list[Discrepancy]:
    """One discrepancy per alternative value, with the independent origins that state it, the
    most widely carried first."""
    grouped: dict[tuple[str, str, str], list[tuple[Evidence, Difference]]] = defaultdict(list)
    for item in evidence:
        for difference in item.differences:
            grouped[(difference.kind, difference.claim_value, difference.key)].append(
                (item, difference)
            )
    found = [
        _discrepancy(kind, claim_value, items, origin_of)
        for (kind, claim_value, _), items in grouped.items()
    ]
    return sorted(found, key=lambda d: (-d.independent_outlets, d.kind, d.claim_value))


def _discrepancy(
    kind: str,
    claim_value: str,
    items: list[tuple[Evidence, Difference]],
    origin_of: Mapping[int, int],
) -> Discrepancy:
    written = Counter(difference.reported_value for _, difference in items)
    return Discrepancy(
        kind=kind,
        claim_value=claim_value,
        reported_value=written.most_common(1)[0][0],
        independent_outlets=len({origin_of.get(item.page_id, item.page_id) for item, _ in items}),
        outlets=tuple(sorted({item.outlet for item, _ in items})),
        evidence_urls=tuple(sorted({item.url for item, _ in items})),
    )
