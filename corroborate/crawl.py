"""Run the Scrapy crawler for a stored run in a child process and relay its progress.

The crawler lives in its own process because Twisted's reactor can start only once per process,
and so the core never imports Scrapy. The child writes one JSON object per line on stdout.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

ProgressCallback = Callable[[dict[str, Any]], None]


def crawler_command(
    db_path: str | Path,
    run_id: int,
    config_path: str | Path,
    resume: bool = False,
    workers: str | None = None,
) -> list[str]:
    """The command line of the crawler child process for a stored run (``workers``: the Redis
    URL of the fetch workers to hand the articles to)."""
    return [
        sys.executable,
        *("-m", "crawler", "--db", str(Path(db_path).resolve()), "--run-id", str(run_id)),
        *("--config", str(Path(config_path).resolve()), *(["--resume"] if resume else [])),
        *(["--workers", workers] if workers else []),
    ]


def run_crawl(
    db_path: str | Path,
    run_id: int,
    config_path: str | Path,
    on_event: ProgressCallback,
    resume: bool = False,
    workers: str | None = None,
) -> int:
    """Crawl for run ``run_id`` (``resume``: only what an interrupted crawl left pending;
    ``workers``: on the fetch workers of that Redis); call ``on_event`` per progress line;
    return the exit status."""
    command = crawler_command(db_path, run_id, config_path, resume, workers)
    status, message = run_child(command, on_event)
    if status:
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
    last line it wrote on stderr."""
    # stderr goes to a file: a pipe nobody reads while stdout is consumed could fill and block.
    with tempfile.TemporaryFile(mode="w+", encoding="utf-8") as errors:
        with subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=errors, text=True, stdin=subprocess.DEVNULL
        ) as child:
            assert child.stdout is not None
            for line in child.stdout:
                event = _parse_event(line)
                if event is not None:
                    on_event(event)
        errors.seek(0)
        return child.returncode, _last_line(errors.read())


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
