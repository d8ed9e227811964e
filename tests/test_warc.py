"""WARC archives: ``check --warc DIR`` writes every response (search answers included) with
warcio; ``rescore --from-warc`` re-extracts and re-scores the check from them alone, with the
same verdicts, while the test web logs not one request."""

from __future__ import annotations

import json

import pytest
from warcio.archiveiterator import ArchiveIterator

from tests.conftest import REPO_ROOT, run_cli

pytestmark = pytest.mark.crawl

FIXTURE_ARTICLE = REPO_ROOT / "tests" / "fixtures" / "article.txt"


def _verdicts(report: dict) -> list[tuple[str, int, int]]:
    return [(c["verdict"], c["independent_outlets"], c["score"]) for c in report["claims"]]


def _records(folder) -> list[tuple[str, str]]:
    found = []
    for path in sorted(folder.glob("*.warc.gz")):
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                found.append((record.rec_type, record.rec_headers.get_header("WARC-Target-URI")))
    return found


def test_rescore_from_warc_gives_the_same_verdicts_with_no_request_sent(web, tmp_path):
    config = web.write_config(tmp_path / "config.toml", gdelt={"min_interval": 0})
    archive = tmp_path / "archive"
    first = run_cli(
        *("check", str(FIXTURE_ARTICLE), "--config", str(config)),
        *("--db", str(tmp_path / "a.db"), "--warc", str(archive), "--json"),
    )
    assert first.returncode == 0, first.stderr
    records = _records(archive)
    uris = [uri for kind, uri in records if kind == "response"]
    assert any(uri.startswith(web.gdelt_url()) for uri in uris)  # search API answers too
    assert any(uri.endswith("/robots.txt") for uri in uris)
    assert [kind for kind, _ in records].count("warcinfo") == len(list(archive.glob("*.warc.gz")))

    web.clear_log()
    for service in ("gdelt", "google_news", "bing_news", *web.outlets):
        web.fail(service, "500")  # a request that reached the web would fail the replay
    replay = run_cli(
        "rescore", "--from-warc", str(archive), "--db", str(tmp_path / "b.db"), "--json"
    )
    assert replay.returncode == 0, replay.stderr
    assert web.requests_log() == []
    assert _verdicts(json.loads(replay.stdout)) == _verdicts(json.loads(first.stdout))


def test_rescore_refuses_what_is_not_an_archive_in_one_line(tmp_path):
    not_warc = tmp_path / "notes.warc.gz"
    not_warc.write_bytes(b"not a warc at all")
    for argument in (str(tmp_path / "missing.warc.gz"), str(not_warc), str(tmp_path)):
        result = run_cli("rescore", "--from-warc", argument, "--db", str(tmp_path / "x.db"))
        assert result.returncode == 1, argument
        assert "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert not (tmp_path / "x.db").exists()
