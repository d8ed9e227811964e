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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from corroborate.report.terminal import printable

logger = logging.getLogger(__name__)

ProgressCallback = Callable[[dict[str, Any]], None]
EXIT_LOST = 4  # the crawl ended but the database refused some writes: they stay pending
EXIT_BUSY = 75  # another process is crawling this run (EX_TEMPFAIL): nothing was done
STOP_TIMEOUT = 60.0  # seconds an interrupted crawler gets to settle before it is killed

# The crawler's exit status when not one configured host resolves (crawler/preflight.py), and
# the reason recorded for each request it therefore did not send.
OFFLINE_EXIT = 3
OFFLINE_ERROR = "offline: DNS lookup failed for every host"


@dataclass(frozen=True)
class CrawlOptions:
    """How the crawler child runs besides its run: ``resume`` an interrupted crawl, archive
    every response to WARC files in ``warc_dir``, answer every request from ``replay``, or hand
    the crawl to the Scrapyd at ``scrapyd_url``."""

    resume: bool = False
    warc_dir: str | Path | None = None
    replay: tuple[Path, ...] = ()
    web: bool = True  # False: no crawl at all (an offline corpus alone)
    scrapyd_url: str | None = None
    workers: str | None = None  # a Redis URL: the fetch workers serving it fetch the articles

    def arguments(self) -> list[str]:
        return [
            *(["--workers", self.workers] if self.workers else []),
            *(["--resume"] if self.resume else []),
            *(["--warc", str(Path(self.warc_dir).resolve())] if self.warc_dir else []),
            *(["--replay", *(str(path.resolve()) for path in self.replay)] if self.replay else []),
        ]


def crawler_command(
    db_path: str | Path,
    run_id: int,
    config_path: str | Path,
    resume: bool = False,
    options: CrawlOptions | None = None,
) -> list[str]:
    """The command line of the crawler child process for a stored run; with the options'
    ``scrapyd_url``, the child hands the crawl to that Scrapyd as jobs and waits for them."""
    options = options or CrawlOptions(resume=resume)
    module = (
        ("crawler.scrapyd_jobs", "--scrapyd", options.scrapyd_url)
        if options.scrapyd_url
        else ("crawler",)
    )
    return [
        sys.executable,
        *("-m", *module, "--db", str(Path(db_path).resolve()), "--run-id", str(run_id)),
        *("--config", str(Path(config_path).resolve()), *options.arguments()),
    ]


def run_crawl(
    db_path: str | Path,
    run_id: int,
    config_path: str | Path,
    on_event: ProgressCallback,
    options: CrawlOptions | None = None,
) -> int:
    """Crawl for run ``run_id`` as ``options`` say; call ``on_event`` per progress line; return
    the exit status.

    The child has a session of its own, so a Ctrl-C meant for the CLI does not reach it
    half-way: when the CLI is interrupted (KeyboardInterrupt, or SIGTERM turned into one), it
    asks the child to stop as Scrapy's own Ctrl-C would, waits until it has, and re-raises.
    What the child had not done stays pending in the frontier.
    """
    command = crawler_command(db_path, run_id, config_path, options=options)
    status, message = run_child(command, on_event)
    if status and status != OFFLINE_EXIT:  # offline: the CLI says so
        logger.error("crawler exited with %s: %s", status, message)
    return status


def ingest_command(db_path: str | Path, run_id: int, workers: str, wait: bool) -> list[str]:
    """The command line of the ingester: the workers' results of a run into the database."""
    return [
        sys.executable,
        *("-m", "crawler.distributed.ingest", "--db", str(Path(db_path).resolve())),
        *("--run-id", str(run_id), "--redis", workers, *(["--wait"] if wait else [])),
    ]


def run_child(command: list[str], on_event: ProgressCallback) -> tuple[int, str]:
    """Run a crawler-side child process, relaying its progress lines; its exit status and the
    last line it wrote on stderr (cleaned: it may quote a page or a server)."""
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
        return child.returncode, printable(_last_line(errors.read()))


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
