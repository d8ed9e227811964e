"""Queries in other languages without a translation model, the [languages] config, names as
other languages write them, and a page's language. Fictional claims throughout."""

from __future__ import annotations

from pathlib import Path

import pytest

from corroborate.errors import ConfigError
from corroborate.models import Claim, KeyTerms
from corroborate.pages.language import is_english, page_language
from corroborate.sources.config import load_config
from corroborate.sources.language_queries import (
    build_language_queries,
    found_spellings,
    story_names,
    widening_languages,
)
from corroborate.sources.languages import DEFAULT_SEARCH_LANGUAGES, LANGUAGES
from corroborate.text.names import found_spelling, name_core, sound_skeleton, spell_name

CLAIMS = (
    Claim(
        1,
        "The Marsden Bridge in Lindholm collapsed on Tuesday, November 3, 2026.",
        KeyTerms(entities=("Marsden Bridge", "Lindholm"), dates=("Tuesday", "November 3, 2026")),
    ),
    Claim(
        2,
        "French engineers put the cost of rebuilding the Marsden Bridge at 1.8 billion euros.",
        KeyTerms(entities=("French", "Marsden Bridge"), numbers=("1.8 billion euros",)),
    ),
)


def texts(source: str, language: str, per_language: int = 3) -> list[str]:
    return [
        query.text
        for query in build_language_queries(CLAIMS, source, [language], per_language)
        if query.language == language
    ]


def test_story_names_put_recurring_names_first_and_drop_descriptors_and_language_names():
    assert [name.text for name in story_names(CLAIMS)] == ["Marsden", "Lindholm"]
    assert name_core("Port of Baltimore") == "Baltimore"
    assert name_core("Francis Scott Key Bridge") == "Francis Scott Key"
    assert name_core("River") == "River"


def test_latin_script_languages_keep_names_and_get_local_figures():
    assert texts("google_news", "fr") == ["Marsden", "Marsden Lindholm", 'Marsden "1,8 milliard"']
    assert texts("google_news", "de")[2] == 'Marsden "1,8 Milliarden"'


def test_names_are_transliterated_where_an_offline_table_exists():
    assert texts("google_news", "ru")[:2] == ["Марсден", "Марсден Линдхолм"]
    assert texts("google_news", "ja") == [
        "マースデン",
        "マースデン リンドホルム",
        "マースデン 18億",
    ]
    # Korean: no offline library writes Hangul names, so its pages are asked by Latin names
    assert texts("google_news", "ko")[:2] == ["Marsden", "Marsden Lindholm"]


def test_a_day_in_local_format_when_the_claims_give_no_figure():
    dated = CLAIMS[:1]
    queries = build_language_queries(dated, "google_news", ["ru", "ja", "ko"], 3)
    assert {q.text for q in queries} >= {
        'Марсден "3 ноября"',
        "マースデン 11月3日",
        'Marsden "11월 3일"',
    }


def test_gdelt_gets_sourcelang_and_an_english_query_for_its_translingual_index():
    queries = texts("gdelt", "fr")
    assert all(text.endswith(" sourcelang:french") for text in queries)
    assert queries[0].startswith('"Marsden Bridge"')  # the claim's own English query


def test_the_per_language_budget_bounds_the_requests_and_feeds_get_none():
    for source in ("gdelt", "google_news", "bing_news"):
        queries = build_language_queries(CLAIMS, source, DEFAULT_SEARCH_LANGUAGES, 2)
        assert len(queries) <= 2 * len(DEFAULT_SEARCH_LANGUAGES)
        assert {query.language for query in queries} == set(DEFAULT_SEARCH_LANGUAGES)
    assert build_language_queries(CLAIMS, "feeds", ["fr"], 3) == []
    assert build_language_queries(CLAIMS, "google_news", ["fr"], 0) == []


def test_widening_adds_the_unsearched_languages_of_found_outlets_most_pages_first():
    found = {"en": 9, "fr": 4, "pl": 1, "tr": 3, "xx": 5}
    assert widening_languages(found, {"en", "fr"}) == ["tr", "pl"]


def test_spell_name_per_script():
    assert spell_name("Lindholm", "fr") == "Lindholm"
    assert spell_name("Lindholm", "uk") == "Ліндголм"  # Ukrainian writes h as г
    assert spell_name("Lindholm", "ko") is None
    assert spell_name("O'Brien", "ru") is None  # no table spells the apostrophe reliably


def test_every_language_has_each_sources_switch():
    for language in LANGUAGES.values():
        hl, gl, ceid = language.google
        assert ceid.startswith(gl + ":") and language.gdelt.isalpha() and "-" in language.bing


def test_languages_config_defaults_and_overrides(tmp_path: Path):
    default = load_config(write(tmp_path, ""))
    assert default.languages.search == DEFAULT_SEARCH_LANGUAGES
    assert default.languages.widen
    custom = load_config(
        write(tmp_path, '[languages]\nsearch = ["ja", "en", "ja"]\nqueries_per_language = 1\n')
    )
    assert custom.languages.search == ("ja",)  # English is always searched; duplicates once
    assert custom.languages.queries_per_language == 1


@pytest.mark.parametrize(
    "table, message",
    [
        ('search = ["fr", "xx"]', "[languages] search: unknown language 'xx'"),
        ('search = "fr"', "[languages] search must be list"),
        ("queries_per_language = -1", "queries_per_language must be 0 or more"),
        ("per_language = 2", "unknown setting [languages] per_language"),
    ],
)
def test_languages_config_errors_are_one_line(tmp_path: Path, table: str, message: str):
    with pytest.raises(ConfigError) as error:
        load_config(write(tmp_path, f"[languages]\n{table}\n"))
    assert message in str(error.value)
    assert "\n" not in str(error.value)


def test_page_language_from_the_declaration_else_the_script():
    assert page_language("fr-CA", "Le pont") == "fr"
    assert page_language(None, "リンドホルムのマースデン橋が崩落した。") == "ja"
    assert page_language(None, "린드홀름의 다리가 무너졌다.") == "ko"
    assert page_language(None, "Мост обрушился.") == "ru"
    assert page_language(None, "The bridge fell.") is None
    assert is_english(None, "The bridge fell.") and not is_english("de", "Die Brücke")


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_names_are_taken_as_the_pages_already_found_spell_them():
    korean = ["린드홀름의 마스덴 다리가 무너졌다.", "린드홀름은 페리를 운항한다."]
    russian = ["Мост в Линдгольме рухнул.", "Линдгольм остался без моста."]
    assert (
        sound_skeleton("Lindholm") == sound_skeleton("린드홀름") == sound_skeleton("リンドホルム")
    )
    assert found_spelling("Lindholm", korean, "ko") == "린드홀름"
    assert found_spelling("Lindholm", russian, "ru") == "Линдгольм"  # without the case ending
    assert found_spelling("Lindholm", korean[:1], "ko") is None  # seen once: not enough
    assert found_spelling("Lindholm", ["마스덴 다리가 무너졌다."] * 2, "ko") is None
    spellings = found_spellings(CLAIMS, {"ko": korean, "ru": russian})
    assert spellings == {"ko": {"Lindholm": "린드홀름"}, "ru": {"Lindholm": "Линдгольм"}}
    queries = build_language_queries(CLAIMS, "google_news", ["ko"], 3, spellings=spellings)
    assert [q.text for q in queries][:2] == ["Marsden", "Marsden 린드홀름"]


def test_an_unknown_language_is_a_one_line_cli_error_and_writes_no_database(tmp_path: Path):
    from tests.conftest import run_cli
    from tests.testweb.corpus import FIXTURES_DIR

    config = write(tmp_path, '[languages]\nsearch = ["xx"]\n')
    db = tmp_path / "c.db"
    article = str(FIXTURES_DIR / "multilingual_article.txt")
    result = run_cli("check", article, "--config", str(config), "--db", str(db))
    assert result.returncode == 1
    assert "[languages] search: unknown language 'xx'" in result.stderr
    assert "Traceback" not in result.stderr and not db.exists()
