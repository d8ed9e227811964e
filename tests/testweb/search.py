"""Boolean full-text search over the corpus, in the query syntax of the real news searches.

GDELT: every bare term must occur, "quoted phrases", OR only inside parentheses, leading ``-``
excludes, ``name:value`` operators, and terms or phrases under three characters are rejected.
Google News and Bing: the same, but OR also works without parentheses and short terms pass.
Matching is on whole words, case-insensitive, punctuation ignored on both sides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(r'\s*(?:(?P<open>\()|(?P<close>\))|(?P<phrase>-?"[^"]*")|(?P<word>[^\s()"]+))')
_NON_WORD = re.compile(r"[^\w]+")
_UNSPACED_SCRIPT = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})

PHRASE_TOO_SHORT = "The specified phrase is too short."
KEYWORD_TOO_SHORT = "One or more of your keywords were too short, too common or invalid."
BAD_PARENTHESES = "Parentheses may only be used around OR'd statements."
UNMATCHED_QUOTE = "Your query contained an unmatched quotation mark."


class QueryError(ValueError):
    """The query is not valid in the service's syntax; the message is the service's sentence."""


@dataclass(frozen=True)
class Clause:
    """One AND-ed condition: any of ``alternatives`` occurs (or, when negated, none does)."""

    alternatives: tuple[str, ...]
    negated: bool = False


@dataclass(frozen=True)
class ParsedQuery:
    clauses: tuple[Clause, ...]
    operators: tuple[tuple[str, str], ...]  # ("domain", "example.com"), ("when", "7d"), ...

    def operator(self, name: str) -> str | None:
        return next((value for key, value in self.operators if key == name), None)


@dataclass(frozen=True)
class Dialect:
    operators: frozenset[str]
    min_length: int  # shorter terms and phrases are rejected
    bare_or: bool  # OR works outside parentheses


GDELT = Dialect(
    frozenset(
        {
            "domain",
            "domainis",
            "sourcecountry",
            "sourcelang",
            "theme",
            "tone",
            "toneabs",
            "near",
            "repeat",
            "imagetag",
            "imagewebtag",
        }
    ),
    min_length=3,
    bare_or=False,
)
NEWS_SEARCH = Dialect(
    frozenset({"site", "when", "after", "before", "intitle", "inurl"}), min_length=1, bare_or=True
)


def normalize(value: str) -> str:
    """Lower case, words separated by single spaces, padded so ' word ' finds whole words.
    Scripts written without spaces (kana, Han, Hangul) are matched character by character, as
    real engines segment them: "マースデン" is found in "リンドホルムのマースデン橋"."""
    spaced = _UNSPACED_SCRIPT.sub(r" \g<0> ", value.translate(_QUOTES).lower())
    return " " + _NON_WORD.sub(" ", spaced).strip() + " "


def parse_query(query: str, dialect: Dialect) -> ParsedQuery:
    """Parse ``query``; raise ``QueryError`` with the service's error sentence when invalid."""
    tokens = _tokens(query.translate(_QUOTES))
    clauses: list[Clause] = []
    operators: list[tuple[str, str]] = []
    index = 0
    while index < len(tokens):
        kind, value = tokens[index]
        if kind == "open":
            index, clause = _group(tokens, index + 1, dialect)
            clauses.append(clause)
            continue
        if kind == "close":
            raise QueryError(BAD_PARENTHESES)
        operator = _operator(value, tokens, index, dialect)
        if operator is not None:
            operators.append(operator[0])
            index += operator[1]
            continue
        if value == "OR" and dialect.bare_or and clauses and index + 1 < len(tokens):
            following = _term(tokens[index + 1][1], dialect)
            clauses[-1] = Clause(clauses[-1].alternatives + following.alternatives)
            index += 2
            continue
        clauses.append(_term(value, dialect))
        index += 1
    return ParsedQuery(tuple(clauses), tuple(operators))


def _tokens(query: str) -> list[tuple[str, str]]:
    tokens, position = [], 0
    query = query.strip()
    while position < len(query):
        match = _TOKEN.match(query, position)
        if match is None or match.end() == position:
            raise QueryError(UNMATCHED_QUOTE)
        kind = match.lastgroup or "word"
        tokens.append((kind, match.group(kind)))
        position = match.end()
    return tokens


def _group(tokens: list[tuple[str, str]], index: int, dialect: Dialect) -> tuple[int, Clause]:
    """Parse ``(a OR b OR "c d")`` starting after the parenthesis; return the next index."""
    alternatives: list[str] = []
    expect_term = True
    while index < len(tokens) and tokens[index][0] != "close":
        kind, value = tokens[index]
        if expect_term and kind in ("word", "phrase") and value != "OR":
            alternatives.extend(_term(value, dialect).alternatives)
        elif expect_term or value != "OR":
            raise QueryError(BAD_PARENTHESES)
        expect_term = not expect_term
        index += 1
    if index >= len(tokens) or len(alternatives) < 2 or expect_term:
        raise QueryError(BAD_PARENTHESES)
    return index + 1, Clause(tuple(alternatives))


def _operator(
    value: str, tokens: list[tuple[str, str]], index: int, dialect: Dialect
) -> tuple[tuple[str, str], int] | None:
    """``name:value`` (or ``near5:"a b"``, ``tone<-5``) -> ((name, value), tokens consumed)."""
    match = re.match(r"^([a-z]+)\d*([:<>].*)$", value)
    if match is None or match.group(1) not in dialect.operators:
        return None
    name, rest = match.group(1), match.group(2)
    if rest == ":" and index + 1 < len(tokens) and tokens[index + 1][0] == "phrase":
        return (name, tokens[index + 1][1].strip('"')), 2
    return (name, rest.lstrip(":").strip('"')), 1


def _term(value: str, dialect: Dialect) -> Clause:
    negated = value.startswith("-") and len(value) > 1
    bare = value[1:] if negated else value
    is_phrase = bare.startswith('"')
    bare = bare.strip('"')
    if len(bare.strip()) < dialect.min_length:
        raise QueryError(PHRASE_TOO_SHORT if is_phrase else KEYWORD_TOO_SHORT)
    return Clause((normalize(bare),), negated)


def matches(query: ParsedQuery, normalized_text: str) -> bool:
    """True when every clause holds for the text (already passed through ``normalize``)."""
    for clause in query.clauses:
        found = any(alternative in normalized_text for alternative in clause.alternatives)
        if found == clause.negated:
            return False
    return True
