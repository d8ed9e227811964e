"""The search stand-ins' matching: every term or "phrase" of a query must occur in a story (any
one of a parenthesised OR group), whole words, case-insensitive; ``name:value`` operators and
negated terms are ignored. Enough for the demo's queries, which the core builds."""

from __future__ import annotations

import re

from crawler.demo.content import Story

_TOKEN = re.compile(r'\((?P<group>[^)]*)\)|"(?P<phrase>[^"]*)"|(?P<word>[^\s()"]+)')
_NON_WORD = re.compile(r"\W+")


def normalize(text: str) -> str:
    return " " + _NON_WORD.sub(" ", text.lower()).strip() + " "


def clauses(query: str) -> list[list[str]]:
    """AND-ed clauses, each a list of normalized alternatives."""
    found = []
    for match in _TOKEN.finditer(query):
        if match.group("group") is not None:
            parts = [part.strip().strip('"') for part in match.group("group").split(" OR ")]
            found.append([normalize(part) for part in parts if part])
        elif match.group("phrase") is not None:
            found.append([normalize(match.group("phrase"))])
        else:
            word = match.group("word")
            if ":" not in word and not word.startswith("-") and word != "OR":
                found.append([normalize(word)])
    return [clause for clause in found if clause and clause != [" "]]


def matching(stories: list[tuple[Story, str]], query: str) -> list[tuple[Story, str]]:
    """The (story, served URL) pairs that carry every clause of ``query``."""
    wanted = clauses(query)
    if not wanted:
        return []
    return [
        (story, url)
        for story, url in stories
        if all(
            any(alt in normalize(story.headline + " " + story.text) for alt in clause)
            for clause in wanted
        )
    ]
