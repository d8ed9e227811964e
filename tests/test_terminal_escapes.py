"""Terminal escapes from the web never reach the terminal (issue 11, item 6): a source's error
string (here a Content-Encoding header and a search API's error text) is printed cleaned, and
JSON writes such characters as escapes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corroborate.report.terminal import json_escaped, printable
from tests.conftest import run_cli
from tests.hostileweb import HostileServer, Route, crawl_against

ESCAPES = "\x1b]0;pwned\x07\x1b[2J\x1b[31m"


def test_escape_sequences_and_controls_are_removed_and_json_escapes_them():
    assert printable(f"HTTP 500 {ESCAPES}x\x9b2Jy\u202ez\n") == "HTTP 500 x2Jyz\n"
    assert json_escaped('"a\x9bb\u202ec"') == '"a\\u009bb\\u202ec"'
    assert json.loads(json_escaped(json.dumps("a\x9bb", ensure_ascii=False))) == "a\x9bb"


@pytest.mark.crawl
def test_a_hostile_source_error_is_printed_clean(tmp_path: Path):
    with HostileServer() as server:
        server.routes["/gdelt"] = Route(
            b"{}",
            headers=(
                ("Content-Type", "application/json"),
                ("Content-Encoding", f"x-evil{ESCAPES}"),
            ),
        )
        result = crawl_against(server, tmp_path)
    assert result.returncode == 0, result.stderr
    errors = [row[0] for row in result.db.execute("SELECT error FROM source_requests")]
    assert any("\x1b" in (error or "") for error in errors), errors  # stored as it came
    db = str(tmp_path / "crawl.db")
    text = run_cli("score", "--run", "1", "--db", db)
    assert text.returncode == 0, text.stderr
    assert "x-evil" in text.stdout  # the error is reported ...
    assert "\x1b" not in text.stdout and "\x07" not in text.stdout  # ... without its escapes
    as_json = run_cli("score", "--run", "1", "--db", db, "--json")
    assert "\x1b" not in as_json.stdout
    assert any(
        "\x1b" in error
        for source in json.loads(as_json.stdout)["sources"]
        for error in source["errors"]
    )
