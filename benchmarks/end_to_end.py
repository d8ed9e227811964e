"""An end-to-end ``corroborate check`` against a local web of N pages, with peak memory.

Run from the repository root: ``python benchmarks/end_to_end.py [--pages 1000]``; the 10k-page
memory figure is ``--pages 10000``. The fixture article (tests/fixtures/article.txt) is checked
against benchmarks/benchweb.py's pages (every one a report of the article's event, discovered
through a news sitemap index; politeness delays off), as a user would run it: the real CLI in a
child process, which runs the crawler in its own child, which runs the extraction workers.

Memory is reported two ways: the largest single process (``getrusage(RUSAGE_CHILDREN)``, the
kernel's own figure) and the peak of the whole process tree's summed PSS, sampled from /proc
every 0.2 s (what the machine must actually hold; shared pages counted once). The target:
under 500 MB for 10k pages.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.benchweb import FIXTURE_ARTICLE, BenchWeb  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parent.parent
TARGET_MB = 500
SAMPLE_SECONDS = 0.2


class TreeMemory:
    """Samples the summed resident memory of a process and all its descendants."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak_bytes = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(SAMPLE_SECONDS):
            self.peak_bytes = max(self.peak_bytes, tree_rss(self.pid))


def tree_rss(root: int) -> int:
    """Proportional resident bytes (PSS: shared pages split among their users, so the sum is
    what the tree really holds) of ``root`` and its descendants; 0 when it is gone."""
    parents: dict[int, int] = {}
    for entry in filter(str.isdigit, os.listdir("/proc")):
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:  # the process ended while we looked
            continue
        parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
    tree, frontier = [], [root]
    while frontier:
        pid = frontier.pop()
        tree.append(pid)
        frontier += [child for child, parent in parents.items() if parent == pid]
    return sum(_pss_bytes(pid) for pid in tree)


def _pss_bytes(pid: int) -> int:
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    line = next((line for line in rollup.splitlines() if line.startswith("Pss:")), "Pss: 0 kB")
    return int(line.split()[1]) * 1024


def run_check(web: BenchWeb, workdir: Path) -> tuple[dict, float, int]:
    """The JSON report, wall seconds and peak tree RSS of one ``corroborate check``."""
    config = web.write_config(workdir / "bench.toml")
    command = [sys.executable, "-m", "corroborate", "check", str(FIXTURE_ARTICLE), "--json",
               "--no-progress", "--config", str(config), "--db", str(workdir / "bench.db")]
    start = time.perf_counter()
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                          cwd=REPO_ROOT, text=True) as child, TreeMemory(child.pid) as memory:
        output, _ = child.communicate()
    elapsed = time.perf_counter() - start
    if child.returncode != 0:
        raise SystemExit(f"corroborate exited with {child.returncode}")
    return json.loads(output), elapsed, memory.peak_bytes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    args = parser.parse_args()
    with BenchWeb(args.pages) as web, tempfile.TemporaryDirectory() as workdir:
        report, elapsed, tree_peak = run_check(web, Path(workdir))
    largest = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    fetched = sum(source["pages_fetched"] for source in report["sources"])
    verdicts = [claim["verdict"] for claim in report["claims"]]
    print(f"corroborate check, {args.pages} local pages: {elapsed:.1f} s wall, "
          f"{fetched} pages stored ({fetched / elapsed:.1f} pages/s end to end)")
    print(f"verdicts: {', '.join(f'{v} x{verdicts.count(v)}' for v in sorted(set(verdicts)))}")
    print(f"peak RSS, largest process: {largest / 2**20:.0f} MB; "
          f"whole process tree (PSS): {tree_peak / 2**20:.0f} MB (target < {TARGET_MB} MB)")


if __name__ == "__main__":
    main()
