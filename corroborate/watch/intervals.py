"""How often a watch runs (``--every 6h``), until when, and when it is next due."""

from __future__ import annotations

import math
import re
from datetime import date, datetime, timedelta

from corroborate.errors import InputError

UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_PART = re.compile(r"(\d+)([smhdw])")


def parse_every(text: str) -> int:
    """Seconds in ``30m``, ``6h``, ``1d``, ``1h30m``; InputError for anything else or zero."""
    compact = text.strip().lower().replace(" ", "")
    parts = _PART.findall(compact)
    if not parts or "".join(n + u for n, u in parts) != compact:
        raise InputError(f"--every must look like 90s, 30m, 6h, 1d or 1h30m, got {text!r}")
    seconds = sum(int(number) * UNIT_SECONDS[unit] for number, unit in parts)
    if seconds <= 0:
        raise InputError(f"--every must be longer than zero, got {text!r}")
    return seconds


def parse_until(text: str | None) -> str | None:
    """The last day a watch runs, as YYYY-MM-DD."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise InputError(f"--until must be a date, YYYY-MM-DD, got {text!r}") from None


def next_due(due: datetime, every_seconds: int, now: datetime) -> datetime:
    """The first slot of the watch's cadence after ``now``: checks missed while no scheduler
    ran collapse into the one just run, instead of running once per missed slot."""
    missed = max(0, (now - due).total_seconds())
    steps = max(1, math.floor(missed / every_seconds) + 1)
    return due + timedelta(seconds=steps * every_seconds)


def describe_every(seconds: int) -> str:
    """``21600`` -> ``6h``: the spelling ``--every`` takes."""
    for unit in ("w", "d", "h", "m"):
        if seconds % UNIT_SECONDS[unit] == 0:
            return f"{seconds // UNIT_SECONDS[unit]}{unit}"
    return f"{seconds}s"
