"""The live progress line shown on stderr while the crawler runs."""

from __future__ import annotations

from collections import Counter
from typing import Any, TextIO


class ProgressDisplay:
    """Counts crawler events per source and redraws one status line (on a terminal only)."""

    def __init__(self, stream: TextIO, live: bool) -> None:
        self.stream = stream
        self.live = live
        self.counts: Counter[tuple[str, str, str]] = Counter()

    def __call__(self, event: dict[str, Any]) -> None:
        kind = str(event.get("event", ""))
        if kind not in {"request", "page"}:
            return
        self.counts[(str(event.get("source", "?")), kind, str(event.get("status", "?")))] += 1
        if self.live:
            self.stream.write("\r\x1b[K" + self.status_line())
            self.stream.flush()

    def status_line(self) -> str:
        sources = sorted({source for source, _, _ in self.counts})
        return " | ".join(self._source_status(source) for source in sources) or "starting..."

    def _source_status(self, source: str) -> str:
        requests = sum(
            n for (s, kind, _), n in self.counts.items() if s == source and kind == "request"
        )
        failed = self.counts[(source, "request", "failed")]
        fetched = self.counts[(source, "page", "fetched")] + self.counts[(source, "page", "known")]
        page_failures = self.counts[(source, "page", "failed")]
        return (
            f"{source}: {requests} queries ({failed} failed), "
            f"{fetched} pages ({page_failures} failed)"
        )

    def finish(self) -> None:
        if self.live:
            self.stream.write("\r\x1b[K")
        if self.counts:
            self.stream.write("crawl finished: " + self.status_line() + "\n")
        self.stream.flush()
