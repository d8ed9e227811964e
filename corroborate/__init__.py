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

_EXPORTS = {
    "check_article": "corroborate.api",
    "score_run": "corroborate.api",
    "resume_run": "corroborate.api",
    "article_claims": "corroborate.api",
    "CheckResult": "corroborate.api",
    "NoClaims": "corroborate.api",
    "read_article": "corroborate.claims.article",
    "ScoringSettings": "corroborate.settings",
    "RunReport": "corroborate.report.render",
    "render_text": "corroborate.report.render",
    "report_json": "corroborate.report.render",
    "CorroborateError": "corroborate.errors",
    "Article": "corroborate.models",
    "Claim": "corroborate.models",
    "ClaimVerdict": "corroborate.models",
    "Evidence": "corroborate.models",
}
__all__ = ["__version__", *_EXPORTS]

if TYPE_CHECKING:
    from corroborate.api import (
        CheckResult,
        NoClaims,
        article_claims,
        check_article,
        resume_run,
        score_run,
    )
    from corroborate.claims.article import read_article
    from corroborate.errors import CorroborateError
    from corroborate.models import Article, Claim, ClaimVerdict, Evidence
    from corroborate.report.render import RunReport, render_text, report_json
    from corroborate.settings import ScoringSettings


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'corroborate' has no attribute {name!r}")
    value = getattr(importlib.import_module(_EXPORTS[name]), name)
    globals()[name] = value
    return value
