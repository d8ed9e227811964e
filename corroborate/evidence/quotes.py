"""What the story's outlets quote: a claim's quote no page carries, and what the speaker is
quoted saying instead.

A quote is the claim itself: outlets reporting the speaker and the occasion do not confirm words
none of them carries. When they quote the speaker saying something else, that is named.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz.utils import default_process

from corroborate.evidence.discrepancies import MIN_QUOTE_WORDS, QUOTE, carries
from corroborate.evidence.story import StoryPage, Votes
from corroborate.models import Claim, Discrepancy

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
        votes = Votes.empty()
        for page in story:
            for sentence in page.sentences:
                if not re.search(rf"(?<!\w){re.escape(surname)}(?!\w)", sentence):
                    continue
                for match in _QUOTATION.finditer(sentence):
                    quote = next(group for group in match.groups() if group).strip()
                    if quote.casefold() not in own:
                        votes.add(quote.casefold(), quote, page)
        if votes.origins:
            return f'{surname}: "{votes.shown[votes.top()]}"'
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
