"""Progress for the CLI: one JSON object per line on stdout, flushed at once.

The CLI runs the crawler in a subprocess and renders these lines live, so nothing else may be
written to stdout (Scrapy logs to stderr).
"""

from __future__ import annotations

import json
import sys
from typing import Any, TextIO


class Progress:
    """Writes ``request``, ``page`` and ``done`` events."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self._stream = stream if stream is not None else sys.stdout

    def request(
        self, source: str, status: str, url: str, error: str | None = None, results: int = 0
    ) -> None:
        """One discovery request (query, feed or sitemap): ok, empty or failed."""
        self._emit(
            {
                "event": "request",
                "source": source,
                "status": status,
                "url": url,
                "results": results,
                "error": error,
            }
        )

    def page(self, source: str, status: str, url: str, error: str | None = None) -> None:
        """One article: fetched, failed or known (already in the database)."""
        self._emit(
            {"event": "page", "source": source, "status": status, "url": url, "error": error}
        )

    def notice(self, message: str) -> None:
        """Something the user must read at once, on a line of its own (e.g. offline)."""
        self._emit({"event": "notice", "message": message})

    def done(self) -> None:
        self._emit({"event": "done"})

    def _emit(self, event: dict[str, Any]) -> None:
        self._stream.write(json.dumps(event, ensure_ascii=False) + "\n")
        self._stream.flush()
