"""What a new user trips over first: an encoding name misspelt, the database default hidden
behind "(dynamic)", an input limit nobody told them."""

from __future__ import annotations

from tests.conftest import REPO_ROOT, run_cli

FIXTURE_ARTICLE = REPO_ROOT / "tests" / "fixtures" / "article.txt"


def test_an_unknown_encoding_is_an_error_even_for_utf8_input():
    result = run_cli("claims", str(FIXTURE_ARTICLE), "--encoding", "bogus")
    assert result.returncode == 1
    assert result.stderr.strip() == "Error: unknown encoding 'bogus'; try utf-8 or cp1252"


def test_help_names_the_database_default_and_the_input_limit():
    help_text = " ".join(run_cli("check", "--help").stdout.split())
    assert "(dynamic)" not in help_text
    assert "$CORROBORATE_DB, else ./corroborate.db" in help_text
    assert "at most 5 MB" in help_text
