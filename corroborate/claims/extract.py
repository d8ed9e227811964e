"""Pick an article's key, check-worthy claims and the specifics each one commits to.

A claim is worth checking when another outlet could confirm or contradict it: it names someone
or somewhere, gives a number or a date, attributes a statement or quotes one. Opinion, framing,
speculation and calls to action cannot be corroborated, so they score low or are dropped.
Rules only (regexes and word lists), so it runs on any topic with nothing to download.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from corroborate.models import Article, Claim, KeyTerms
from corroborate.text.dates import DATE_TERM
from corroborate.text.lexicon import (
    FIGURE_WORDS_PATTERN,
    MONTHS,
    NOT_CONTENT_WORDS,
    SMALL_NUMBER_WORDS,
    TENS_WORDS,
    WEEKDAY_NAMES,
)
from corroborate.text.sentences import split_sentences

_NUMBER_WORDS = "|".join(
    SMALL_NUMBER_WORDS[1:]
    + TENS_WORDS
    + "hundred hundreds thousand thousands dozen dozens million millions billion".split()
)
_NUMBER = re.compile(
    rf"\b\d{{1,3}}-\d{{1,3}}\b(?!-)"  # a score or result: "4-0"
    rf"|(?:[$\u20ac\u00a3\u00a5]\s?)?(?<![\w\-])(?:\d(?:[\d,]*\d)?(?:\.\d+)?(?:st|nd|rd|th)?(?!\w)"
    rf"|(?:{_NUMBER_WORDS})(?:[- ](?:{_NUMBER_WORDS}))*\b)"
    rf"(?:\s?(?:{FIGURE_WORDS_PATTERN})\b|%)?(?:\s+(?:million|billion|trillion)\b)?",
    re.IGNORECASE,
)
_QUOTE = re.compile(r"\"([^\"]{3,300})\"|\u201c([^\u201c\u201d]{3,300})\u201d")
_WORD = re.compile(r"[A-Za-z\u00c0-\u024f][\w'\u2019\-]*")
_NAME_WORD = r"[A-Z\u00c0-\u00de][\w\-]*(?:['\u2019][A-Z][\w\-]*)?"
_CAP_RUN = re.compile(
    rf"\b{_NAME_WORD}(?:\s+(?:(?:of|de|la|del|van|von|bin|al|der|for)\s+)?{_NAME_WORD})*"
)
_ACRONYM = re.compile(r"\b(?:[A-Z]\.){2,}|\b[A-Z](?:[A-Z0-9&]|-(?=[A-Z0-9])){1,11}\b")
_POSSESSIVE = re.compile(r"['\u2019]s?$")
_PREFIX = re.compile(
    r"^\s*(?:UPDATE[D]?|BREAKING(?:\s+NEWS)?|EXCLUSIVE|WATCH|JUST\s+IN|DEVELOPING|LIVE"
    r"|ANALYSIS|OPINION|VIDEO|PHOTOS?|ALERT)\s*[:\-\u2013\u2014|]\s*",
    re.IGNORECASE,
)
_DATELINE = re.compile(
    r"^[A-Z][A-Z .'\-]{2,40}(?:,\s*[A-Za-z. ]{2,20}\d{0,2})?\s*"  # CITY, Month Day
    r"(?:\([A-Za-z .]{2,25}\)\s*)?[\-\u2013\u2014]+\s+"  # (Agency) -
)
_ATTRIBUTION = re.compile(
    r"\b(?:said|says|told|announced|reported|confirmed|stated|according\s+to|declared|"
    r"described|claimed|denied|testified|wrote|tweeted|posted|added|noted|emphasi[sz]ed|"
    r"warned|revealed|disclosed|acknowledged|admitted|insisted)\b",
    re.IGNORECASE,
)
_OPINION = re.compile(
    r"\b(?:is|are|was|were|be|being)\s+(?:seen|viewed|widely\s+seen|regarded|considered)\s+as\b"
    r"|raises?d?\s+eyebrows|raising\s+eyebrows|closely\s+(?:monitor|watch)\w*"
    r"|remains?\s+to\s+be\s+seen|(?:highlights|underscores|underlines|signals|reflects)\b"
    r"|\b(?:watching|waiting)\s+for\b|it\s+is\s+(?:clear|unclear|likely|possible)"
    r"|in\s+light\s+of|\bsentiments?\b|\bimplications\b|\bramifications\b"
    r"|\bmay\s+well\b|as\s+the\s+situation\s+(?:develops|unfolds)",
    re.IGNORECASE,
)
# Rhetoric: the writer's own voice ("Frankly", "surely", "once again"), a hypothetical ("if a
# gang can...") or a sweeping verdict ("will never be the same"): framing, not a reported fact.
_RHETORIC = re.compile(
    r"\b(?:frankly|honestly|surely|undoubtedly|unquestionably|needless\s+to\s+say"
    r"|make\s+no\s+mistake|let['\u2019]s\s+be\s+clear|once\s+again|yet\s+again"
    r"|(?:hard|difficult)\s+to\s+(?:imagine|believe|overstate)|paid\s+the\s+price"
    r"|never\s+be\s+the\s+same|no\s+\w+(?:\s+in\s+\w+)?\s+is\s+safe)\b"
    r"|^(?:\w+,\s+)?if\b",
    re.IGNORECASE,
)
# A reported event: a passive or perfect verb ("were killed", "has opened") or a common
# irregular past ("sent", "fled"); such a sentence states a fact even with no name or figure.
_EVENT_VERB = re.compile(
    r"\b(?:was|were|been|has|have|had)\s+(?:\w+ly\s+)?[a-z]{3,}(?:ed|en)\b"
    r"|\b(?:sent|gave|took|struck|fled|rode|left|stole|broke|fell|hit|ran|led|held|won|lost"
    r"|began|brought|caught|found|went|came|sank|shot|seized|put)\b",
    re.IGNORECASE,
)
_SPECULATION = re.compile(
    r"\b(?:could|might|(?-i:may)|would|likely|expected\s+to|poised\s+to|set\s+to|potential(?:ly)?"
    r"|possibly|perhaps|speculat\w+|predict\w*|forecast\w*)\b",
    re.IGNORECASE,
)
_CALL_TO_ACTION = re.compile(
    r"^(?:stay\s+tuned|subscribe|share\s+this|follow\s+us|sign\s+up|click|read\s+more|"
    r"watch\s+(?:the|our)|don['\u2019]t\s+miss|like\s+us|join\s+us|download\s+our|"
    r"for\s+more\s+(?:news|updates|information)|this\s+is\s+a\s+developing\s+story)|"
    r"\b(?:stay\s+tuned|subscribe\s+(?:to|now)|follow\s+us\s+on|sign\s+up\s+for)\b",
    re.IGNORECASE,
)
_TITLES = frozenset(
    """president vice prime minister secretary senator sen rep representative governor gov
    mayor chair chairman chairwoman chief executive ceo general gen colonel col captain capt
    dr mr mrs ms prof professor judge justice coach spokesman spokeswoman spokesperson
    leader ambassador commissioner director minister deputy""".split()
)
# Capitalised words that start no name: "The", "Monday", "Nov", "I".
_NO_NAME_START = NOT_CONTENT_WORDS | frozenset(MONTHS) | frozenset(WEEKDAY_NAMES) | {"i"}
_FINAL_PUNCTUATION = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]*$")

MIN_WORDS = 6
MIN_SCORE = 2.5
EVENT_WEIGHT = 2.5  # a reported event counts like a name and a figure
HEADLINE_ECHO_WINDOW = 8  # a body repeats its headline within its first few sentences


def extract_key_terms(sentence: str) -> KeyTerms:
    """Entities, numbers, dates and quoted phrases, as written, deduplicated, in order."""
    dates = _unique(match.group(0) for match in DATE_TERM.finditer(sentence))
    without_dates = DATE_TERM.sub(" ", sentence)
    return KeyTerms(
        entities=_entities(sentence),
        numbers=_numbers(without_dates),
        dates=dates,
        quotes=_quotes(sentence),
    )


def extract_claims(article: Article, max_claims: int | None = None) -> list[Claim]:
    """Every check-worthy sentence (or the best ``max_claims``), in article order, numbered
    from 1: a fact the article states is never dropped for being one too many."""
    candidates = _candidates(split_sentences(article.text))
    best = sorted(candidates, key=lambda c: (-c.score, c.index))[:max_claims]
    kept = sorted(best, key=lambda c: c.index)
    return [
        Claim(position=position, text=candidate.text, key_terms=candidate.terms)
        for position, candidate in enumerate(kept, start=1)
    ]


def strip_news_prefix(sentence: str) -> str:
    """Drop "UPDATE:"-style labels and "CITY (Agency) -" datelines, keep the statement."""
    previous = None
    while previous != sentence:
        previous = sentence
        sentence = _DATELINE.sub("", _PREFIX.sub("", sentence), count=1)
    return sentence.strip()


def content_words(text: str) -> list[str]:
    """Lower-cased words that carry meaning (no stop-words, no 1-2 letter words), in order."""
    words = (_POSSESSIVE.sub("", word).lower() for word in _WORD.findall(text))
    return _unique_list(word for word in words if len(word) > 2 and word not in NOT_CONTENT_WORDS)


@dataclass(frozen=True)
class _Candidate:
    index: int
    text: str
    terms: KeyTerms
    score: float


def _candidates(sentences: list[str]) -> list[_Candidate]:
    cleaned = [strip_news_prefix(sentence) for sentence in sentences]
    candidates = []
    for index, sentence in enumerate(cleaned):
        if _is_repeated_headline(sentence, cleaned[index + 1 : index + 1 + HEADLINE_ECHO_WINDOW]):
            continue
        terms = extract_key_terms(sentence)
        score = check_worthiness(sentence, terms)
        if score >= MIN_SCORE:
            candidates.append(_Candidate(index, sentence, terms, score))
    return candidates


def check_worthiness(sentence: str, terms: KeyTerms) -> float:
    """How much another outlet could confirm: specifics up, opinion and hedging down."""
    if _is_unusable(sentence):
        return 0.0
    specifics = (
        min(len(terms.entities), 4)
        + 1.5 * min(len(terms.numbers), 2)
        + 1.5 * min(len(terms.dates), 2)
        + 1.5 * bool(terms.quotes)
        + EVENT_WEIGHT * bool(_EVENT_VERB.search(sentence))
    )
    if specifics == 0:
        return 0.0
    attributed = bool(_ATTRIBUTION.search(sentence))
    framing = len(_OPINION.findall(sentence)) + len(_RHETORIC.findall(sentence))
    score = specifics + 1.5 * attributed - 2.5 * framing
    if not attributed:
        score -= 1.0 * len(_SPECULATION.findall(sentence))
    return score


def _is_unusable(sentence: str) -> bool:
    """Questions, fragments and calls to action: nothing there to corroborate."""
    return (
        len(sentence.split()) < MIN_WORDS
        or sentence.rstrip("\"'\u201d\u2019) ").endswith("?")
        or bool(_CALL_TO_ACTION.search(sentence))
    )


def _is_repeated_headline(sentence: str, later: list[str]) -> bool:
    """A line without final punctuation whose words a later sentence mostly repeats."""
    if _FINAL_PUNCTUATION.search(sentence):
        return False
    words = set(content_words(sentence))
    if not words:
        return False
    return any(len(words & set(content_words(other))) >= 0.6 * len(words) for other in later)


def _entities(sentence: str) -> tuple[str, ...]:
    found: list[str] = []
    for run in _CAP_RUN.finditer(sentence):
        found.extend(_entity_from_run(sentence, run))
    if not _is_shouting(sentence):
        found.extend(
            acronym
            for acronym in (match.group(0) for match in _ACRONYM.finditer(sentence))
            if not any(acronym in name and acronym != name for name in found)
        )
    positions = {entity: sentence.find(entity) for entity in found}
    return _unique(sorted(found, key=lambda entity: positions[entity]))


def _is_shouting(sentence: str) -> bool:
    """An all-caps line: its words are not acronyms."""
    words = _WORD.findall(sentence)
    return len(words) > 3 and sum(word.isupper() for word in words) > len(words) / 2


def _entity_from_run(sentence: str, run: re.Match[str]) -> list[str]:
    """Trim a run of capitalised words to names: no sentence-initial common word, no months."""
    before = sentence[max(0, run.start() - 2) : run.start()].rstrip(" ")
    at_start = run.start() == 0 or before.endswith(('"', "\u201c", "\u2018", "("))
    words = run.group(0).split()
    while words and _is_common(words[0], at_start, len(words)):
        words = words[1:]
        at_start = False
    return [name for name in map(_as_name, _split_at_title(words)) if name]


def _split_at_title(words: list[str]) -> list[list[str]]:
    """ "Bank of England Governor Andrew Bailey": the organisation, then the person."""
    titles = [index for index, word in enumerate(words) if word.lower().rstrip(".") in _TITLES]
    if not titles or len(words) - titles[-1] - 1 < 2:
        return [words]
    first = titles[-1]
    while first - 1 in titles:
        first -= 1
    return [words[:first], words[titles[-1] + 1 :]]


def _as_name(words: list[str]) -> str:
    while words and words[-1].lower() in NOT_CONTENT_WORDS:
        words = words[:-1]
    name = _POSSESSIVE.sub("", " ".join(words)).rstrip(".")
    if not name or name.isupper() or name.lower() in MONTHS:
        return ""  # all-caps words are picked up as acronyms
    return name if len(name) > 2 or " " in name else ""


def _is_common(word: str, at_start: bool, run_length: int) -> bool:
    lowered = _POSSESSIVE.sub("", word).lower().rstrip(".")
    if lowered in _NO_NAME_START:
        return True
    return at_start and run_length == 1


def _numbers(text: str) -> tuple[str, ...]:
    numbers = []
    for match in _NUMBER.finditer(text):
        number = match.group(0).strip()
        if _is_bare_number_word(number):
            continue
        numbers.append(number)
    return _unique(numbers)


def _is_bare_number_word(number: str) -> bool:
    """ "one" alone is rarely a figure ("one of the"), but "one million" or "two people" are."""
    return number.lower() in {"one", "hundreds", "thousands", "dozens", "millions", "dozen"}


def _quotes(sentence: str) -> tuple[str, ...]:
    quotes = []
    for match in _QUOTE.finditer(sentence):
        quote = (match.group(1) or match.group(2)).strip().rstrip(".,;:!?\u2026 ").strip()
        if len(quote.split()) >= 2:
            quotes.append(quote)
    return _unique(quotes)


def _unique(items) -> tuple[str, ...]:
    return tuple(_unique_list(items))


def _unique_list(items) -> list[str]:
    return list(dict.fromkeys(items))
