"""Queries in other languages, without a translation model: names, figures and dates carry over.

A story's coverage in French, Russian or Japanese shares few words with an English claim, but
it names the same people, places and organisations (spelled as that language writes them:
``text.names``; in a second round, as the pages already found in it spell them), and states
the same figures and dates (in that language's format: CLDR via babel). So each language gets a
few queries built from the story's most recurrent names, alone and paired, and with a figure or
date written its way; each source asks them through its own language switch, and GDELT also
gets an English query for its translingual index. A fixed number of queries per language and
source keeps the cost of each added language known.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache

from babel import Locale
from babel.dates import format_skeleton
from babel.numbers import format_compact_decimal, format_decimal

from corroborate.models import Claim, Query
from corroborate.sources.languages import LANGUAGES
from corroborate.sources.queries import build_queries, clean_query_text
from corroborate.sources.registry import SOURCES
from corroborate.text.dates import find_dates
from corroborate.text.names import found_spelling, name_core, spell_name
from corroborate.text.quantities import find_quantities

MIN_NAME_CHARS = 3
MIN_FIGURE = 1000  # smaller numbers are too common to narrow a search


@dataclass(frozen=True)
class _Name:
    """One of the story's names, with the first claim that carries it."""

    text: str
    claims: int  # how many claims carry it: the story's recurring names find its coverage
    first_claim: int


Spellings = Mapping[str, Mapping[str, str]]  # language -> name -> as its found pages spell it


def build_language_queries(
    claims: Sequence[Claim],
    source: str,
    languages: Sequence[str],
    per_language: int,
    reference: date | None = None,
    spellings: Spellings | None = None,
) -> list[Query]:
    """Up to ``per_language`` queries per language for one search source; none for feeds.
    ``spellings``: names as the pages already found in a language write them."""
    syntax = SOURCES[source].query_syntax
    if syntax is None or per_language <= 0:
        return []
    names = story_names(claims)
    translingual = build_queries(claims[:1], source, max_per_claim=1) if syntax == "gdelt" else []
    queries: list[Query] = []
    for language in languages:
        texts: list[tuple[int, str]] = [(q.claim_position, q.text) for q in translingual]
        found = (spellings or {}).get(language, {})
        texts += _native_texts(claims, names, language, reference, found)
        chosen = list(dict.fromkeys(texts))[:per_language]
        queries += [
            Query(position, source, _in_syntax(text, syntax, language), language)
            for position, text in chosen
        ]
    return queries


def story_names(claims: Sequence[Claim]) -> list[_Name]:
    """The claims' names, those most claims carry first, then in article order (the lede names
    the story's subject). Language and country names ("French") name no story."""
    found: dict[str, _Name] = {}
    texts = [claim.text.lower() for claim in claims]
    for claim in claims:
        for entity in claim.key_terms.entities:
            name = name_core(clean_query_text(entity))
            key = name.lower()
            if len(name) < MIN_NAME_CHARS or key in _place_and_language_names() or key in found:
                continue
            count = sum(key in text for text in texts)
            found[key] = _Name(name, count, claim.position)
    return sorted(found.values(), key=lambda name: -name.claims)  # stable: article order


@cache
def _place_and_language_names() -> frozenset[str]:
    """CLDR's English names of languages and countries, lower case."""
    english = Locale.parse("en")
    return frozenset(
        name.lower() for name in [*english.languages.values(), *english.territories.values()]
    )


def _native_texts(
    claims: Sequence[Claim],
    names: Sequence[_Name],
    language: str,
    reference: date | None,
    found: Mapping[str, str],
) -> list[tuple[int, str]]:
    """Queries in ``language``: the top name alone (the edition narrows it), the top two names,
    the top name with a figure or date written as the language writes it. A name is spelled as
    found pages spell it, else by rule; a script no library here writes names in gets the Latin
    name, which its pages often print too."""
    spelled = [
        (name, found.get(name.text) or spell_name(name.text, language) or name.text)
        for name in names
    ]
    if not spelled:
        return []
    (top, top_text), rest = spelled[0], spelled[1:]
    texts = [(top.first_claim, _phrase(top_text))]
    if rest:
        texts.append((top.first_claim, f"{_phrase(top_text)} {_phrase(rest[0][1])}"))
    details = [
        (claim.position, detail)
        for reader in (_local_figure, _local_day)
        for claim in claims
        if (detail := reader(claim, language, reference))
    ]
    if details:  # a figure before a day: an article's day is the detail most often wrong
        position, detail = details[0]
        texts.append((position, f"{_phrase(top_text)} {_phrase(detail)}"))
    return texts


def _local_figure(claim: Claim, language: str, reference: date | None) -> str | None:
    """A figure of the claim as ``language`` writes it: "1,8 Milliarden", "18億", "2 300"."""
    for quantity in find_quantities(claim.text):
        if quantity.value >= MIN_FIGURE and not quantity.is_year:
            if quantity.value >= 10**6:
                return format_compact_decimal(
                    quantity.value, format_type="long", locale=language, fraction_digits=1
                )
            return format_decimal(quantity.value, locale=language)
    return None


def _local_day(claim: Claim, language: str, reference: date | None) -> str | None:
    """A day of the claim as ``language`` writes it: "19 octobre", "10月19日", "19 октября"."""
    for mention in find_dates(claim.text, reference):
        if mention.month_day is not None:
            month, day = mention.month_day
            return format_skeleton("MMMMd", date(2000, month, day), locale=language)
    return None


def found_spellings(
    claims: Sequence[Claim], texts_by_language: Mapping[str, Sequence[str]]
) -> dict[str, dict[str, str]]:
    """Per language, the story's names as the pages found in it spell them, where that differs
    from the rule-made spelling ("Лувр", not "Лоувре"); one-word names only."""
    spellings: dict[str, dict[str, str]] = {}
    for language, texts in texts_by_language.items():
        for name in story_names(claims):
            if " " in name.text:
                continue
            spelling = found_spelling(name.text, texts, language)
            if spelling and spelling != spell_name(name.text, language):
                spellings.setdefault(language, {})[name.text] = spelling
    return spellings


def widening_languages(found: dict[str, int], searched: set[str]) -> list[str]:
    """Languages of outlets a first round found that were not searched: most pages first."""
    fresh = [code for code in found if code in LANGUAGES and code not in searched]
    return sorted(fresh, key=lambda code: -found[code])


def _phrase(text: str) -> str:
    return f'"{text}"' if " " in text or "・" in text else text


def _in_syntax(text: str, syntax: str, language: str) -> str:
    """GDELT takes the language as an operator in the query; the others as a request switch."""
    if syntax == "gdelt":
        return f"{text} sourcelang:{LANGUAGES[language].gdelt}"
    return text
