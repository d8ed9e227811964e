"""Split English news text into sentences, fast enough for thousands of fetched pages.

Pure regex and string scans, every one linear in the input, so a megabyte without punctuation
costs one pass instead of hanging. No language model: abbreviations, initials, decimals and
quotes are handled by rules that err towards NOT splitting, because a wrongly split claim
matches nothing while a slightly long sentence still matches.
"""

from __future__ import annotations

import re

from corroborate.text.lexicon import MONTHS
from corroborate.text.multilingual import month_words

# Capitalised abbreviations that precede a name or number and never end a sentence
# ("Dr. Jones", "St. Louis", "Jan. 5", "No. 5"); lower-case "no." is the ordinary word.
_BEFORE_NAMES = frozenset(
    """mr mrs ms dr prof st gen col lt sgt capt cmdr adm maj rep sen gov pres rev hon fr mt ft
    ave blvd rd dept no nos vol art fig sec ch jan feb mar apr jun jul aug sep sept oct nov
    dec""".split()
)
_BEFORE_NUMBERS = frozenset("no nos vol fig p pp sec ch art approx est".split())  # "p. 5"
_BETWEEN_NAMES = frozenset({"vs", "v"})  # "Roe v. Wade", "Brazil vs. Spain"
# Abbreviations that may also close a sentence ("...at 9 a.m. The police..."): split only when
# the next word is a typical sentence opener.
_MAYBE_FINAL = frozenset("inc ltd co corp plc llc etc am pm us uk un eu jr sr".split())
_SENTENCE_OPENERS = frozenset(
    """the a an he she it they we i you his her its their our this that these those there
    but and or so yet in on at by for from to with after before when while as if
    however meanwhile officials police authorities""".split()
)

# A candidate boundary: terminal punctuation, optional closing quotes/brackets, then space. It
# starts only where a run of punctuation starts and takes the run whole (possessive): tried at
# every dot of "......" it rescanned the rest of the run each time, quadratic in its length.
_BOUNDARY = re.compile(r"(?<![.!?\u2026])[.!?\u2026]++[\"'\u201d\u2019)\]]*+\s+")
_BULLET = re.compile(r"^\s*(?:[-*\u2022\u2023\u25e6\u2043\u2013\u2014\u00b7]|\d{1,2}[.)])\s+")
_LINE_END_TERMINAL = re.compile(r"[.!?\u2026:;][\"'\u201d\u2019)\]]*$")
_CONTINUES = re.compile(r"[,(\-\u2013\u2014/&]$|\b(?:the|a|an|of|and|or|to|in|on|for|with|by|at)$")
_LAST_WORD = re.compile(r"([A-Za-z.]+)[.!?\u2026]*$")
_DAY_NUMBER = re.compile(r"(?<!\d)[0-3]?\d$")


def split_sentences(text: str) -> list[str]:
    """Return the sentences of ``text``, whitespace-normalised, in order, without empties."""
    sentences: list[str] = []
    for block in _line_blocks(text):
        sentences.extend(_split_block(block))
    return sentences


def _line_blocks(text: str) -> list[str]:
    """Join hard-wrapped lines; keep headlines, bullets and paragraphs as separate blocks."""
    blocks: list[str] = []
    current: list[str] = []
    for raw_line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw_line.strip()
        bullet = _BULLET.match(line)
        if bullet or not line:
            _flush(current, blocks)
            line = line[bullet.end() :] if bullet else line
        elif current and not _continues(current[-1], line):
            _flush(current, blocks)
        if line:
            current.append(line)
    _flush(current, blocks)
    return blocks


def _continues(previous: str, line: str) -> bool:
    """A line break inside a sentence: the next line starts in lower case or the last dangles."""
    if _LINE_END_TERMINAL.search(previous):
        return False
    return line[0].islower() or bool(_CONTINUES.search(previous))


def _flush(current: list[str], blocks: list[str]) -> None:
    if current:
        blocks.append(" ".join(current))
        current.clear()


def _split_block(block: str) -> list[str]:
    pieces: list[str] = []
    start = 0
    for boundary in _BOUNDARY.finditer(block):
        if _is_sentence_end(block, boundary.start(), boundary.end()):
            pieces.append(block[start : boundary.end()])
            start = boundary.end()
    pieces.append(block[start:])
    return [normalised for piece in pieces if (normalised := " ".join(piece.split()))]


def _is_sentence_end(block: str, punct_start: int, next_start: int) -> bool:
    """Decide one candidate boundary from the word before it and the word after it."""
    if next_start >= len(block):
        return True
    following = block[next_start : next_start + 30].split(maxsplit=1)[0]
    first = following.lstrip("\"'\u201c\u2018([")
    if not first or first[0].islower():
        return False
    if block[punct_start] != ".":
        return True
    if _DAY_NUMBER.search(block, max(0, punct_start - 3), punct_start) and _is_month(first):
        return False  # a German-style ordinal day: "am 3. November", "19. Oktober"
    word_match = _LAST_WORD.search(block, max(0, punct_start - 30), punct_start + 1)
    word = word_match.group(1) if word_match else ""
    return not _is_abbreviation(word, first)


def _is_abbreviation(word: str, following: str) -> bool:
    """True when the period after ``word`` belongs to an abbreviation or an initial."""
    bare = word.strip(".")
    if len(bare) == 1 and bare.isupper():
        return True  # an initial: "J. R. Smith"
    key = bare.replace(".", "").lower()
    if key in _BETWEEN_NAMES or (key in _BEFORE_NAMES and bare[0].isupper()):
        return True
    if key in _BEFORE_NUMBERS and following[:1].isdigit():
        return True
    if key in _MAYBE_FINAL or "." in bare:
        return not _looks_like_opener(following)
    return False


def _is_month(word: str) -> bool:
    key = word.rstrip(".,").lower()
    return key in MONTHS or key in month_words()


def _looks_like_opener(word: str) -> bool:
    return word.lower().strip("\"'\u201c\u2018,") in _SENTENCE_OPENERS
