"""The story's coverage as the story-wide checks read it: its pages, who votes for what.

A claim is one part of a story that many outlets report, each in its own words and language. The
detail checks (``details``) and the quote checks (``quotes``) read the same thing: every page that
carries any of the article's claims, split into sentences, each with its independent origin; a
sentence "speaks of" a claim when it shares enough of its words; each origin votes once per value.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from corroborate.claims.extract import content_words
from corroborate.evidence.key_terms import SentenceTerms

# A sentence speaks of the claim when it shares a quarter of its content words (by stem), at
# least 2 and at most 3 of them: "Kessmark" and "province" alone may be another part of the story.
MIN_SHARED_WORDS, MAX_SHARED_WORDS, SHARED_SHARE = 2, 3, 0.25
STEM_CHARS = 5  # "stole" / "stolen", "killed" / "killing": crude, language-blind folding


@dataclass(frozen=True)
class StoryPage:
    """A page reporting the story, split into sentences, with its independent origin.

    Its sentences' stems and its page-wide terms are computed once, on first use, and shared
    by every claim's checks."""

    page_id: int
    origin: int
    outlet: str
    url: str
    sentences: tuple[str, ...]
    published: date | None

    @cached_property
    def sentence_stems(self) -> tuple[frozenset[str], ...]:
        return tuple(stems(content_words(sentence)) for sentence in self.sentences)

    @cached_property
    def terms(self) -> SentenceTerms:
        """The whole page as one text, for "does it name X anywhere"."""
        return SentenceTerms(" ".join(self.sentences))

    def about(self, claim: frozenset[str]) -> list[str]:
        """The sentences that speak of a claim (``claim_stems``)."""
        if len(claim) < MIN_SHARED_WORDS:
            return []
        needed = min(MAX_SHARED_WORDS, max(MIN_SHARED_WORDS, math.ceil(SHARED_SHARE * len(claim))))
        return [
            sentence
            for sentence, words in zip(self.sentences, self.sentence_stems)
            if len(claim & words) >= needed
        ]


@dataclass
class Votes:
    """Per value key: what it says, and which origins, outlets and pages state it."""

    shown: dict[str, str]
    origins: dict[str, set[int]]
    outlets: dict[str, set[str]]
    urls: dict[str, set[str]]

    @classmethod
    def empty(cls) -> Votes:
        return cls({}, defaultdict(set), defaultdict(set), defaultdict(set))

    def add(self, key: str, shown: str, page: StoryPage) -> None:
        self.shown.setdefault(key, shown)
        self.origins[key].add(page.origin)
        self.outlets[key].add(page.outlet)
        self.urls[key].add(page.url)

    def top(self) -> str:
        """The key most origins state (ties to the greater key, so the choice is stable)."""
        return max(self.origins, key=lambda key: (len(self.origins[key]), key))


def claim_stems(text: str) -> frozenset[str]:
    """The stems a sentence must share with a claim to speak of it."""
    return stems(content_words(text))


def stems(words: Iterable[str]) -> frozenset[str]:
    return frozenset(stem(word) for word in words if not word.isdigit())


def stem(word: str) -> str:
    """Crude folding: plural "s" off, the first STEM_CHARS letters."""
    word = word.lower()
    if word.endswith("s") and len(word) > 3:
        word = word[:-1]
    return word[:STEM_CHARS]
