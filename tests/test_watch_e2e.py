"""A watched story develops, end to end, with real time, real crawls and the real CLI.

Between re-checks the story web publishes a second outlet's page (the claim goes from
single-source to corroborated), then edits the first page and deletes the second (back to
single-source). The scheduler (``watch run --once``, run as cron would) asks stored pages with
conditional requests, records pages changed and gone, prints each verdict change and posts it
to a webhook on 127.0.0.1; ``history`` shows it all.
"""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.conftest import REPO_ROOT, run_cli
from tests.storyweb import (
    ARTICLE,
    NORTH_LEDGER,
    NORTH_LEDGER_EDITED,
    OSTER_POST,
    StoryWeb,
    write_config,
)

pytestmark = pytest.mark.crawl

EVERY_SECONDS = 2


class WebhookReceiver:
    """Collects the JSON bodies POSTed to it."""

    def __init__(self) -> None:
        self.bodies: list[dict] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                """Silence."""

            def do_POST(self) -> None:  # noqa: N802 - stdlib name
                length = int(self.headers.get("Content-Length") or 0)
                receiver.bodies.append(json.loads(self.rfile.read(length)))
                self.send_response(204)
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hooks/desk"

    def __enter__(self) -> WebhookReceiver:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def run_due_checks(db_path) -> subprocess.CompletedProcess[str]:
    """One pass of the scheduler, once the watch's next check is due in real time."""
    time.sleep(EVERY_SECONDS + 0.5)
    result = run_cli("watch", "run", "--once", "--db", str(db_path))
    assert result.returncode == 0, result.stderr[-2000:]
    return result


def history(db_path) -> dict:
    result = run_cli("history", "--watch", "1", "--db", str(db_path), "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_a_developing_story_is_followed_run_by_run(tmp_path):
    article = tmp_path / "bridge.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    db_path = tmp_path / "watch.db"
    with StoryWeb() as web, WebhookReceiver() as hook:
        config = write_config(
            web, tmp_path / "sources.toml", webhook_url=hook.url, allow_private_addresses=True
        )
        web.publish(NORTH_LEDGER)
        added = run_cli(
            "watch", "add", str(article), "--every", f"{EVERY_SECONDS}s",
            "--config", str(config), "--db", str(db_path),
        )  # fmt: skip
        assert added.returncode == 0, added.stderr
        assert added.stdout.startswith("watch 1:")

        first = run_cli("watch", "run", "--once", "--db", str(db_path))
        assert first.returncode == 0, first.stderr[-2000:]
        assert "watch 1: run 1 done" in first.stdout
        assert history(db_path)["claims"][0]["history"][0]["verdict"] == "single-source"
        assert hook.bodies == []  # a first run changes nothing

        # Another outlet reports the story; the first page is unchanged.
        web.publish(OSTER_POST)
        second = run_due_checks(db_path)
        assert "claim 1: single-source -> corroborated" in second.stdout
        assert "+oster-post.example" in second.stdout
        assert web.statuses(NORTH_LEDGER.slug) == [200, 304]  # asked again, not re-fetched
        conditional = [hit for hit in web.hits if hit.status == 304][0]
        assert conditional.if_none_match and conditional.if_modified_since
        [notice] = hook.bodies
        assert notice["watch_id"] == 1 and notice["run_id"] == 2
        [change] = notice["changes"]
        assert (change["previous_verdict"], change["verdict"]) == ("single-source", "corroborated")
        assert change["new_supporting_outlets"] == ["oster-post.example"]

        # The first outlet edits its page; the second deletes its own.
        web.edit(NORTH_LEDGER.slug, NORTH_LEDGER_EDITED)
        web.remove(OSTER_POST.slug)
        third = run_due_checks(db_path)
        assert "claim 1: corroborated -> single-source" in third.stdout
        assert web.statuses(NORTH_LEDGER.slug)[-1] == 200
        assert web.statuses(OSTER_POST.slug)[-1] == 404
        assert len(hook.bodies) == 2

    found = history(db_path)
    assert found["runs"] == [1, 2, 3]
    verdicts = [step["verdict"] for step in found["claims"][0]["history"]]
    assert verdicts == ["single-source", "corroborated", "single-source"]
    pages = {(page["change"], page["url"]) for page in found["latest_changes"]["pages"]}
    assert pages == {
        ("changed", web.url_of(NORTH_LEDGER.slug)),
        ("vanished", web.url_of(OSTER_POST.slug)),
    }

    text = run_cli("history", str(article), "--db", str(db_path))
    assert text.returncode == 0, text.stderr
    assert "run 1 single-source" in text.stdout and "run 2 corroborated" in text.stdout
    assert "page vanished" in text.stdout and "page changed" in text.stdout

    # Nothing stored was lost: run 2 re-scored from the database still sees both outlets, and
    # the edited page is a new version beside the old one.
    rescored = run_cli("score", "--run", "2", "--db", str(db_path), "--json")
    assert json.loads(rescored.stdout)["claims"][0]["verdict"] == "corroborated"
    connection = sqlite3.connect(db_path)
    rows = connection.execute(
        "SELECT run_id, verdict, score FROM claim_history WHERE watch_id = 1 AND position = 1 "
        "ORDER BY run_id"
    ).fetchall()
    versions = connection.execute(
        "SELECT count(*), count(superseded_by) FROM pages WHERE outlet = 'north-ledger.example'"
    ).fetchone()
    connection.close()
    assert [row[1] for row in rows] == verdicts
    assert versions == (2, 1)
    # Every re-check was archived as WARC beside the database, by default.
    assert sorted((tmp_path / "warc" / "watch-1").glob("run*-sitemaps.warc.gz"))


def test_the_scheduler_runs_until_interrupted(tmp_path):
    """``watch run`` without --once keeps going (here: one due check), and Ctrl-C stops it
    with a line, not a traceback."""
    article = tmp_path / "bridge.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    db_path = tmp_path / "watch.db"
    with StoryWeb() as web:
        web.publish(NORTH_LEDGER)
        config = write_config(web, tmp_path / "sources.toml")
        added = run_cli(
            "watch", "add", str(article), "--every", "1h", "--config", str(config),
            "--db", str(db_path),
        )  # fmt: skip
        assert added.returncode == 0, added.stderr
        scheduler = subprocess.Popen(
            [sys.executable, "-m", "corroborate", "watch", "run", "--db", str(db_path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=REPO_ROOT,
        )
        try:
            assert scheduler.stdout is not None
            line = scheduler.stdout.readline()  # blocks until the first check is done
            assert line.startswith("watch 1: run 1 done"), line
            scheduler.send_signal(signal.SIGINT)
            _, errors = scheduler.communicate(timeout=120)
        finally:
            if scheduler.poll() is None:
                scheduler.kill()
    assert scheduler.returncode == 0, errors
    assert "scheduler stopped" in errors and "Traceback" not in errors
    listed = run_cli("watch", "list", "--db", str(db_path), "--json")
    [watch] = json.loads(listed.stdout)
    assert watch["last_run_id"] == 1 and watch["state"] == "active"


def test_a_stored_page_whose_server_fails_stays_in_the_re_check(tmp_path):
    """No answer about a stored page is not news: the re-check keeps it, and says why."""
    article = tmp_path / "bridge.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    db_path = tmp_path / "watch.db"
    with StoryWeb() as web:
        web.publish(NORTH_LEDGER)
        config = write_config(web, tmp_path / "sources.toml", crawl={"retry_times": 0})
        added = run_cli(
            "watch", "add", str(article), "--every", f"{EVERY_SECONDS}s",
            "--config", str(config), "--db", str(db_path),
        )  # fmt: skip
        assert added.returncode == 0, added.stderr
        first = run_cli("watch", "run", "--once", "--db", str(db_path))
        assert first.returncode == 0, first.stderr[-2000:]
        web.failing.add(NORTH_LEDGER.slug)
        run_due_checks(db_path)
        assert web.statuses(NORTH_LEDGER.slug) == [200, 503]
    found = history(db_path)
    assert [step["verdict"] for step in found["claims"][0]["history"]] == ["single-source"] * 2
    assert found["latest_changes"]["pages"] == []
    connection = sqlite3.connect(db_path)
    [(state, reason)] = connection.execute(
        "SELECT state, reason FROM frontier WHERE run_id = 2 AND kind = 'article'"
    ).fetchall()
    connection.close()
    assert state == "done" and reason.startswith("not revalidated") and "503" in reason
