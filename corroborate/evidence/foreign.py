"""Evidence from pages in other languages, through the details they share with a claim.

An English claim and a French, Russian or Korean sentence share almost no words, so the wording
matcher (``matching``) never pairs them. What they do share are the details: names (as the
page's language spells them, ``text.names``), figures and dates (read in any language by
``text.quantities`` and ``text.dates``) and quoted words. A sentence of a page in another language
is evidence for a claim when it carries enough of the claim's key terms, checked the same way as
for English sentences; its figures and dates then go through the same discrepancy check.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from corroborate.evidence.key_terms import (
    SentenceTerms,
    Term,
    claim_terms,
    implicit_terms,
    term_found,
)
from corroborate.models import CandidateSentence, Claim, Evidence
from corroborate.text.dates import find_dates
from corroborate.text.names import found_spelling, name_core, spell_name
from corroborate.text.quantities import find_quantities
from corroborate.text.words import normalise_words

MIN_DETAILS = 2  # one shared name is a topic, not a report of the claim
MIN_COVERAGE = 0.4  # and at least this share of the claim's key terms
SPECIFIC_KINDS = ("number", "date", "quote")
UNSPACED_LANGUAGES = frozenset({"ja", "zh"})  # written without spaces between words


def match_foreign(
    claims: Sequence[Claim],
    sentences: Sequence[CandidateSentence],
    languages: Mapping[int, str | None],
    min_score: float,
) -> list[Evidence]:
    """Best sentence per (claim, page) of the pages in a language other than English, scored
    by the share of the claim's key terms it carries (0-100, at least ``min_score``)."""
    foreign = [s for s in sentences if languages.get(s.page_id) not in (None, "en")]
    reader = _Reader(claims, foreign, languages)
    evidence: list[Evidence] = []
    for claim in claims:
        terms = claim_terms(claim.key_terms) or implicit_terms(claim.text)
        if len(terms) < MIN_DETAILS:
            continue
        units = frozenset(quantity.unit for quantity in find_quantities(claim.text))
        best: dict[int, Evidence] = {}
        for sentence in foreign:
            found = reader.evidence(claim, terms, units, sentence)
            held = best.get(sentence.page_id)
            if found and found.score >= min_score and (held is None or found.score > held.score):
                best[sentence.page_id] = found
        evidence.extend(best.values())
    return evidence


def merge_evidence(english: Sequence[Evidence], foreign: Sequence[Evidence]) -> list[Evidence]:
    """Both kinds in the matcher's order (claim, then best first); a page matched in English
    keeps that match."""
    taken = {(item.claim_position, item.page_id) for item in english}
    extra = [item for item in foreign if (item.claim_position, item.page_id) not in taken]
    return sorted(
        [*english, *extra], key=lambda e: (e.claim_position, -e.score, e.page_id, e.sentence_id)
    )


class _Reader:
    """Reads the run's foreign sentences, each once for all claims, and the claims' names as
    each language spells them (as the run's pages in it do, else by table)."""

    def __init__(
        self,
        claims: Sequence[Claim],
        foreign: Sequence[CandidateSentence],
        languages: Mapping[int, str | None],
    ) -> None:
        self.languages = languages
        texts: dict[str, list[str]] = {}
        for sentence in foreign:
            texts.setdefault(languages[sentence.page_id] or "", []).append(sentence.text)
        self.texts = texts
        self.views: dict[str, SentenceTerms] = {}
        self.stated: dict[str, tuple[frozenset[str], bool]] = {}
        self.forms: dict[tuple[str, str], tuple[str, ...]] = {}

    def evidence(
        self,
        claim: Claim,
        terms: tuple[Term, ...],
        units: frozenset[str],
        sentence: CandidateSentence,
    ) -> Evidence | None:
        language = self.languages[sentence.page_id] or ""
        view = self.views.get(sentence.text) or self.views.setdefault(
            sentence.text, SentenceTerms(sentence.text)
        )
        matched = [term for term in terms if self.found(term, view, language)]
        coverage = len(matched) / len(terms)
        if len(matched) < MIN_DETAILS or coverage < MIN_COVERAGE:
            return None
        specific = {term.kind for term in terms if term.kind in SPECIFIC_KINDS}
        carried = any(term.kind in specific for term in matched)
        if specific and not carried and not self.states_otherwise(sentence.text, specific, units):
            return None  # the same names, another fact of the story
        if not carried and len(matched) < 3:
            coverage *= 0.8  # names alone: same topic more often than same report
        return Evidence(
            claim_position=claim.position,
            sentence_id=sentence.sentence_id,
            page_id=sentence.page_id,
            url=sentence.url,
            outlet=sentence.outlet,
            sentence=sentence.text,
            score=round(50 + 50 * coverage, 2),
            coverage=round(len(matched) / len(terms), 4),
            matched_terms=tuple(term.text for term in matched),
            missing_terms=tuple(term.text for term in terms if term not in matched),
        )

    def states_otherwise(self, sentence: str, kinds: set[str], units: frozenset[str]) -> bool:
        """Does the sentence give its own figure (in the claim's unit) or day where the claim
        has one? Then it tells the claim's fact otherwise, for the discrepancy check to name."""
        if sentence not in self.stated:
            days = any(mention.month_day or mention.day for mention in find_dates(sentence))
            self.stated[sentence] = (frozenset(q.unit for q in find_quantities(sentence)), days)
        sentence_units, days = self.stated[sentence]
        return ("number" in kinds and bool(sentence_units & units)) or ("date" in kinds and days)

    def found(self, term: Term, view: SentenceTerms, language: str) -> bool:
        """The term as written, else a name by the part every language keeps ("Marsden" of
        "Marsden Bridge") as the language spells it."""
        if term_found(term, view):
            return True
        if term.kind != "entity":
            return False
        forms = self.name_forms(term.text, language)
        if language in UNSPACED_LANGUAGES:  # no spaces between words: find it inside one
            text = view.text.replace("・", "")
            return any(form in text for form in forms)
        return any(form in view.padded_words for form in forms)

    def name_forms(self, name: str, language: str) -> tuple[str, ...]:
        """The name's other forms in ``language``, as whole-word patterns (" марсден ") or, in
        scripts without spaces, as written ("マースデン")."""
        key = (name, language)
        if key not in self.forms:
            core = name_core(name)
            found = found_spelling(core, self.texts.get(language, ()), language)
            spelled = dict.fromkeys(filter(None, (core, found, spell_name(core, language))))
            if language in UNSPACED_LANGUAGES:
                self.forms[key] = tuple(form.replace("・", "") for form in spelled)
            else:
                words = (" ".join(normalise_words(form)) for form in spelled)
                self.forms[key] = tuple(f" {form} " for form in words if form)
        return self.forms[key]
