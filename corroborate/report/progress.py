"""The live progress line shown on stderr while the crawler runs."""

from __future__ import annotations

import textwrap
from collections import Counter
from typing import Any, TextIO

# Redrawn with "\r", a line longer than the terminal wraps and leaves stale copies behind.
MIN_WIDTH = 20


class ProgressDisplay:
    """Counts crawler events and redraws one status line, cut to the terminal's width (on a
    terminal only): requests in total, pages in total, then requests per source."""

    def __init__(self, stream: TextIO, live: bool, width: int = 80) -> None:
        self.stream = stream
        self.live = live
        self.width = max(MIN_WIDTH, width)
        self.requests: Counter[str] = Counter()  # per source
        self.failed_requests = 0
        self.pages: Counter[str] = Counter()  # per status: fetched, known, failed
        self.notices: list[str] = []

    def __call__(self, event: dict[str, Any]) -> None:
        kind = str(event.get("event", ""))
        status = str(event.get("status", "?"))
        if kind == "request":
            self.requests[str(event.get("source", "?"))] += 1
            self.failed_requests += status == "failed"
        elif kind == "page":
            self.pages[status] += 1
        elif kind == "notice":
            self._notice(str(event.get("message", "")))
            return
        else:
            return
        if self.live:
            self.stream.write("\r\x1b[K" + self.fitted(self.status_line()))
            self.stream.flush()

    def _notice(self, message: str) -> None:
        """A line of its own (e.g. "offline"), above the live line."""
        self.notices.append(message)
        self.stream.write(("\r\x1b[K" if self.live else "") + message + "\n")
        self.stream.flush()

    def status_line(self) -> str:
        """ "65 requests (2 failed), 18 pages (1 failed): gdelt 14, google_news 26, ..."."""
        if not self.requests and not self.pages:
            return "starting..."
        total = sum(self.requests.values())
        pages = self.pages["fetched"] + self.pages["known"]
        per_source = ", ".join(f"{name} {count}" for name, count in sorted(self.requests.items()))
        return (
            f"{total} requests ({self.failed_requests} failed), "
            f"{pages} pages ({self.pages['failed']} failed): {per_source}"
        )

    def fitted(self, line: str) -> str:
        """``line`` cut to one column less than the width, so the cursor never wraps."""
        limit = self.width - 1
        return line if len(line) <= limit else line[: limit - 3] + "..."

    def finish(self) -> None:
        if self.live:
            self.stream.write("\r\x1b[K")
        if self.requests or self.pages:
            text = "crawl finished: " + self.status_line()
            wrapped = textwrap.wrap(text, self.width - 1, subsequent_indent="  ")
            self.stream.write("\n".join(wrapped) + "\n")
        self.stream.flush()
