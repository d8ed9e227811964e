"""Scoring settings are data: a table of name, default and help that `--set` changes."""

import subprocess
import sys

import pytest

from corroborate.settings import DEFAULT_SETTINGS, BadSetting, ScoringSettings, describe_settings
from tests.conftest import run_cli


def test_assignments_change_only_the_named_settings_with_their_types():
    changed = DEFAULT_SETTINGS.with_assignments(["min_evidence_score=60", "max-candidates=20"])
    assert changed.min_evidence_score == 60.0 and isinstance(changed.min_evidence_score, float)
    assert changed.max_candidates == 20 and isinstance(changed.max_candidates, int)
    assert changed.origin_weight == DEFAULT_SETTINGS.origin_weight
    assert ScoringSettings() == DEFAULT_SETTINGS  # the defaults are not touched


@pytest.mark.parametrize(
    ("assignment", "message"),
    [
        ("min_evidence_scor=60", "unknown setting 'min_evidence_scor'"),
        ("max_candidates=2.5", "setting max_candidates takes a whole number, got '2.5'"),
        ("origin_weight=-1", "cannot be negative"),
        ("origin_weight", "--set wants NAME=VALUE"),
    ],
)
def test_bad_assignments_say_what_is_wrong(assignment, message):
    with pytest.raises(BadSetting, match=message):
        DEFAULT_SETTINGS.with_assignments([assignment])


def test_every_setting_has_help_and_the_cli_lists_it():
    result = run_cli("settings")
    assert result.returncode == 0, result.stderr
    for name, default, help_text in describe_settings():
        assert help_text
        assert f"{name} = {default}" in result.stdout


def test_the_package_exports_its_api_lazily():
    code = (
        "import sys, corroborate\n"
        "assert 'corroborate.api' not in sys.modules\n"
        "missing = [n for n in corroborate.__all__ if getattr(corroborate, n, None) is None]\n"
        "print(missing)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
