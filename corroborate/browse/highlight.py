"""Evidence sentences with the claim's terms marked: what matches, and what differs.

A differing figure is marked with the value the outlet reported ("2,300 residents"); when the
sentence words it differently, its leading number alone ("2,300") is tried.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from markupsafe import Markup, escape

MATCH = "match"
DIFFER = "differ"


def highlight(text: str, matched: Iterable[str], differing: Iterable[str]) -> Markup:
    """``text`` escaped, with ``<mark class="match|differ">`` around the terms it carries;
    differing terms win where both overlap."""
    spans: list[tuple[int, int, str]] = []
    for kind, terms in ((DIFFER, _with_numbers(differing)), (MATCH, matched)):
        for term in sorted(set(terms), key=len, reverse=True):
            for found in _occurrences(text, term):
                if not any(found[0] < end and start < found[1] for start, end, _ in spans):
                    spans.append((*found, kind))
    return _marked(text, sorted(spans))


def _with_numbers(values: Iterable[str]) -> list[str]:
    """Each value, then its leading number when it has one: "2,300 residents", "2,300"."""
    terms = []
    for value in values:
        terms.append(value)
        number = re.match(r"[\d][\d,.]*", value)
        if number and number.group() != value:
            terms.append(number.group())
    return terms


def _occurrences(text: str, term: str) -> list[tuple[int, int]]:
    if not term.strip():
        return []
    pattern = re.compile(rf"(?<!\w){re.escape(term)}(?!\w)", re.IGNORECASE)
    return [(found.start(), found.end()) for found in pattern.finditer(text)]


def _marked(text: str, spans: list[tuple[int, int, str]]) -> Markup:
    parts, position = [], 0
    for start, end, kind in spans:
        parts.append(escape(text[position:start]))
        parts.append(Markup('<mark class="{}">{}</mark>').format(kind, text[start:end]))
        position = end
    parts.append(escape(text[position:]))
    return Markup("").join(parts)
