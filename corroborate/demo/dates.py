"""The demo story happens in a recent week, whatever today is: the search sources only reach
back so far (GDELT about three months), and a first run must not be "out of reach".

The demo article and web write their dates as placeholders: ``{fire}`` is the day of the
story ("Sunday, March 1"), ``{fire+2}`` two days later; ``{fire:year}`` adds the year,
``{fire+1:weekday}`` is the weekday alone, ``{fire+1:iso}`` is ``YYYY-MM-DD``.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

_PLACEHOLDER = re.compile(r"\{fire(?:\+(\d+))?(?::(year|weekday|iso))?\}")
_FORMATS = {None: "%A, %B {day}", "year": "%A, %B {day}, %Y", "weekday": "%A", "iso": "%Y-%m-%d"}


def story_day(today: date) -> date:
    """The Sunday of the week before last week's Sunday: every demo date is in the past and
    within a week or two of today."""
    last_sunday = today - timedelta(days=(today.weekday() + 1) % 7)
    return last_sunday - timedelta(days=7)


def fill_dates(text: str, day: date) -> str:
    """``text`` with its date placeholders written out for a story on ``day``."""

    def written(match: re.Match[str]) -> str:
        moment = day + timedelta(days=int(match.group(1) or 0))
        return moment.strftime(_FORMATS[match.group(2)]).replace("{day}", str(moment.day))

    return _PLACEHOLDER.sub(written, text)
