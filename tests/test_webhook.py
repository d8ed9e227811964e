"""The webhook sender (``python -m crawler.webhook``, run by the scheduler): delivers JSON to
the configured URL, refuses private addresses unless allowed, and reports failures in a line."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from corroborate.sources.config import NotifyConfig
from corroborate.watch.changes import ClaimChange, RunDiff
from corroborate.watch.notify import Notice, deliver, notify


class Receiver:
    """A webhook on 127.0.0.1 answering ``status`` and keeping what it was sent."""

    def __init__(self, status: int = 200) -> None:
        self.bodies: list[dict] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                """Silence."""

            def do_POST(self) -> None:  # noqa: N802 - stdlib name
                length = int(self.headers.get("Content-Length") or 0)
                receiver.bodies.append(json.loads(self.rfile.read(length)))
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    hook = Receiver()
    yield hook
    hook.close()


def changed_diff() -> RunDiff:
    change = ClaimChange(1, 1, "The bridge closed.", "corroborated", 70, "single-source", 45,
                         ("b.example",), ())  # fmt: skip
    return RunDiff(run_id=2, previous_run_id=1, claims=(change,), pages=())


def test_a_private_webhook_address_is_refused_unless_allowed(receiver):
    error = deliver(receiver.url, {"event": "test"}, allow_private=False)
    assert error is not None and "refused private address" in error
    assert receiver.bodies == []
    assert deliver(receiver.url, {"event": "test"}, allow_private=True) is None
    assert receiver.bodies == [{"event": "test"}]


@pytest.mark.parametrize(
    "url", ["http://localhost:9/hook", "http://2130706433/hook", "file:///etc/passwd"]
)
def test_every_spelling_of_a_local_target_is_refused(url):
    assert deliver(url, {"event": "test"}, allow_private=False) is not None


def test_verdict_changes_are_printed_and_posted_and_a_failed_post_is_reported():
    lines: list[str] = []
    failing = Receiver(status=500)
    try:
        config = NotifyConfig(webhook_url=failing.url, allow_private_addresses=True)
        notify(Notice(3, "bridge.txt", changed_diff()), config, lines.append)
    finally:
        failing.close()
    assert lines[0] == (
        "watch 3, run 2: claim 1: single-source -> corroborated, score 45 -> 70 (+b.example)"
    )
    assert lines[1].startswith("watch 3: webhook not delivered:") and "HTTP 500" in lines[1]
    [body] = failing.bodies
    assert body["changes"][0]["verdict"] == "corroborated" and body["watch_id"] == 3


def test_no_change_no_post(receiver):
    unchanged = RunDiff(2, 1, (), ())
    lines: list[str] = []
    notify(Notice(3, "bridge.txt", unchanged), NotifyConfig(receiver.url, True), lines.append)
    assert lines == [] and receiver.bodies == []
