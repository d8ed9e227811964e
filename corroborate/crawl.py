"""Run the Scrapy crawler for a stored run in a child process and relay its progress.

The crawler lives in its own process because Twisted's reactor can start only once per process,
and so the core never imports Scrapy. The child writes one JSON object per line on stdout.
"""

from __future__ import annotations

import json
import logging
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from corroborate.report.terminal import printable

logger = logging.getLogger(__name__)

ProgressCallback = Callable[[dict[str, Any]], None]
EXIT_LOST = 3  # the crawl ended but the database refused some writes: they stay pending
EXIT_BUSY = 75  # another process is crawling this run (EX_TEMPFAIL): nothing was done
STOP_TIMEOUT = 60.0  # seconds an interrupted crawler gets to settle before it is killed


def crawler_command(
    db_path: str | Path, run_id: int, config_path: str | Path, resume: bool = False
) -> list[str]:
    """The command line of the crawler child process for a stored run."""
    return [
        sys.executable,
        *("-m", "crawler", "--db", str(Path(db_path).resolve()), "--run-id", str(run_id)),
        *("--config", str(Path(config_path).resolve()), *(["--resume"] if resume else [])),
    ]


def run_crawl(
    db_path: str | Path,
    run_id: int,
    config_path: str | Path,
    on_event: ProgressCallback,
    resume: bool = False,
) -> int:
    """Crawl for run ``run_id`` (``resume``: only what an interrupted crawl left pending); call
    ``on_event`` per progress line; return the exit status.

    The child has a session of its own, so a Ctrl-C meant for the CLI does not reach it
    half-way: when the CLI is interrupted (KeyboardInterrupt, or SIGTERM turned into one), it
    asks the child to stop as Scrapy's own Ctrl-C would, waits until it has, and re-raises.
    What the child had not done stays pending in the frontier.
    """
    command = crawler_command(db_path, run_id, config_path, resume)
    # stderr goes to a file: a pipe nobody reads while stdout is consumed could fill and block.
    with tempfile.TemporaryFile(mode="w+", encoding="utf-8") as errors:
        with subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        ) as child:
            assert child.stdout is not None
            try:
                for line in child.stdout:
                    event = _parse_event(line)
                    if event is not None:
                        on_event(event)
            except BaseException:
                stop_child(child)
                raise
        errors.seek(0)
        if child.returncode:
            last = printable(_last_line(errors.read()))  # may quote a page or a server
            logger.error("crawler exited with %s: %s", child.returncode, last)
    return child.returncode


def stop_child(child: subprocess.Popen[str]) -> None:
    """Stop the crawler as Ctrl-C stops Scrapy (it closes its spiders; what is not done stays
    pending), reading its output meanwhile so it never blocks on a full pipe; kill it if it
    has not ended in ``STOP_TIMEOUT`` seconds."""
    child.send_signal(signal.SIGINT)
    try:
        child.communicate(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()


def _parse_event(line: str) -> dict[str, Any] | None:
    try:
        event = json.loads(line)
    except json.JSONDecodeError:
        logger.debug("ignoring non-JSON crawler output: %r", line)
        return None
    return event if isinstance(event, dict) else None


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "no message"
