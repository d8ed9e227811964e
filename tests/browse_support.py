"""Real servers and a real browser for the browse tests: ``corroborate serve`` (or plain
``datasette``) on a database from a real check, and Debian's headless Chromium via Playwright.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.error import HTTPError, URLError

import pytest

from tests.conftest import REPO_ROOT

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = REPO_ROOT / "tests" / "artifacts"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str, method: str = "GET") -> tuple[int, str]:
    request = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, answer.read().decode("utf-8")
    except HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


def get_json(url: str) -> Any:
    status, body = get(url)
    assert status == 200, f"{url}: {status} {body[:500]}"
    return json.loads(body)


def wait_until_responds(url: str, server: subprocess.Popen[bytes], timeout: float = 60) -> None:
    """Poll until the server answers; fail at once if it exited."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"server exited with {server.returncode}")
        try:
            get(url)
            return
        except (URLError, ConnectionError):
            time.sleep(0.2)
    raise TimeoutError(f"{url} did not respond within {timeout} s")


@contextmanager
def running(command: list[str]) -> Iterator[str]:
    """Start a server command given ``{port}`` in its arguments; yield its base URL."""
    port = free_port()
    server = subprocess.Popen(
        [part.format(port=port) for part in command],
        cwd=REPO_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_responds(base + "/-/versions.json", server)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def serve_command(db: Path, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "corroborate",
        "serve",
        "--db",
        str(db),
        "--port",
        "{port}",
        *extra,
    ]


def require_chromium() -> None:
    """Skip without Debian's chromium or the playwright package, unless under CI."""
    missing = []
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        missing.append("chromium (apt-get install chromium)")
    try:
        import playwright  # noqa: F401
    except ImportError:
        missing.append("the playwright package (pip install -e '.[test]')")
    if missing and os.environ.get("CI") != "true":
        pytest.skip("needs " + " and ".join(missing))
    assert not missing, "CI must have " + " and ".join(missing)


@contextmanager
def chromium(tmp_path: Path) -> Iterator[Any]:
    """A headless Chromium context with a new, empty profile."""
    from playwright.sync_api import sync_playwright

    executable = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    profile = tmp_path / "chromium-profile"
    profile.mkdir()
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield context
        finally:
            context.close()
