"""``corroborate demo``: the whole pipeline, for real, against the demo web shipped in the
package (``seeds/demo/``), served on 127.0.0.1 by a child process (``python -m crawler.demo``):
the core opens no connection itself."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from corroborate.api import CheckResult, check_article
from corroborate.claims.article import read_article
from corroborate.crawl import ProgressCallback
from corroborate.demo.dates import fill_dates, story_day
from corroborate.errors import CorroborateError
from corroborate.settings import DEFAULT_SETTINGS, ScoringSettings
from corroborate.sources.config import SEEDS_DIR

DEMO_ARTICLE = SEEDS_DIR / "demo" / "article.txt"


class DemoFailed(CorroborateError):
    """The demo web could not be started."""


@contextmanager
def demo_web(folder: Path, day: date) -> Iterator[Path]:
    """Serve the demo web while the block runs; yields a config (written in ``folder``) that
    points every source at it."""
    config = folder / "demo.toml"
    command = [sys.executable, "-m", "crawler.demo", "--config", str(config), "--day", str(day)]
    with subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    ) as child:
        assert child.stdin is not None and child.stdout is not None
        try:
            ready = child.stdout.readline()
            if not ready:
                raise DemoFailed(f"the demo web did not start (exit {child.wait()})")
            yield Path(json.loads(ready)["config"])
        finally:
            child.stdin.close()  # the server's signal to stop
            child.wait(timeout=30)


def run_demo(
    db_path: str | Path,
    settings: ScoringSettings = DEFAULT_SETTINGS,
    on_progress: ProgressCallback | None = None,
) -> CheckResult:
    """Check the demo article against the demo web, both dated to a recent week; the run
    stays in ``db_path``."""
    day = story_day(date.today())
    with tempfile.TemporaryDirectory(prefix="corroborate-demo-") as name:
        folder = Path(name)
        dated = folder / DEMO_ARTICLE.name
        dated.write_text(fill_dates(DEMO_ARTICLE.read_text(encoding="utf-8"), day), "utf-8")
        article = read_article(str(dated))
        with demo_web(folder, day) as config:
            return check_article(
                article, db_path, config_path=config, settings=settings, on_progress=on_progress
            )
