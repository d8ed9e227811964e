"""Turn claims into what each discovery source understands.

Search APIs get a few short queries per claim, broad to narrow, in their own syntax: GDELT ANDs
every bare term, so a long query finds nothing, and it rejects short terms and one-word phrases.
Feeds and sitemaps cannot be searched, so they get a cheap filter instead: an entry is worth
fetching only when its title and summary share enough key terms with some claim.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from corroborate.claims.extract import content_words
from corroborate.models import Claim, Query
from corroborate.sources.registry import SOURCE_NAMES, SOURCES
from corroborate.text.lexicon import GENERIC_NEWS_WORDS

GDELT_MIN_TERM_CHARS = 3
MAX_QUOTE_WORDS = 6

# Alternatives outlets use for the same thing; each word maps to its group, written as an OR.
_SYNONYM_GROUPS = (
    ("memorial", "museum", "monument"),
    ("killed", "dead", "died", "deaths"),
    ("troops", "soldiers"),
    ("earthquake", "quake"),
    ("injured", "wounded"),
    ("arrested", "detained"),
    ("election", "vote"),
    ("president", "presidency"),
    ("missile", "rocket"),
    ("flood", "flooding", "floods"),
    ("fire", "wildfire", "blaze"),
    ("ceasefire", "truce"),
    ("sanctions", "embargo"),
    ("strike", "walkout"),
    ("lawsuit", "suit"),
    ("prices", "inflation"),
)
SYNONYMS = {word: group for group in _SYNONYM_GROUPS for word in group}
_NON_QUERY_CHARS = re.compile(r"[^\w\s]|_")
_VERBISH = re.compile(r"(?:ly|ing|ed|ive|ous|ful)$")
_OPERATOR_WORDS = frozenset({"OR", "AND", "NOT"})
_ENTRY_WORD = re.compile(r"[a-z0-9\u00c0-\u024f]+")


def build_queries(claims: Sequence[Claim], source: str, max_per_claim: int = 4) -> list[Query]:
    """1 to ``max_per_claim`` distinct queries per claim, broad to narrow; none for feeds.

    Each claim is also searched as the story's subject (the lede's main name) with the claim's
    most distinctive term: outlets that tell the claim in other words still name the story and
    that one thing ("Louvre" and "Regent"), while few repeat the claim's whole wording. The
    subject alone is searched once, for the lede."""
    if source not in SOURCES:
        raise ValueError(f"unknown source {source!r}; known: {', '.join(SOURCE_NAMES)}")
    syntax = SOURCES[source].query_syntax
    if syntax is None:
        return []  # feeds and sitemaps are filtered with entry_matches_claims instead
    variants = QUERY_SYNTAXES[syntax]
    salience = Counter(
        word for claim in claims for word in set(content_words(clean_query_text(claim.text)))
    )
    subject = story_subject(claims)
    queries: list[Query] = []
    for claim in claims:
        terms = _QueryTerms.of(claim, salience)
        texts = variants(terms)
        texts.insert(0, _subject_query(subject, terms, salience, syntax))
        if claim is claims[0] and subject:  # the story under its name alone: the widest net
            texts.insert(
                0, _gdelt_term(subject) if syntax == "gdelt" else _quote_if_multiword(subject)
            )
        texts = _unique_nonempty(texts)[:max_per_claim]
        queries.extend(Query(claim.position, source, text) for text in texts)
    return queries


def story_subject(claims: Sequence[Claim]) -> str:
    """The name the article's lede leads with (the longest first: "Francis Scott Key Bridge"
    before "Baltimore"); "" when the lede names none."""
    return _QueryTerms.of(claims[0]).entities[0] if claims and claims[0].key_terms.entities else ""


def _subject_query(subject: str, terms: _QueryTerms, salience: Counter[str], syntax: str) -> str:
    """The subject and the claim's most distinctive other term: a name, a stable figure, else
    its key word the rest of the article uses least ("mayday" rather than "bridge")."""
    if not subject:
        return ""
    numbers = [clean_query_text(n) for n in terms.numbers if _is_stable_number(n)]
    others = [e for e in terms.entities if e.lower() != subject.lower()] + numbers
    in_subject = set(subject.lower().split())
    rare = sorted(
        (word for word in terms.keywords if word not in in_subject),
        key=lambda word: (salience[word], bool(_VERBISH.search(word)), -len(word)),
    )
    distinctive = (others or rare or [""])[0]
    if syntax == "gdelt":
        pair = [
            _gdelt_term(subject),
            _gdelt_keyword(distinctive)
            if distinctive in terms.keywords
            else _gdelt_term(distinctive),
        ]
    else:
        pair = [_quote_if_multiword(subject), _quote_if_multiword(distinctive)]
    return _join_if_enough(_unique_nonempty(pair))


@dataclass(frozen=True)
class _QueryTerms:
    """A claim's searchable parts, cleaned of punctuation, strongest first."""

    entities: tuple[str, ...]
    keywords: tuple[str, ...]
    numbers: tuple[str, ...]
    quotes: tuple[str, ...]

    @classmethod
    def of(cls, claim: Claim, salience: Counter[str] | None = None) -> _QueryTerms:
        terms = claim.key_terms
        entities = _unique_nonempty(clean_query_text(entity) for entity in terms.entities)
        entities.sort(key=lambda entity: -len(entity.split()))  # multiword names are rarer
        specific = " ".join(entities + list(terms.numbers + terms.dates + terms.quotes))
        taken = {word.lower() for word in clean_query_text(specific).split()}
        return cls(
            entities=tuple(entities),
            keywords=tuple(_ranked_keywords(claim.text, taken, salience or Counter())),
            numbers=terms.numbers,
            quotes=tuple(
                quote
                for quote in _unique_nonempty(clean_query_text(q) for q in terms.quotes)
                if 2 <= len(quote.split()) <= MAX_QUOTE_WORDS
            ),
        )


def _ranked_keywords(text: str, exclude: set[str], salience: Counter[str]) -> list[str]:
    """Likely nouns first (they survive rewording), then the story's recurring words, then
    longer (rarer) words before shorter."""
    words = [
        word
        for word in content_words(_NON_QUERY_CHARS.sub(" ", text))
        if word not in exclude and word not in GENERIC_NEWS_WORDS and not word.isdigit()
    ]
    return sorted(
        words, key=lambda word: (bool(_VERBISH.search(word)), -salience[word], -len(word))
    )


def _gdelt_variants(terms: _QueryTerms) -> list[str]:
    entities = [_gdelt_term(entity) for entity in terms.entities]
    entities = [entity for entity in entities if entity]
    keywords = [_gdelt_keyword(word) for word in terms.keywords]
    keywords = _unique_nonempty(keywords)
    numbers = [_gdelt_term(clean_query_text(n)) for n in terms.numbers if _is_stable_number(n)]
    quotes = [_gdelt_term(quote) for quote in terms.quotes]
    strong = _unique_nonempty(quotes[:1] + entities[:2] + keywords[:1])
    extra = _unique_nonempty(entities[2:3] + numbers[:1] + keywords[1:3])
    return [
        _join_if_enough(_unique_nonempty(entities[:1] + keywords[:1]) or strong[:2]),
        _join_if_enough(strong[:3]),
        _join_if_enough(strong[:3] + [term for term in extra if term not in strong][:1]),
    ]


def _gdelt_term(text: str) -> str:
    """A bare word of 3+ characters, or a quoted phrase of 2+ words; "" when neither."""
    words = text.split()
    if len(words) == 1:
        return words[0] if len(words[0]) >= GDELT_MIN_TERM_CHARS else ""
    if len(words) > 1 and len(" ".join(words)) >= GDELT_MIN_TERM_CHARS + 2:
        return '"' + " ".join(words) + '"'
    return ""


def _gdelt_keyword(word: str) -> str:
    """The word, or an OR-group in parentheses with the words outlets use instead."""
    group = [w for w in SYNONYMS.get(word, (word,)) if len(w) >= GDELT_MIN_TERM_CHARS]
    if word not in group:
        group.insert(0, word)
    if len(group) == 1:
        return word if len(word) >= GDELT_MIN_TERM_CHARS else ""
    return "(" + " OR ".join(group) + ")"


def _is_stable_number(number: str) -> bool:
    """Digits with a unit, or 3+ digits, tend to be written alike by every outlet."""
    head = number.split()[0]
    return head.isdigit() and (len(head) >= 3 or len(number.split()) > 1)


def _join_if_enough(terms: list[str]) -> str:
    """Two terms at least: one bare word alone would match the whole news stream."""
    if len(terms) >= 2 or (terms and terms[0].startswith('"')):
        return " ".join(terms)
    return ""


def _keyword_variants(terms: _QueryTerms) -> list[str]:
    """Plain keyword queries for Google News and Bing News (no operators)."""
    entities = [_quote_if_multiword(entity) for entity in terms.entities]
    keywords = list(terms.keywords)
    numbers = [number for number in terms.numbers if _is_stable_number(number)]
    quotes = ['"' + quote + '"' for quote in terms.quotes]
    return [
        _join_if_enough(entities[:2] + keywords[:2]),
        _join_if_enough(entities[:3] + numbers[:1] + keywords[:4]),
        _join_if_enough(quotes[:1] + entities[:1] + keywords[:1]) if quotes else "",
    ]


# The query syntaxes a registry entry can name (its ``query_syntax``).
QUERY_SYNTAXES: dict[str, Callable[[_QueryTerms], list[str]]] = {
    "gdelt": _gdelt_variants,
    "keywords": _keyword_variants,
}


def _quote_if_multiword(text: str) -> str:
    return f'"{text}"' if " " in text else text


def clean_query_text(text: str) -> str:
    """Letters, digits and single spaces only: nothing a search engine reads as an operator."""
    words = _NON_QUERY_CHARS.sub(" ", text).split()
    return " ".join(word for word in words if word not in _OPERATOR_WORDS)


def _unique_nonempty(items) -> list[str]:
    return [item for item in dict.fromkeys(items) if item]


# --- feeds and sitemaps -------------------------------------------------------------------


def claim_match_terms(claims: Sequence[Claim]) -> list[set[str]]:
    """Per claim, the lower-cased entities and key words an entry must share with it."""
    return [set(_matcher(claim).entities) | _matcher(claim).keywords for claim in claims]


def entry_matches_claims(title_and_summary: str, claims: Sequence[Claim]) -> bool:
    """True when a feed or sitemap entry shares enough key terms with at least one claim."""
    stems = [_stem(word) for word in _ENTRY_WORD.findall(title_and_summary.lower())]
    if not stems:
        return False
    words, padded = set(stems), " " + " ".join(stems) + " "
    return any(_matcher(claim).matches(words, padded) for claim in claims)


ENTITY_WEIGHT = 2
MATCH_THRESHOLD = 3  # an entity and a key word, two entities, or three key words


@dataclass(frozen=True)
class _ClaimMatcher:
    entities: tuple[str, ...]  # stemmed, space-joined words
    keywords: frozenset[str]  # stemmed single words

    def matches(self, words: set[str], padded: str) -> bool:
        score = sum(
            ENTITY_WEIGHT
            for entity in self.entities
            if (f" {entity} " in padded if " " in entity else entity in words)
        )
        score += len(self.keywords & words)
        possible = ENTITY_WEIGHT * len(self.entities) + len(self.keywords)
        return score >= min(MATCH_THRESHOLD, max(possible, 2))


@lru_cache(maxsize=1024)
def _matcher(claim: Claim) -> _ClaimMatcher:
    terms = _QueryTerms.of(claim)
    entities = _unique_nonempty(
        " ".join(_stem(word) for word in _ENTRY_WORD.findall(phrase.lower()))
        for phrase in terms.entities + terms.quotes
    )
    entity_words = {word for entity in entities for word in entity.split()}
    keywords = {_stem(word) for word in terms.keywords} - entity_words
    return _ClaimMatcher(tuple(entities), frozenset(keywords))


def _stem(word: str) -> str:
    """Crude plural folding, so "troops" meets "troop" and "cities" meets "city"."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word
