"""``python -m crawler.scrapyd_jobs --scrapyd URL --db PATH --run-id N --config FILE``: crawl a
stored run as Scrapyd jobs instead of in this process (``corroborate watch run --scrapyd``).

Each enabled source is one job (``schedule.json`` with the spider arguments ``db``,
``run_id``, ``config``, ``resume=1``), run one after the other: each job continues the run's
frontier, so an article one source already took is not fetched again by the next. Jobs write
to the same database; the caller scores the run as usual. Scrapyd must run on a machine that
sees the database path, with the project deployed (``scrapyd-deploy``, see README).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

from corroborate.errors import CorroborateError
from corroborate.sources.config import load_config

PROJECT = "corroborate"  # scrapy.cfg [deploy] project
POLL_SECONDS = 1.0
TIMEOUT = 30.0


class ScrapydError(Exception):
    """Scrapyd refused or failed a request: the one-line reason."""


def call(base_url: str, endpoint: str, form: dict[str, str] | None = None) -> dict[str, Any]:
    """GET (or, with ``form``, POST) a Scrapyd endpoint; its JSON answer when status is ok."""
    url = f"{base_url.rstrip('/')}/{endpoint}"
    data = urllib.parse.urlencode(form).encode() if form is not None else None
    try:
        with urllib.request.urlopen(url, data=data, timeout=TIMEOUT) as response:
            answer = json.loads(response.read())
    except (OSError, urllib.error.URLError, json.JSONDecodeError) as error:
        raise ScrapydError(f"{url}: {error}") from None
    if answer.get("status") != "ok":
        raise ScrapydError(f"{url}: {answer.get('message', answer)}")
    return answer


def schedule(base_url: str, project: str, spider: str, arguments: dict[str, str]) -> str:
    form = {"project": project, "spider": spider, **arguments}
    return str(call(base_url, "schedule.json", form)["jobid"])


def wait_finished(base_url: str, project: str, job_id: str) -> None:
    query = urllib.parse.urlencode({"project": project})
    while True:
        jobs = call(base_url, f"listjobs.json?{query}")
        if any(job.get("id") == job_id for job in jobs.get("finished", [])):
            return
        time.sleep(POLL_SECONDS)


def crawl_as_jobs(base_url: str, project: str, db: str, run_id: int, config: str) -> list[str]:
    """One job per enabled source, in turn; the job ids."""
    arguments = {
        "db": str(Path(db).resolve()),
        "run_id": str(run_id),
        "config": str(Path(config).resolve()),
        "resume": "1",
    }
    job_ids = []
    for source in load_config(config).enabled_sources():
        job_id = schedule(base_url, project, source.name, arguments)
        print(json.dumps({"event": "scrapyd_job", "source": source.name, "job": job_id}))
        wait_finished(base_url, project, job_id)
        job_ids.append(job_id)
    return job_ids


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crawler.scrapyd_jobs")
    parser.add_argument("--scrapyd", required=True, help="Scrapyd URL, e.g. http://127.0.0.1:6800")
    parser.add_argument("--project", default=PROJECT)
    parser.add_argument("--db", required=True)
    parser.add_argument("--run-id", required=True, type=int)
    parser.add_argument("--config", required=True)
    parser.add_argument("--resume", action="store_true", help="accepted; every job resumes")
    args = parser.parse_args(argv)
    try:
        crawl_as_jobs(args.scrapyd, args.project, args.db, args.run_id, args.config)
    except (ScrapydError, CorroborateError) as error:
        print(f"scrapyd: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
