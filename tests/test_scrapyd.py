"""The Scrapy project as Scrapy users run it: ``scrapy crawl`` from the project root, and a real
Scrapyd on 127.0.0.1 that the project is deployed to with ``scrapyd-deploy`` and that runs a
watch's check as jobs (``watch run --scrapyd``), the results landing in the same database."""

from __future__ import annotations

import json
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from corroborate.claims.article import read_article
from corroborate.claims.extract import extract_claims
from corroborate.store import Store
from tests.conftest import REPO_ROOT, run_cli
from tests.storyweb import ARTICLE, NORTH_LEDGER, OSTER_POST, StoryWeb, write_config

pytestmark = pytest.mark.crawl

BIN = Path(sys.executable).parent
PROJECT_FILES = ("scrapy.cfg", "setup.py", "pyproject.toml", "README.md")
PROJECT_PACKAGES = ("corroborate", "crawler", "seeds")


def scrapy(*args: str, cwd: Path = REPO_ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "scrapy"), *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )


def stored_run(db_path: Path, config: Path, article_path: Path) -> int:
    article = read_article(str(article_path))
    store = Store.open(db_path)
    try:
        return store.runs.start_run(article, extract_claims(article), [], config_path=str(config))
    finally:
        store.close()


def test_scrapy_crawl_without_a_run_says_in_one_line_what_to_run():
    result = scrapy("crawl", "gdelt")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "scrapy crawl gdelt -a db=PATH -a run_id=N -a config=FILE" in lines[0]


def test_scrapy_crawl_with_a_stored_run_crawls_it(tmp_path):
    article = tmp_path / "bridge.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    db_path = tmp_path / "crawl.db"
    with StoryWeb() as web:
        web.publish(NORTH_LEDGER)
        config = write_config(web, tmp_path / "sources.toml")
        run_id = stored_run(db_path, config, article)
        result = scrapy(
            "crawl", "sitemaps", "-a", f"db={db_path}", "-a", f"run_id={run_id}",
            "-a", f"config={config}",
        )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    connection = sqlite3.connect(db_path)
    linked = connection.execute(
        "SELECT count(*) FROM run_pages WHERE run_id = ? AND source = 'sitemaps'", [run_id]
    ).fetchone()[0]
    connection.close()
    assert linked == 1


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_responds(url: str, process: subprocess.Popen, attempts: int = 600) -> None:
    for _ in range(attempts):
        if process.poll() is not None:
            raise AssertionError(f"scrapyd exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"{url} never answered")


@pytest.fixture
def scrapyd(tmp_path):
    """A real Scrapyd on a free 127.0.0.1 port, with its own eggs, logs and job dirs."""
    port = free_port()
    home = tmp_path / "scrapyd"
    home.mkdir()
    (home / "scrapyd.conf").write_text(
        "[scrapyd]\n"
        f"bind_address = 127.0.0.1\nhttp_port = {port}\n"
        f"eggs_dir = {home / 'eggs'}\nlogs_dir = {home / 'logs'}\ndbs_dir = {home / 'dbs'}\n"
        "items_dir =\nmax_proc = 1\npoll_interval = 0.2\n",
        encoding="utf-8",
    )
    process = subprocess.Popen(
        [str(BIN / "scrapyd")],
        cwd=home,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_responds(f"{url}/daemonstatus.json", process)
        yield url, home
    finally:
        process.terminate()
        process.wait(timeout=60)


def project_copy(target: Path, scrapyd_url: str) -> Path:
    """The project as a user's clone has it, with scrapy.cfg's [deploy] pointing at Scrapyd
    (scrapyd-deploy builds its egg in the project directory: not in this checkout)."""
    for name in PROJECT_FILES:
        shutil.copy(REPO_ROOT / name, target / name)
    for name in PROJECT_PACKAGES:
        shutil.copytree(
            REPO_ROOT / name, target / name, ignore=shutil.ignore_patterns("__pycache__")
        )
    config = (target / "scrapy.cfg").read_text(encoding="utf-8")
    (target / "scrapy.cfg").write_text(
        config.replace("[deploy]\n", f"[deploy]\nurl = {scrapyd_url}/\n"), encoding="utf-8"
    )
    return target


def test_a_watch_check_runs_as_scrapyd_jobs_and_lands_in_the_database(tmp_path, scrapyd):
    url, home = scrapyd
    project = tmp_path / "project"
    project.mkdir()
    deployed = subprocess.run(
        [str(BIN / "scrapyd-deploy")],
        cwd=project_copy(project, url),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert deployed.returncode == 0, deployed.stderr[-2000:]
    assert '"status": "ok"' in deployed.stdout
    with urllib.request.urlopen(f"{url}/listspiders.json?project=corroborate") as answer:
        spiders = json.loads(answer.read())["spiders"]
    assert {"gdelt", "sitemaps", "feeds"} <= set(spiders)

    article = tmp_path / "bridge.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    db_path = tmp_path / "watch.db"
    with StoryWeb() as web:
        web.publish(NORTH_LEDGER)
        web.publish(OSTER_POST)
        config = write_config(web, tmp_path / "sources.toml")
        added = run_cli(
            "watch", "add", str(article), "--every", "1h", "--config", str(config),
            "--db", str(db_path),
        )  # fmt: skip
        assert added.returncode == 0, added.stderr
        result = run_cli("watch", "run", "--once", "--scrapyd", url, "--db", str(db_path))
    assert result.returncode == 0, result.stderr[-2000:]
    assert "watch 1: run 1 done" in result.stdout

    with urllib.request.urlopen(f"{url}/listjobs.json?project=corroborate") as answer:
        jobs = json.loads(answer.read())
    [job] = jobs["finished"]
    assert job["spider"] == "sitemaps"
    log = next((home / "logs" / "corroborate" / "sitemaps").glob("*.log")).read_text()
    assert "Traceback" not in log

    found = json.loads(run_cli("history", str(article), "--db", str(db_path), "--json").stdout)
    assert found["claims"][0]["history"][0]["verdict"] == "corroborated"
    connection = sqlite3.connect(db_path)
    pages = connection.execute("SELECT count(*) FROM run_pages WHERE run_id = 1").fetchone()[0]
    connection.close()
    assert pages == 2
