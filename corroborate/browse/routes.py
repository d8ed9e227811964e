"""The plugin's own URLs, in one place: the route patterns and the paths links are made of.

A claim's URL names the database and the claim, not a run, so it stays the same as the
article is checked again: it shows the claim in its latest run, with its score over time.
"""

from __future__ import annotations

from urllib.parse import quote

PREFIX = "/-/corroborate"
INDEX_PATTERN = rf"^{PREFIX}/(?P<database>[^/]+)$"
RUN_PATTERN = rf"^{PREFIX}/(?P<database>[^/]+)/run/(?P<run_id>[0-9]+)$"
CLAIM_PATTERN = rf"^{PREFIX}/(?P<database>[^/]+)/claim/(?P<claim_id>[0-9]+)$"


def index_path(database: str) -> str:
    return f"{PREFIX}/{quote(database, safe='')}"


def run_path(database: str, run_id: int) -> str:
    return f"{index_path(database)}/run/{run_id}"


def claim_path(database: str, claim_id: int | str) -> str:
    """``claim_id`` may be ``""`` for the prefix a SQL query appends ids to."""
    return f"{index_path(database)}/claim/{claim_id}"
