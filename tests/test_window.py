"""The date window: open unless the user narrows it, and each source's syntax for it."""

from __future__ import annotations

from datetime import date

import pytest

from corroborate.sources.gdelt import gdelt_params
from corroborate.sources.google_news import google_news_operators
from corroborate.sources.window import (
    BadWindow,
    DateWindow,
    entry_date,
    from_stored,
    resolve_window,
    stored,
)


def test_the_default_window_is_open_whatever_the_article_date():
    """The article's date is a detail under check: a wrong or old date must not hide coverage."""
    assert resolve_window(None, None).is_open


def test_user_dates_narrow_the_window():
    assert resolve_window("2025-01-02", None) == DateWindow(date(2025, 1, 2), None)


@pytest.mark.parametrize(
    "since, until", [("2025-13-01", None), ("yesterday", None), ("2025-02-01", "2025-01-01")]
)
def test_unreadable_or_backwards_dates_are_user_errors(since, until):
    with pytest.raises(BadWindow):
        resolve_window(since, until)


def test_window_round_trips_through_the_runs_table():
    window = DateWindow(date(2026, 10, 27), None)
    assert stored(window) == ("2026-10-27", None)
    assert from_stored(*stored(window)) == window


def test_gdelt_gets_whole_days_in_utc_datetimes():
    window = DateWindow(date(2026, 10, 27), date(2026, 11, 23))
    assert gdelt_params(window) == {
        "startdatetime": "20261027000000",
        "enddatetime": "20261123235959",
    }
    assert gdelt_params(DateWindow()) == {}


def test_google_news_before_is_exclusive_so_the_last_day_is_kept():
    window = DateWindow(date(2026, 10, 27), date(2026, 11, 23))
    assert google_news_operators(window) == "after:2026-10-27 before:2026-11-24"
    assert google_news_operators(DateWindow(None, date(2026, 1, 1))) == "before:2026-01-02"


def test_slices_cover_the_window_without_gaps_or_overlap():
    pieces = DateWindow(date(2026, 11, 1), date(2026, 11, 20)).slices(7)
    assert [(p.since.day, p.until.day) for p in pieces] == [(1, 7), (8, 14), (15, 20)]
    assert DateWindow(date(2026, 11, 1), None).slices(7) == [DateWindow(date(2026, 11, 1))]


@pytest.mark.parametrize(
    "text, day",
    [
        ("Tue, 03 Nov 2026 23:30:00 -0500", date(2026, 11, 4)),
        ("2026-11-03T10:05:00Z", date(2026, 11, 3)),
        ("2026-11-03", date(2026, 11, 3)),
        ("last week", None),
        ("", None),
        (None, None),
    ],
)
def test_entry_dates_in_rss_and_iso_forms(text, day):
    assert entry_date(text) == day


def test_undated_entries_stay_in_the_window():
    window = DateWindow(date(2026, 11, 1), date(2026, 11, 5))
    assert window.contains(None) and window.contains(date(2026, 11, 5))
    assert not window.contains(date(2026, 10, 31)) and not window.contains(date(2026, 11, 6))


def test_ends_before_only_for_a_closed_window():
    assert DateWindow(None, date(2026, 1, 1)).ends_before(date(2026, 1, 2))
    assert not DateWindow(date(2026, 1, 1), None).ends_before(date(2030, 1, 1))


def test_cli_rejects_a_bad_date_in_one_line_and_leaves_no_database(tmp_path):
    from tests.conftest import run_cli
    from tests.testweb import FIXTURE_ARTICLE

    db = tmp_path / "c.db"
    result = run_cli(
        "check",
        str(FIXTURE_ARTICLE),
        "--db",
        str(db),
        "--since",
        "2026-11-30",
        "--until",
        "2026-11-01",
    )
    assert result.returncode == 1
    assert result.stderr.strip() == "Error: --since 2026-11-30 is after --until 2026-11-01"
    assert not db.exists()
