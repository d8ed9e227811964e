"""corroborate: check an article's claims against other outlets' reporting.

The library API (``corroborate.api``) is importable from here::

    from corroborate import check_article, read_article
    result = check_article(read_article("article.txt"), "checks.db")

Names load on first use, so that importing one stage (``corroborate.pages.cleaning`` in the
crawler's extraction workers) does not import the whole pipeline.
"""

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = [
    "Article",
    "CheckResult",
    "Claim",
    "ClaimVerdict",
    "CorroborateError",
    "Corpus",
    "Evidence",
    "NoClaims",
    "RunReport",
    "ScoringSettings",
    "__version__",
    "article_claims",
    "check_article",
    "read_article",
    "render_text",
    "report_json",
    "rescore_from_warc",
    "resume_run",
    "score_run",
]
_HOMES = {
    "corroborate.api": (
        "CheckResult",
        "NoClaims",
        "article_claims",
        "check_article",
        "rescore_from_warc",
        "resume_run",
        "score_run",
    ),
    "corroborate.claims.article": ("read_article",),
    "corroborate.corpus.search": ("Corpus",),
    "corroborate.errors": ("CorroborateError",),
    "corroborate.models": ("Article", "Claim", "ClaimVerdict", "Evidence"),
    "corroborate.report.render": ("RunReport", "render_text", "report_json"),
    "corroborate.settings": ("ScoringSettings",),
}
_HOME_OF = {name: module for module, names in _HOMES.items() for name in names}

if TYPE_CHECKING:
    from corroborate.api import (
        CheckResult,
        NoClaims,
        article_claims,
        check_article,
        rescore_from_warc,
        resume_run,
        score_run,
    )
    from corroborate.claims.article import read_article
    from corroborate.corpus.search import Corpus
    from corroborate.errors import CorroborateError
    from corroborate.models import Article, Claim, ClaimVerdict, Evidence
    from corroborate.report.render import RunReport, render_text, report_json
    from corroborate.settings import ScoringSettings


def __getattr__(name: str) -> Any:
    if name not in _HOME_OF:
        raise AttributeError(f"module 'corroborate' has no attribute {name!r}")
    value = getattr(importlib.import_module(_HOME_OF[name]), name)
    globals()[name] = value
    return value
