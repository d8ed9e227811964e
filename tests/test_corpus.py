"""Offline corpora: ``check --corpus PATH`` searches a folder of HTML files or WARC files (here
written with warcio from pages of the local test web, as CC-NEWS files are), indexed once into
SQLite FTS5 and re-read only where a file changed, with a date cut-off for late evidence."""

from __future__ import annotations

import json
import os
import sqlite3
import urllib.request
from io import BytesIO
from urllib.parse import urlsplit, urlunsplit

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tests.conftest import REPO_ROOT, run_cli
from tests.testweb.corpus import PUBLIC_STORIES

pytestmark = pytest.mark.crawl

FIXTURE_ARTICLE = REPO_ROOT / "tests" / "fixtures" / "article.txt"
HTML = "text/html; charset=utf-8"


def _fetch(test_web, url: str) -> bytes:
    """A page of the local test web, asked of the address its host name maps to (the test web
    serves outlets under their own names, which only its ``[crawl.resolve]`` map knows)."""
    parts = urlsplit(url)
    address = test_web.host_map()[parts.hostname]
    local = urlunsplit(parts._replace(netloc=f"{address}:{parts.port}"))
    request = urllib.request.Request(local, headers={"Host": parts.netloc})
    with urllib.request.urlopen(request, timeout=30) as response:  # the local test web only
        return response.read()


def _write_warc(path, responses: list[tuple[str, str, bytes]]) -> None:
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for url, content_type, body in responses:
            headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], "HTTP/1.1")
            record = writer.create_warc_record(
                url, "response", payload=BytesIO(body), http_headers=headers
            )
            writer.write_record(record)


@pytest.fixture
def corpus(test_web, tmp_path):
    """The dam stories: most in two WARC files (plus a JSON answer, not a page), two as
    saved HTML files in a subfolder."""
    dam = [story for story in PUBLIC_STORIES if story.event == "dam"]
    pages = [
        (test_web.url_of(story), HTML, _fetch(test_web, test_web.url_of(story))) for story in dam
    ]
    folder = tmp_path / "corpus"
    (folder / "saved").mkdir(parents=True)
    half = len(pages[2:]) // 2 + 2
    _write_warc(
        folder / "a.warc.gz", [*pages[2:half], ("https://x.example/api", "text/json", b"{}")]
    )
    _write_warc(folder / "b.warc.gz", pages[half:])
    for number, (_, _, body) in enumerate(pages[:2]):
        (folder / "saved" / f"page{number}.html").write_bytes(body)
    return folder


def _check(corpus, db, *extra: str):
    return run_cli(
        *("check", str(FIXTURE_ARTICLE), "--corpus", str(corpus), "--no-web"),
        *("--db", str(db), "--json", "--progress", *extra),
    )


def test_a_corpus_alone_corroborates_and_is_indexed_only_where_it_changed(corpus, tmp_path):
    db = tmp_path / "c.db"
    first = _check(corpus, db)
    assert first.returncode == 0, first.stderr
    assert "corpus: 4 files indexed" in first.stderr
    claims = json.loads(first.stdout)["claims"]
    assert claims[0]["verdict"] == "corroborated"
    assert any(c["verdict"] == "contradicted" for c in claims)  # 8,000 against 2,300
    assert all(c["searched"] == [c["searched"][0]] for c in claims)
    assert {c["searched"][0]["source"] for c in claims} == {"corpus"}
    with sqlite3.connect(db) as connection:
        documents = connection.execute("SELECT count(*) FROM corpus_documents").fetchone()[0]
    assert documents == len([s for s in PUBLIC_STORIES if s.event == "dam"])  # JSON skipped

    again = _check(corpus, db)
    assert "corpus: 0 files indexed" in again.stderr and "4 unchanged" in again.stderr
    changed = corpus / "saved" / "page0.html"
    changed.write_bytes(changed.read_bytes() + b"\n<!-- edited -->\n")
    os.utime(changed, ns=(1, 1))
    (corpus / "b.warc.gz").unlink()
    third = _check(corpus, db)
    assert "corpus: 1 files indexed" in third.stderr and "1 removed" in third.stderr
    with sqlite3.connect(db) as connection:
        left = connection.execute("SELECT count(*) FROM corpus_documents").fetchone()[0]
        files = connection.execute("SELECT count(*) FROM corpus_files").fetchone()[0]
    assert files == 3 and 0 < left < documents  # b.warc.gz's documents left with it


def test_evidence_published_after_the_cut_off_is_left_out(corpus, tmp_path):
    result = _check(corpus, tmp_path / "c.db", "--corpus-until", "2026-10-31")
    assert result.returncode == 0, result.stderr
    verdicts = {claim["verdict"] for claim in json.loads(result.stdout)["claims"]}
    assert verdicts <= {"not found", "not checkable"}  # the corpus answered: not "search failed"


def test_bad_corpus_input_is_one_line_and_writes_nothing(tmp_path):
    db = tmp_path / "c.db"
    missing = _check(tmp_path / "nowhere", db)
    assert missing.returncode == 1 and "no such corpus" in missing.stderr
    assert len(missing.stderr.strip().splitlines()) == 1
    alone = run_cli("check", str(FIXTURE_ARTICLE), "--no-web", "--db", str(db))
    assert alone.returncode == 2 and "--corpus" in alone.stderr
    assert not db.exists()
