"""The library API: check an article, re-score a stored run, finish an interrupted check.

The way from article to verdict, one stage per room:

1. ``claims``: read the article (any encoding, text or HTML) and pick its checkable claims;
2. ``sources``: turn the claims into each source's queries, within the run's date window;
3. ``store``: record the run; the crawler (``crawler/``, a child process) adds pages to it;
4. ``evidence``: narrow the run's sentences, match each claim against them, judge each match's
   stance and the details it states otherwise;
5. ``verdicts``: group pages into independent origins, decide each claim's verdict, and turn
   "not found" into "search failed" where no search answered;
6. ``report``: what the user reads (text, JSON).

The CLI is a thin shell over these functions; everything here works without it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from corroborate.claims.extract import extract_claims
from corroborate.crawl import ProgressCallback, ingest_command, run_child, run_crawl
from corroborate.errors import CorroborateError
from corroborate.evidence.judge import judge_evidence
from corroborate.evidence.matching import match_claims
from corroborate.evidence.prefilter import run_candidates
from corroborate.models import Article, Claim, ClaimVerdict, Evidence
from corroborate.pages.fingerprints import text_fingerprint
from corroborate.report.render import RunReport
from corroborate.settings import DEFAULT_SETTINGS, ScoringSettings
from corroborate.sources.config import load_config
from corroborate.sources.queries import build_queries
from corroborate.sources.window import resolve_window, stored
from corroborate.store import Store
from corroborate.text.dates import parse_iso_date
from corroborate.text.sentences import split_sentences
from corroborate.verdicts.coverage import apply_coverage, claim_coverage
from corroborate.verdicts.origins import article_copies, wire_credit
from corroborate.verdicts.scoring import score_claims

CRAWL_DONE, CRAWL_FAILED = "done", "crawl failed"


class NoClaims(CorroborateError):
    """The article holds no sentence another outlet could confirm or contradict."""


@dataclass(frozen=True)
class CheckResult:
    """A scored run and how its crawl ended: a failed crawl still has a (partial) report."""

    report: RunReport
    crawl_status: int  # the crawler's exit status: 0 when the crawl completed

    @property
    def crawl_failed(self) -> bool:
        return self.crawl_status != 0


def article_claims(article: Article) -> list[Claim]:
    """The claims a check would search for; ``NoClaims`` when there are none."""
    found = extract_claims(article)
    if not found:
        raise NoClaims(f"no checkable factual claims found in {article.path}")
    return found


def check_article(
    article: Article,
    db_path: str | Path,
    config_path: str | Path | None = None,
    since: str | None = None,
    until: str | None = None,
    settings: ScoringSettings = DEFAULT_SETTINGS,
    on_progress: ProgressCallback | None = None,
    workers: str | None = None,
) -> CheckResult:
    """Check ``article`` (from ``claims.article.read_article``): store a run, crawl every
    enabled source of the config for its claims within the date window (``since``/``until``,
    YYYY-MM-DD; default: around the article's own date), and score what was found.
    ``workers``: a Redis URL; the articles are fetched by the workers serving it."""
    config = load_config(config_path)
    window_since, window_until = stored(resolve_window(since, until, article.published))
    claims = article_claims(article)
    queries = [
        query for source in config.enabled_sources() for query in build_queries(claims, source.name)
    ]
    store = Store.open(db_path)
    try:
        run_id = store.runs.start_run(
            article,
            claims,
            queries,
            config_path=str(config.path),
            article_fingerprint=text_fingerprint(article.text),
            since=window_since,
            until=window_until,
        )
        return _crawl_and_score(
            store, db_path, run_id, config.path, settings, on_progress, workers=workers
        )
    finally:
        store.close()


def resume_run(
    db_path: str | Path,
    run_id: int | None = None,
    settings: ScoringSettings = DEFAULT_SETTINGS,
    on_progress: ProgressCallback | None = None,
) -> CheckResult:
    """Finish an interrupted check (default: the latest run): fetch only what its crawl left
    pending, with the config it started with, then score it."""
    store = Store.open(db_path, create=False)
    try:
        run_id = run_id if run_id is not None else store.runs.latest_run_id()
        config = load_config(store.runs.run_config_path(run_id))
        return _crawl_and_score(
            store, db_path, run_id, config.path, settings, on_progress, resume=True
        )
    finally:
        store.close()


class IngestFailed(CorroborateError):
    """The ingester could not reach Redis or the run, or some articles were lost."""


def ingest_run(
    db_path: str | Path,
    workers: str,
    run_id: int | None = None,
    wait: bool = False,
    on_progress: ProgressCallback | None = None,
) -> int:
    """Store the results the fetch workers pushed for a run (default: the latest) and return
    how many pages and failures were stored; ``wait``: until every article of the run is
    settled. Raises ``IngestFailed`` with the ingester's one-line reason."""
    store = Store.open(db_path, create=False)
    try:
        run_id = run_id if run_id is not None else store.runs.latest_run_id()
    finally:
        store.close()
    stored = 0

    def count(event: dict[str, object]) -> None:
        nonlocal stored
        stored += event.get("event") == "page"
        (on_progress or _ignore)(event)

    status, message = run_child(ingest_command(db_path, run_id, workers, wait), count)
    if status:
        raise IngestFailed(f"ingest of run {run_id} failed: {message}")
    return stored


def score_run(
    db_path: str | Path, run_id: int | None = None, settings: ScoringSettings = DEFAULT_SETTINGS
) -> RunReport:
    """Re-score a stored run (default: the latest) from the database alone, with no network;
    its verdicts are replaced by the new ones."""
    store = Store.open(db_path, create=False)
    try:
        run_id = run_id if run_id is not None else store.runs.latest_run_id()
        return score_stored_run(store, run_id, settings)
    finally:
        store.close()


def score_stored_run(
    store: Store, run_id: int, settings: ScoringSettings = DEFAULT_SETTINGS
) -> RunReport:
    """Score run ``run_id`` of an open store, save its verdicts and evidence, and return the
    report's content.

    The crawl stores sentences unindexed; they join the full-text index here, so that after a
    check Datasette's search and the scoring prefilter see every stored sentence."""
    store.search_index.index_new_sentences()
    claims = store.runs.claims_for_run(run_id)
    candidates = run_candidates(
        store,
        run_id,
        claims,
        threshold=settings.prefilter_threshold,
        limit_per_claim=settings.prefilter_limit,
        min_score=settings.min_evidence_score,
    )
    evidence = match_claims(
        claims,
        candidates,
        min_score=settings.min_evidence_score,
        max_candidates=settings.max_candidates,
    )
    verdicts = _verdicts(store, run_id, claims, evidence, settings)
    coverage = claim_coverage(
        [claim.position for claim in claims],
        store.coverage.claim_search_ledger(run_id),
        store.coverage.unfetched_reports(run_id),
    )
    verdicts = apply_coverage(verdicts, coverage)
    store.scoring.save_verdicts(run_id, verdicts)
    return RunReport(
        run=store.runs.run_info(run_id),
        claims=tuple(claims),
        verdicts=tuple(verdicts),
        sources=tuple(store.coverage.source_stats(run_id)),
        coverage=coverage,
    )


def _verdicts(
    store: Store,
    run_id: int,
    claims: Sequence[Claim],
    evidence: Sequence[Evidence],
    settings: ScoringSettings,
) -> list[ClaimVerdict]:
    """Verdicts from matched evidence, with what they need beyond the sentences: the texts of
    the pages with evidence (stance model, wire credits, quotes), their dates ("Tuesday",
    "yesterday") and the article itself (its copies never count)."""
    pages = store.scoring.page_texts([item.page_id for item in evidence])
    fingerprints = store.scoring.page_fingerprints(run_id)
    copies = article_copies(
        fingerprints,
        store.runs.run_info(run_id).article_fingerprint,
        {page_id: page.text for page_id, page in pages.items()},
        split_sentences(store.runs.article_text(run_id)),
    )
    usable = [item for item in evidence if item.page_id not in copies]
    published = parse_iso_date(store.runs.article_published(run_id))
    judged = judge_evidence(claims, usable, pages, published, settings=settings)
    wires = {
        page_id: agency for page_id, page in pages.items() if (agency := wire_credit(page.text))
    }
    return score_claims(
        claims, judged, fingerprints, wires=wires, pages=pages, copies=copies, settings=settings
    )


def _crawl_and_score(
    store: Store,
    db_path: str | Path,
    run_id: int,
    config_path: Path,
    settings: ScoringSettings,
    on_progress: ProgressCallback | None,
    resume: bool = False,
    workers: str | None = None,
) -> CheckResult:
    """Crawl for the run in a child process, then score what it stored; the run is marked done
    or failed by how the crawl ended."""
    status = run_crawl(
        db_path, run_id, config_path, on_progress or _ignore, resume=resume, workers=workers
    )
    report = score_stored_run(store, run_id, settings)
    store.runs.finish_run(run_id, CRAWL_DONE if status == 0 else CRAWL_FAILED)
    return CheckResult(report, status)


def _ignore(event: dict[str, object]) -> None:
    """Progress events nobody asked to see."""
