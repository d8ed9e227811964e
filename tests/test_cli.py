"""The real CLI in a subprocess: help, claims listing and one-line errors without tracebacks."""

import json
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import run_cli

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def assert_one_line_error(result, *fragments: str) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    message = result.stderr.strip()
    assert message.startswith("Error: ") and "\n" not in message, message
    for fragment in fragments:
        assert fragment in message


def test_help_lists_the_commands_and_an_example():
    result = run_cli("--help")
    assert result.returncode == 0
    for command in ("check", "claims", "score"):
        assert command in result.stdout
    assert "Example" in result.stdout


def test_version():
    result = run_cli("--version")
    assert result.returncode == 0 and "corroborate, version" in result.stdout


def test_claims_lists_claims_in_article_order_with_key_terms():
    result = run_cli("claims", str(FIXTURES / "article.txt"), "--json")
    assert result.returncode == 0, result.stderr
    listed = json.loads(result.stdout)
    assert [claim["id"] for claim in listed] == list(range(1, len(listed) + 1))
    assert len(listed) >= 4
    assert all(claim["text"] and any(claim["key_terms"].values()) for claim in listed)
    assert not any("stay tuned" in claim["text"].lower() for claim in listed)


def test_claims_reads_stdin_and_writes_no_database(tmp_path: Path):
    text = (FIXTURES / "article.txt").read_bytes()
    result = run_cli("claims", "-", stdin=text, env={"CORROBORATE_DB": str(tmp_path / "x.db")})
    assert result.returncode == 0, result.stderr
    assert b"[1]" in result.stdout
    assert not (tmp_path / "x.db").exists()


@pytest.mark.parametrize(
    ("make", "fragment"),
    [
        (lambda d: d / "missing.txt", "missing.txt"),
        (lambda d: d, "directory"),
        (lambda d: _write(d / "empty.txt", b""), "empty"),
        (lambda d: _write(d / "blank.txt", b"  \n\n \t\n"), "empty"),
        (lambda d: _write(d / "binary.bin", bytes(range(256)) * 64), "binary"),
    ],
)
def test_unusable_article_is_a_one_line_error(tmp_path: Path, make, fragment: str):
    path = make(tmp_path)
    assert_one_line_error(run_cli("claims", str(path)), fragment)
    assert_one_line_error(run_cli("check", str(path), "--db", str(tmp_path / "c.db")), fragment)
    assert not (tmp_path / "c.db").exists()


def test_unknown_encoding_is_a_one_line_error(tmp_path: Path):
    path = _write(
        tmp_path / "a.txt", "Caf\xe9 owners in Lyon said 40 shops closed.".encode("cp1252")
    )
    assert_one_line_error(run_cli("claims", str(path), "--encoding", "no-such-codec"))


def test_bad_config_is_a_one_line_error_and_stored_runs_survive(tmp_path: Path):
    db = tmp_path / "c.db"
    config = _write(tmp_path / "bad.toml", b"[sources.gdelt\n")
    result = run_cli(
        "check", str(FIXTURES / "article.txt"), "--config", str(config), "--db", str(db)
    )
    assert_one_line_error(result, "invalid TOML")
    assert not db.exists()


def test_a_misspelt_source_option_is_a_one_line_error_naming_the_intended_key(tmp_path: Path):
    db = tmp_path / "c.db"
    config = _write(tmp_path / "typo.toml", b"[sources.gdelt]\nmax_result = 5\n")
    result = run_cli(
        "check", str(FIXTURES / "article.txt"), "--config", str(config), "--db", str(db)
    )
    assert result.returncode == 1
    assert_one_line_error(
        result, "unknown option [sources.gdelt] max_result; did you mean max_results?"
    )
    assert not db.exists()


def test_score_on_a_missing_empty_or_foreign_database(tmp_path: Path):
    assert_one_line_error(run_cli("score", "--db", str(tmp_path / "new.db")), "not found")
    assert not (tmp_path / "new.db").exists()
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).close()
    assert_one_line_error(run_cli("score", "--db", str(empty)), "no runs")
    assert_one_line_error(run_cli("score", "--run", "5", "--db", str(empty)), "no run 5")
    foreign = tmp_path / "foreign.db"
    _write(foreign, b"not sqlite at all" * 200)
    assert_one_line_error(run_cli("score", "--db", str(foreign)), "cannot use database")
    assert foreign.read_bytes() == b"not sqlite at all" * 200


def test_score_refuses_a_database_path_that_is_a_directory(tmp_path: Path):
    assert_one_line_error(run_cli("score", "--db", str(tmp_path)), "directory")


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_a_200_mb_file_and_stdin_over_the_limit_are_one_line_errors(tmp_path: Path):
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:  # sparse: 200 MB on paper, no disk or time spent
        handle.truncate(200 * 1024 * 1024)
    db = tmp_path / "c.db"
    assert_one_line_error(run_cli("check", str(huge), "--db", str(db)), "larger than")
    too_long = b"Officials said 40 shops closed. " * 200_000  # 6.4 MB, over the 5 MB cap
    from_stdin = run_cli("claims", "-", stdin=too_long)
    from_stdin.stderr = from_stdin.stderr.decode("utf-8")
    assert_one_line_error(from_stdin, "larger than")
    assert not db.exists()


@pytest.mark.parametrize("bom_encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_article_with_a_bom_is_accepted(tmp_path: Path, bom_encoding: str):
    text = (FIXTURES / "article.txt").read_text(encoding="utf-8")
    bom = b"\xff\xfe" if bom_encoding.endswith("le") else b"\xfe\xff"
    path = _write(tmp_path / "utf16.txt", bom + text.encode(bom_encoding))
    from_utf16 = run_cli("claims", str(path), "--json")
    from_utf8 = run_cli("claims", str(FIXTURES / "article.txt"), "--json")
    assert from_utf16.returncode == 0, from_utf16.stderr
    assert json.loads(from_utf16.stdout) == json.loads(from_utf8.stdout)
