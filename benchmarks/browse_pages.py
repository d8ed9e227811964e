"""How fast the report page answers, against Datasette's own table page on the same database.

Run from the repository root: ``python benchmarks/browse_pages.py [--pages 1000]
[--requests 50]``. The fixture article is checked against benchmarks/benchweb.py's pages (every
one a report of the article's event), then ``corroborate serve`` runs on the database and the
run's report page and the plain ``browse_claims`` table page (Datasette's own, 7 rows) are
fetched in turn, one request at a time. Printed: requests per second of each, their ratio
(the report's cost in table pages), and the report's size.
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.error import URLError

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.benchweb import FIXTURE_ARTICLE, BenchWeb  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parent.parent


def check(web: BenchWeb, workdir: Path) -> Path:
    db = workdir / "bench.db"
    config = web.write_config(workdir / "bench.toml")
    command = [sys.executable, "-m", "corroborate", "check", str(FIXTURE_ARTICLE), "--json"]
    command += ["--no-progress", "--config", str(config), "--db", str(db)]
    subprocess.run(command, check=True, capture_output=True, cwd=REPO_ROOT)
    return db


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=60) as answer:
        return answer.read()


def wait_for(url: str) -> None:
    for _ in range(300):
        try:
            fetch(url)
            return
        except (URLError, ConnectionError):
            time.sleep(0.2)
    raise SystemExit(f"{url} did not answer")


def rate(url: str, requests: int) -> float:
    """Requests per second, one at a time, after one warm-up request."""
    fetch(url)
    start = time.perf_counter()
    for _ in range(requests):
        fetch(url)
    return requests / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir, BenchWeb(args.pages) as web:
        db = check(web, Path(workdir))
        port = free_port()
        command = [sys.executable, "-m", "corroborate", "serve", "--db", str(db)]
        server = subprocess.Popen(
            [*command, "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        base = f"http://127.0.0.1:{port}"
        try:
            wait_for(base + "/-/versions.json")
            report_url = f"{base}/-/corroborate/bench/run/1"
            table_url = f"{base}/bench/browse_claims?run_id=1"
            size = len(fetch(report_url))
            report, table = rate(report_url, args.requests), rate(table_url, args.requests)
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(
        f"{args.pages} pages checked: report page {report:.1f} requests/s ({size / 1024:.0f} KiB), "
        f"browse_claims table page {table:.1f} requests/s; report / table {report / table:.2f}"
    )


if __name__ == "__main__":
    main()
