"""Shared fixtures: the local test web, temp databases and a runner for the real CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from corroborate.crawl import crawler_command
from tests.testweb import TestWeb

REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def test_web() -> Iterator[TestWeb]:
    with TestWeb() as web:
        yield web


@pytest.fixture
def web(test_web: TestWeb) -> Iterator[TestWeb]:
    """The session's test web with failure modes cleared before and after the test."""
    test_web.reset_failures()
    yield test_web
    test_web.reset_failures()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "corroborate.db"


def run_cli(
    *args: str, stdin: bytes | None = None, timeout: float = 300, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the real ``corroborate`` command in a subprocess, as a user would."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "corroborate", *args],
        input=stdin,
        capture_output=True,
        timeout=timeout,
        env=full_env,
        cwd=REPO_ROOT,
        text=stdin is None,
    )


def run_crawler(
    db_path: Path, run_id: int, config: Path, resume: bool = False, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """Run the real crawler child process for a stored run, as ``corroborate check`` does."""
    return subprocess.run(
        crawler_command(db_path, run_id, config, resume),
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )
