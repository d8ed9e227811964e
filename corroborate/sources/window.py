"""The date window a run searches (each source's syntax for it is named in registry.py).

Every source says "when" its own way: GDELT takes start/end datetimes, Google News takes
``after:``/``before:`` inside the query, Bing News RSS takes nothing precise (its results are
filtered by ``pubDate`` instead), feeds and sitemaps carry dates per entry.

There is no default window: the article's own date is one of the details under check, so it
never narrows the search. An article dated wrongly, or simply old, would otherwise be searched
in weeks when nobody reported its event, and come out "not found" with no check at all. Each
source then searches its widest reach; only the user's ``--since``/``--until`` narrow it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, timedelta
from email.utils import parsedate_to_datetime

from corroborate.errors import CorroborateError
from corroborate.text.dates import leading_iso_date


class BadWindow(CorroborateError):
    """A --since/--until the user gave cannot be read or is backwards."""


@dataclass(frozen=True)
class DateWindow:
    """Both ends included; ``None`` leaves that side open."""

    since: date | None = None
    until: date | None = None

    @property
    def is_open(self) -> bool:
        return self.since is None and self.until is None

    def contains(self, when: date | None) -> bool:
        """Undated entries are kept: a missing date is not evidence of being out of range."""
        if when is None:
            return True
        return (self.since is None or when >= self.since) and (
            self.until is None or when <= self.until
        )

    def ends_before(self, day: date) -> bool:
        return self.until is not None and self.until < day

    def slices(self, days: int) -> list[DateWindow]:
        """Consecutive sub-windows of ``days`` days, for sources that cap results per query."""
        if self.since is None or self.until is None:
            return [self]
        pieces, start = [], self.since
        while start <= self.until:
            stop = min(start + timedelta(days=days - 1), self.until)
            pieces.append(DateWindow(start, stop))
            start = stop + timedelta(days=1)
        return pieces


def resolve_window(since: str | None, until: str | None) -> DateWindow:
    """The user's dates; open where they gave none (never the article's own date)."""
    start, end = parse_day(since, "--since"), parse_day(until, "--until")
    if start and end and start > end:
        raise BadWindow(f"--since {start} is after --until {end}")
    return DateWindow(start, end)


def parse_day(text: str | None, label: str = "date") -> date | None:
    if not text:
        return None
    try:
        day = leading_iso_date(text)
    except ValueError:
        day = None
    if day is None:
        raise BadWindow(f"{label} must be a date like 2025-10-31, got {text!r}")
    return day


def stored(window: DateWindow) -> tuple[str | None, str | None]:
    """The window as the ISO strings ``runs.since`` / ``runs.until`` hold."""
    return (
        window.since.isoformat() if window.since else None,
        window.until.isoformat() if window.until else None,
    )


def from_stored(since: str | None, until: str | None) -> DateWindow:
    return DateWindow(parse_day(since), parse_day(until))


def entry_date(text: str | None) -> date | None:
    """The day of a feed/sitemap/RSS date (ISO 8601 or RFC 822); None when unreadable."""
    if not text:
        return None
    try:
        day = leading_iso_date(text)
    except ValueError:
        return None  # ISO, but no such day
    if day is not None:
        return day
    try:
        parsed = parsedate_to_datetime(text.strip())
    except (TypeError, ValueError, IndexError):
        return None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC)
    return parsed.date()
