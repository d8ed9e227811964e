"""A new user's first minute: ``corroborate demo`` (target: a real result within 60 s on a
2-core machine) and ``check`` with no network at all (target: "offline" said within seconds,
exit 3), each run as a user would, through the real CLI.

Run from the repository root: ``python benchmarks/first_run.py [--rounds 3]``. The offline
round needs ``unshare -rn`` (a network namespace with no interface up); without it, it is
skipped with a message. Needs no data from ../shared.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
ARTICLE = REPO_ROOT / "tests" / "fixtures" / "article.txt"


def timed(command: list[str]) -> tuple[float, int]:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, cwd=REPO_ROOT, timeout=600)
    return time.perf_counter() - start, done.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    cli = [sys.executable, "-m", "corroborate"]
    with tempfile.TemporaryDirectory() as folder:
        demo = [timed([*cli, "demo", "--db", f"{folder}/demo{n}.db"]) for n in range(args.rounds)]
        print(f"demo: {_summary(demo)} (target < 60 s)")
        if shutil.which("unshare") is None or timed(["unshare", "-rn", "true"])[1] != 0:
            print("offline: skipped (unshare -rn is not available)")
            return
        offline = [
            timed(["unshare", "-rn", *cli, "check", str(ARTICLE), "--db", f"{folder}/o{n}.db"])
            for n in range(args.rounds)
        ]
        print(f"offline check: {_summary(offline)} (target: seconds, exit 3)")


def _summary(results: list[tuple[float, int]]) -> str:
    seconds = [elapsed for elapsed, _ in results]
    statuses = sorted({status for _, status in results})
    return (
        f"median {statistics.median(seconds):.1f} s wall, range {min(seconds):.1f}-"
        f"{max(seconds):.1f} s over {len(seconds)} rounds, exit {statuses}"
    )


if __name__ == "__main__":
    main()
