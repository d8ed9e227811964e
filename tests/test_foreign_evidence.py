"""Pages in other languages count through their details, with stance ``unknown``: short
fictional sentences in French, German, Russian, Japanese and Korean."""

from __future__ import annotations

from corroborate.evidence.foreign import match_foreign, merge_evidence
from corroborate.evidence.judge import judge_evidence
from corroborate.models import CandidateSentence, Claim, Evidence, KeyTerms, PageText

COST = Claim(
    1,
    "The Lindholm transport office put the cost of rebuilding the Marsden Bridge at "
    "1.8 billion euros.",
    KeyTerms(entities=("Lindholm", "Marsden Bridge"), numbers=("1.8 billion euros",)),
)
DAY = Claim(
    2,
    "The Marsden Bridge in Lindholm collapsed on Thursday, November 5, 2026.",
    KeyTerms(entities=("Marsden Bridge", "Lindholm"), dates=("Thursday", "November 5, 2026")),
)
PAGES = {
    1: ("fr", "Lindholm estime la reconstruction du pont Marsden à 1,8 milliard d'euros."),
    2: ("de", "Die Marsden Bridge in Lindholm ist am Dienstag, 3. November 2026, eingestürzt."),
    3: ("ru", "Город Линдхолм оценил восстановление моста в 1,8 миллиарда евро."),
    4: ("ja", "リンドホルムのマースデン橋の再建費用は18億ユーロにのぼる。"),
    5: ("ko", "린드홀름(Lindholm) 교통국은 재건 비용을 18억 유로로 추산했다."),
    6: ("fr", "Le maire de Lindholm a inauguré un marché."),  # one shared name: another story
    7: ("en", "Lindholm said the Marsden Bridge would cost 1.8 billion euros."),
}
LANGUAGES = {page_id: language for page_id, (language, _) in PAGES.items()}


def sentences() -> list[CandidateSentence]:
    return [
        CandidateSentence(
            page_id * 10, page_id, text, f"https://p{page_id}.example/a", f"p{page_id}"
        )
        for page_id, (_, text) in PAGES.items()
    ]


def test_sentences_in_other_languages_match_through_names_figures_and_dates():
    found = match_foreign([COST], sentences(), LANGUAGES, min_score=50)
    assert {item.page_id for item in found} == {1, 3, 4, 5}
    assert all("1.8 billion euros" in item.matched_terms for item in found)
    japanese = next(item for item in found if item.page_id == 4)
    assert set(japanese.matched_terms) == {"Lindholm", "Marsden Bridge", "1.8 billion euros"}


def test_a_page_matched_in_english_keeps_that_match():
    english = Evidence(1, 70, 7, "https://p7.example/a", "p7", PAGES[7][1], 90.0, 1.0)
    foreign = match_foreign([COST], sentences(), {**LANGUAGES, 7: "fr"}, min_score=50)
    merged = merge_evidence([english], foreign)
    assert [item for item in merged if item.page_id == 7] == [english]
    assert [item.score for item in merged] == sorted((item.score for item in merged), reverse=True)


def test_stance_is_unknown_for_a_page_the_model_cannot_read_and_contradicts_on_another_day():
    evidence = match_foreign([COST, DAY], sentences(), LANGUAGES, min_score=50)
    pages = {
        page_id: PageText(page_id, text, "2026-11-04", f"p{page_id}", "", language)
        for page_id, (language, text) in PAGES.items()
    }
    judged = judge_evidence([COST, DAY], evidence, pages)
    cost = [item for item in judged if item.claim_position == COST.position]
    assert {item.stance for item in cost} == {"unknown"}
    assert all(item.stance_confidence is None for item in cost)
    day = [item for item in judged if item.claim_position == DAY.position]
    german = next(item for item in day if item.page_id == 2)
    assert german.stance == "contradicts"
    assert [d.reported_value for d in german.differences] == ["Tuesday 3 November 2026"]
