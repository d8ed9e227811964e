"""How Google News RSS search is told a run's date window: operators inside the query text.

Google reads ``after:`` and ``before:`` in ``q``; no URL parameter carries dates.
"""

from __future__ import annotations

from datetime import timedelta

from corroborate.sources.window import DateWindow


def google_news_operators(window: DateWindow) -> str:
    """``after:`` is inclusive and ``before:`` exclusive, so the end day moves one on."""
    parts = []
    if window.since:
        parts.append(f"after:{window.since.isoformat()}")
    if window.until:
        parts.append(f"before:{(window.until + timedelta(days=1)).isoformat()}")
    return " ".join(parts)
