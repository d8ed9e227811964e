"""A story reported only in other languages: found through each source's language switch, read
through its details, and counted with stance ``unknown`` (the stance model reads English only).

The test web's Marsden Bridge collapse is covered by five fictional outlets writing in French,
German, Russian, Japanese and Korean, and by none in English; the stand-ins answer only in the
language a query asks for (Google News ``ceid``, Bing ``mkt``, GDELT ``sourcelang:``).
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.testweb import OUTLETS, TestWeb
from tests.testweb.corpus import FIXTURES_DIR

pytestmark = pytest.mark.crawl

ARTICLE = FIXTURES_DIR / "multilingual_article.txt"
FOREIGN_HOSTS = {o.host.removeprefix("www.") for o in OUTLETS.values() if o.language != "en"}
LANGUAGES = {"search": ["fr", "de", "ru", "ja", "ko"], "queries_per_language": 3}
NO_LISTS = {"feeds": {"enabled": False}, "sitemaps": {"enabled": False}}


def check(web: TestWeb, tmp_path: Path, **overrides) -> tuple[dict, Path]:
    config = web.write_config(tmp_path / "config.toml", **{**NO_LISTS, **overrides})
    db = tmp_path / "c.db"
    result = run_cli("check", str(ARTICLE), "--config", str(config), "--db", str(db), "--json")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return json.loads(result.stdout), db


@pytest.fixture(scope="module")
def multilingual_run(test_web: TestWeb, tmp_path_factory) -> tuple[dict, Path]:
    return check(test_web, tmp_path_factory.mktemp("ml"), languages=LANGUAGES)


def claim_with(report: dict, words: str) -> dict:
    return next(claim for claim in report["claims"] if words in claim["text"])


def test_each_language_is_asked_through_the_sources_own_switch(multilingual_run):
    _, db = multilingual_run
    with sqlite3.connect(db) as conn:
        urls = [row[0] for row in conn.execute("SELECT url FROM source_requests")]
    assert any("ceid=FR%3Afr" in url and "hl=fr" in url for url in urls)
    assert any("ceid=JP%3Aja" in url for url in urls)
    assert any("mkt=ko-kr" in url for url in urls)
    assert any("sourcelang%3Arussian" in url for url in urls)
    # names as each language writes them: Cyrillic and katakana spellings were asked for
    assert any(
        "%D0%9B%D0%B8%D0%BD%D0%B4%D1%85%D0%BE%D0%BB%D0%BC" in url for url in urls
    )  # Линдхолм
    assert any("%E3%83%AA%E3%83%B3%E3%83%89%E3%83%9B%E3%83%AB%E3%83%A0" in url for url in urls)


def test_the_coverage_in_every_language_is_fetched(multilingual_run):
    _, db = multilingual_run
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT outlet, language FROM pages").fetchall()
    assert {outlet for outlet, _ in rows} >= FOREIGN_HOSTS
    assert {language for _, language in rows} >= {"fr", "de", "ru", "ja", "ko"}


def test_a_figure_stated_in_other_languages_corroborates_with_stance_unknown(multilingual_run):
    report, _ = multilingual_run
    claim = claim_with(report, "1.8 billion euros")
    assert claim["verdict"] == "corroborated"
    assert claim["independent_outlets"] >= 4
    assert {item["stance"] for item in claim["evidence"]} == {"unknown"}
    assert {item["outlet"] for item in claim["evidence"]} <= FOREIGN_HOSTS


def test_a_wrong_date_is_named_with_the_day_other_languages_give(multilingual_run):
    report, _ = multilingual_run
    claim = claim_with(report, "November 5, 2026")
    assert claim["verdict"] in ("contradicted", "partly corroborated")
    reported = {item["reported_value"] for item in claim["discrepancies"]}
    assert any("3 November 2026" in value for value in reported), reported


def test_without_other_languages_the_story_is_found_by_chance_at_most(
    test_web: TestWeb, tmp_path: Path
):
    """The control: English only, no English outlet reports the story; at most a page whose
    text keeps the story's English name turns up by chance (the subject query), never the
    four outlets the language switches find."""
    report, _ = check(test_web, tmp_path, languages={"search": [], "widen": False})
    claim = claim_with(report, "1.8 billion euros")
    assert claim["verdict"] in ("not found", "single-source")
    assert claim["independent_outlets"] <= 1
