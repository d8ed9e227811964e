"""An end-to-end ``corroborate check`` against a local web of N pages, with peak memory.

Run from the repository root: ``python benchmarks/end_to_end.py [--pages 1000]
[--lean-pages]``; the 10k-page memory figure is ``--pages 10000``. The fixture article
(tests/fixtures/article.txt) is checked
against benchmarks/benchweb.py's pages (every one a report of the article's event, discovered
through a news sitemap index; politeness delays off), as a user would run it: the real CLI in a
child process, which runs the crawler in its own child, which runs the extraction workers.

Memory is reported two ways, both read from /proc every 0.2 s: the largest single process (the
kernel's high-water mark ``VmHWM`` of each process in the tree, which a sample cannot miss) and
the peak of the whole tree's summed PSS (what the machine must actually hold; shared pages
counted once). Not ``getrusage(RUSAGE_CHILDREN)``: a child forked from this process, which
holds every rendered page (~1 GB for 10k real-weight pages), is charged that size until it
execs, so that figure measured this benchmark, not corroborate. The target:
under 500 MB for 10k pages.
"""

from __future__ import annotations

import argparse
import json
import os
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
        self.largest_process_bytes = 0
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
            tree = tree_pids(self.pid)
            self.peak_bytes = max(self.peak_bytes, sum(map(_pss_bytes, tree)))
            self.largest_process_bytes = max(
                [self.largest_process_bytes, *map(_high_water_bytes, tree)]
            )


def tree_pids(root: int) -> list[int]:
    """``root`` and its descendants."""
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
    return tree


def _high_water_bytes(pid: int) -> int:
    """Peak resident bytes of one process so far (VmHWM); 0 when it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    line = next((line for line in status.splitlines() if line.startswith("VmHWM:")), "x 0 kB")
    return int(line.split()[1]) * 1024


def _pss_bytes(pid: int) -> int:
    """Proportional resident bytes (PSS: shared pages split among their users, so the sum is
    what the tree really holds); 0 when the process is gone."""
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    line = next((line for line in rollup.splitlines() if line.startswith("Pss:")), "Pss: 0 kB")
    return int(line.split()[1]) * 1024


def run_check(web: BenchWeb, workdir: Path) -> tuple[dict, float, TreeMemory]:
    """The JSON report, wall seconds and memory peaks of one ``corroborate check``."""
    config = web.write_config(workdir / "bench.toml")
    command = [
        sys.executable,
        "-m",
        "corroborate",
        "check",
        str(FIXTURE_ARTICLE),
        "--json",
        "--no-progress",
        "--config",
        str(config),
        "--db",
        str(workdir / "bench.db"),
    ]
    start = time.perf_counter()
    with (
        subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=REPO_ROOT, text=True
        ) as child,
        TreeMemory(child.pid) as memory,
    ):
        output, _ = child.communicate()
    elapsed = time.perf_counter() - start
    if child.returncode != 0:
        raise SystemExit(f"corroborate exited with {child.returncode}")
    return json.loads(output), elapsed, memory


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument(
        "--lean-pages",
        action="store_true",
        help="the test web's 7 KB pages instead of real-weight ones",
    )
    args = parser.parse_args()
    with (
        BenchWeb(args.pages, lean=args.lean_pages) as web,
        tempfile.TemporaryDirectory() as workdir,
    ):
        report, elapsed, memory = run_check(web, Path(workdir))
    fetched = sum(source["pages_fetched"] for source in report["sources"])
    verdicts = [claim["verdict"] for claim in report["claims"]]
    print(
        f"corroborate check, {args.pages} local pages: {elapsed:.1f} s wall, "
        f"{fetched} pages stored ({fetched / elapsed:.1f} pages/s end to end)"
    )
    print(f"verdicts: {', '.join(f'{v} x{verdicts.count(v)}' for v in sorted(set(verdicts)))}")
    print(
        f"peak RSS, largest process: {memory.largest_process_bytes / 2**20:.0f} MB; "
        f"whole process tree (PSS): {memory.peak_bytes / 2**20:.0f} MB "
        f"(target < {TARGET_MB} MB)"
    )


if __name__ == "__main__":
    main()
