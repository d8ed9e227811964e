"""How GDELT DOC 2.0 is told a run's date window: start and end datetimes in the URL.

GDELT reads ``YYYYMMDDHHMMSS`` in UTC; a run's window is whole days, so the end day is kept up
to its last second.
"""

from __future__ import annotations

from datetime import datetime, time

from corroborate.sources.window import DateWindow


def gdelt_params(window: DateWindow) -> dict[str, str]:
    """``startdatetime``/``enddatetime`` (UTC, both ends whole days); {} when open."""
    params = {}
    if window.since:
        params["startdatetime"] = _gdelt_stamp(datetime.combine(window.since, time.min))
    if window.until:
        params["enddatetime"] = _gdelt_stamp(datetime.combine(window.until, time(23, 59, 59)))
    return params


def _gdelt_stamp(moment: datetime) -> str:
    return moment.strftime("%Y%m%d%H%M%S")
