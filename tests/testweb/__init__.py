"""The local test web: fictional outlets and search-service stand-ins on 127.0.0.1.

Wrap ``TestWeb`` in a session fixture; ``EXPECTED`` says what the fixture article should find.
"""

from .corpus import (
    CORPUS_NOW,
    EXPECTED,
    EXPECTED_BY_ID,
    FIXTURE_ARTICLE,
    FIXTURE_HTML,
    FIXTURE_NON_CLAIMS,
    OUTLETS,
    PUBLIC_STORIES,
    STORIES,
    ExpectedClaim,
    Outlet,
    Story,
    canonical_url,
)
from .web import OutletServer, TestWeb

__all__ = [
    "CORPUS_NOW",
    "EXPECTED",
    "EXPECTED_BY_ID",
    "FIXTURE_ARTICLE",
    "FIXTURE_HTML",
    "FIXTURE_NON_CLAIMS",
    "OUTLETS",
    "PUBLIC_STORIES",
    "STORIES",
    "ExpectedClaim",
    "Outlet",
    "OutletServer",
    "Story",
    "TestWeb",
    "canonical_url",
]
