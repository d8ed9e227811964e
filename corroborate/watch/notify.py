"""Telling people a watched claim's verdict changed: a line on the scheduler's output and,
when the config names one, a JSON POST to a webhook.

The POST is network work, so the core does not send it: ``python -m crawler.webhook`` does,
in a child process, after the crawler's address policy (a URL pointing at a private address is
refused unless ``[notify] allow_private_addresses``). A failed delivery is reported, not
silently dropped.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass

from corroborate.sources.config import NotifyConfig
from corroborate.watch.changes import RunDiff, describe_change

DELIVERY_TIMEOUT = 60.0  # seconds for the child process, whatever the webhook does

Echo = Callable[[str], None]


@dataclass(frozen=True)
class Notice:
    """The verdict changes of one re-check, as the webhook receives them."""

    watch_id: int
    article_path: str
    diff: RunDiff

    def payload(self) -> dict[str, object]:
        return {
            "event": "verdict_changed",
            "watch_id": self.watch_id,
            "article": self.article_path,
            "run_id": self.diff.run_id,
            "previous_run_id": self.diff.previous_run_id,
            "changes": [change.as_dict() for change in self.diff.verdict_changes],
            "pages": [vars(page) for page in self.diff.pages],
        }


def notify(notice: Notice, config: NotifyConfig, echo: Echo) -> None:
    """A line per changed verdict; then the webhook, when configured and there is news."""
    changes = notice.diff.verdict_changes
    for change in changes:
        echo(f"watch {notice.watch_id}, run {notice.diff.run_id}: {describe_change(change)}")
    if changes and config.webhook_url:
        error = deliver(config.webhook_url, notice.payload(), config.allow_private_addresses)
        if error:
            echo(f"watch {notice.watch_id}: webhook not delivered: {error}")


def deliver(url: str, payload: dict[str, object], allow_private: bool) -> str | None:
    """POST ``payload`` to ``url`` through the crawler's webhook sender; None on success,
    else the one-line reason."""
    command = [sys.executable, "-m", "crawler.webhook", "--url", url]
    if allow_private:
        command.append("--allow-private-addresses")
    try:
        result = subprocess.run(
            command,
            input=json.dumps(payload),
            capture_output=True,
            text=True,
            timeout=DELIVERY_TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        return f"no answer within {DELIVERY_TIMEOUT:g} s"
    if result.returncode == 0:
        return None
    lines = result.stderr.strip().splitlines()
    return lines[-1] if lines else f"exit status {result.returncode}"
