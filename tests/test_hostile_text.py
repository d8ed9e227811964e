"""Scoring never dies on page content: digits ``int`` refuses and numbers past Python's
4,300-digit limit are words like any other (issue 11, item 4)."""

from __future__ import annotations

from pathlib import Path

from corroborate.api import score_run
from corroborate.claims.extract import extract_claims
from corroborate.models import Article, CleanedPage
from corroborate.pages.fingerprints import text_fingerprint
from corroborate.store import Store
from corroborate.text.dates import canonical_date_word

ARTICLE = (
    "The Halden Ridge dam collapsed on 4 November, flooding 300 homes in Kessmark. "
    "Officials said 12 people were missing on 4 November after the collapse."
)
HOSTILE = [
    "የሃልደን ሪጅ ግድብ ፩ ፲፪ November ፬ ቀን ፈርሷል, Halden Ridge dam 300 homes.",
    "Halden Ridge dam collapsed on 4 November with " + "7" * 4_301 + " homes flooded.",
    "On ²³ November, 12 people were missing after the Halden Ridge dam collapse.",
]


def test_unusual_digits_and_huge_numbers_are_plain_words():
    assert canonical_date_word("፩") == "፩"
    assert canonical_date_word("²") == "²"
    assert canonical_date_word("0" + "9" * 5_000 + "th") == "9" * 5_000
    assert canonical_date_word("04") == "4"


def test_a_run_with_hostile_numbers_is_scored(tmp_path: Path):
    db = tmp_path / "c.db"
    store = Store.open(db)
    article = Article(path="article.txt", text=ARTICLE)
    claims = extract_claims(article)
    run_id = store.runs.start_run(article, claims, [])
    for number, text in enumerate([*HOSTILE, ARTICLE.replace("Officials", "Police")]):
        url = f"https://o{number}.example/a"
        page = CleanedPage(url=url, canonical_url=url, outlet=f"o{number}.example", text=text)
        store.crawl.save_page(run_id, page, "feeds", [text], text_fingerprint(text), url)
    store.close()
    report = score_run(db, run_id)
    assert len(report.verdicts) == len(claims) >= 1
    assert any(verdict.pages for verdict in report.verdicts)  # the ordinary page still counts
