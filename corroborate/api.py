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

import dataclasses
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from corroborate.archive import read_archived_run, replay_config_text, warc_files
from corroborate.claims.extract import extract_claims
from corroborate.corpus.search import Corpus, corpus_queries
from corroborate.crawl import (
    EXIT_BUSY,
    OFFLINE_EXIT,
    CrawlOptions,
    ProgressCallback,
    ingest_command,
    run_child,
    run_crawl,
)
from corroborate.errors import CorroborateError, Interrupted
from corroborate.evidence.foreign import match_foreign, merge_evidence
from corroborate.evidence.judge import judge_evidence
from corroborate.evidence.matching import match_claims
from corroborate.evidence.prefilter import run_candidates
from corroborate.models import Article, Claim, ClaimVerdict, Evidence, Query
from corroborate.pages.fingerprints import text_fingerprint
from corroborate.report.render import RunReport
from corroborate.settings import DEFAULT_SETTINGS, ScoringSettings
from corroborate.sources.config import Config, load_config
from corroborate.sources.language_queries import (
    build_language_queries,
    found_spellings,
    widening_languages,
)
from corroborate.sources.queries import build_queries
from corroborate.sources.window import resolve_window, stored
from corroborate.store import Store
from corroborate.store.leases import CrawlBusy
from corroborate.store.runs import CRAWL_DONE, CRAWL_FAILED, CRAWL_INTERRUPTED, CRAWL_OFFLINE
from corroborate.text.dates import parse_iso_date
from corroborate.text.sentences import split_sentences
from corroborate.verdicts.coverage import apply_coverage, claim_coverage
from corroborate.verdicts.origins import article_copies, wire_credit
from corroborate.verdicts.scoring import score_claims


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

    @property
    def offline(self) -> bool:
        """Not one configured host resolved: nothing was sent (``crawler/preflight.py``)."""
        return self.crawl_status == OFFLINE_EXIT

    @property
    def no_source_answered(self) -> bool:
        """Every request to every source failed (or none was made): no verdict means much."""
        return all(stats.requests == stats.failures for stats in self.report.sources)


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
    warc_dir: str | Path | None = None,
    corpus: Corpus | None = None,
    web: bool = True,
    workers: str | None = None,
) -> CheckResult:
    """Check ``article`` (from ``claims.article.read_article``): store a run, crawl every
    enabled source of the config for its claims within the date window (``since``/``until``,
    YYYY-MM-DD; default: none, each source's widest reach), and score what was found. With
    ``warc_dir`` (or the config's ``[crawl] warc_dir``) every response is archived as WARC;
    with ``corpus`` a local corpus is searched too, or alone when ``web`` is False;
    ``workers``: a Redis URL, whose fetch workers fetch the articles."""
    options = CrawlOptions(warc_dir=warc_dir, web=web, workers=workers)
    return _check(
        article, db_path, config_path, since, until, settings, on_progress, options, corpus
    )


def rescore_from_warc(
    files: Sequence[str | Path],
    db_path: str | Path,
    settings: ScoringSettings = DEFAULT_SETTINGS,
    on_progress: ProgressCallback | None = None,
) -> CheckResult:
    """Re-extract and re-score a check archived with ``warc_dir``, with no network: a new run
    of the archived article, window and config, whose every request the crawler answers from
    the WARC files (or folders of them), so the verdicts are those of the archived check."""
    paths = warc_files(files)
    archived = read_archived_run(paths)
    with tempfile.TemporaryDirectory(prefix="corroborate-replay-") as folder:
        config = Path(folder) / "replay.toml"
        config.write_text(replay_config_text(archived.config), encoding="utf-8")
        options = CrawlOptions(replay=tuple(paths))
        return _check(
            archived.article,
            db_path,
            config,
            archived.since,
            archived.until,
            settings,
            on_progress,
            options,
        )


def _check(
    article: Article,
    db_path: str | Path,
    config_path: str | Path | None,
    since: str | None,
    until: str | None,
    settings: ScoringSettings,
    on_progress: ProgressCallback | None,
    options: CrawlOptions,
    corpus: Corpus | None = None,
) -> CheckResult:
    config = load_config(config_path)
    plan = plan_run(article, config, since, until, web=options.web)
    if corpus is not None:
        corpus.check()  # bad input before the database is touched
        plan = dataclasses.replace(plan, queries=plan.queries + corpus_queries(plan.claims))
    store = Store.open(db_path)
    try:
        run_id = plan.start(store)
        if corpus is not None:
            corpus.search(store, run_id, plan.claims, on_progress or _ignore)
        return _crawl_and_score(
            store, db_path, run_id, config, settings, on_progress, options, plan
        )
    finally:
        store.close()


@dataclass(frozen=True)
class RunPlan:
    """A run about to be recorded: the article, its claims, every enabled source's queries."""

    article: Article
    claims: list[Claim]
    queries: list[Query]
    config_path: str
    since: str | None
    until: str | None

    def start(self, store: Store) -> int:
        return store.runs.start_run(
            self.article,
            self.claims,
            self.queries,
            config_path=self.config_path,
            article_fingerprint=text_fingerprint(self.article.text),
            since=self.since,
            until=self.until,
        )


def plan_run(
    article: Article, config: Config, since: str | None, until: str | None, web: bool = True
) -> RunPlan:
    """Claims, queries and date window of a new run (no web queries when ``web`` is False);
    InputError/NoClaims for bad input."""
    window_since, window_until = stored(resolve_window(since, until))
    claims = article_claims(article)
    reference = parse_iso_date(article.published)
    queries = [
        query
        for source in (config.enabled_sources() if web else [])
        for query in build_queries(claims, source.name)
        + build_language_queries(
            claims,
            source.name,
            config.languages.search,
            config.languages.queries_per_language,
            reference,
        )
    ]
    return RunPlan(article, claims, queries, str(config.path), window_since, window_until)


def add_watch(
    article: Article,
    db_path: str | Path,
    every_seconds: int,
    config_path: str | Path | None = None,
    until: str | None = None,
    first_due: datetime | None = None,
) -> int:
    """Schedule re-checks of ``article`` every ``every_seconds`` (until the day ``until``);
    the first is due at ``first_due`` (default: now). Returns the watch id."""
    article_claims(article)  # an article with nothing to check is refused now, not at 3 a.m.
    config = load_config(config_path)
    store = Store.open(db_path)
    try:
        article_id = store.runs.store_article(article, text_fingerprint(article.text))
        return store.watches.add(
            article_id,
            article.path,
            str(config.path),
            every_seconds,
            until,
            first_due or datetime.now(UTC).replace(microsecond=0),
        )
    finally:
        store.close()


def check_watch(
    db_path: str | Path,
    watch_id: int,
    due_at: str,
    settings: ScoringSettings = DEFAULT_SETTINGS,
    scrapyd_url: str | None = None,
) -> CheckResult:
    """One re-check of a watch: a new run of its article, recorded as the watch's run (so the
    crawler asks stored pages' servers whether they changed), crawled here or, with
    ``scrapyd_url``, as Scrapyd jobs, then scored. Every response is archived as WARC (the
    config's ``[crawl] warc_dir``, else ``warc/watch-ID/`` beside the database; not yet for
    Scrapyd jobs): a watch follows pages that change, and only the archive keeps what they
    said."""
    store = Store.open(db_path)
    try:
        watch = store.watches.get(watch_id)
        config = load_config(watch.config_path)
        plan = plan_run(store.runs.stored_article(watch.article_id), config, None, None)
        with store.transaction():
            run_id = plan.start(store)
            store.watches.record_run(watch_id, run_id, due_at)
        archive = None if scrapyd_url else _watch_archive(config, db_path, watch_id)
        return _crawl_and_score(
            store,
            db_path,
            run_id,
            config,
            settings,
            None,
            CrawlOptions(scrapyd_url=scrapyd_url, warc_dir=archive),
            plan,
        )
    finally:
        store.close()


def _watch_archive(config: Config, db_path: str | Path, watch_id: int) -> Path | None:
    """Where a watch's re-checks are archived when the config names no folder (the crawler
    reads the config's own ``warc_dir``)."""
    if config.crawl.warc_dir:
        return None
    return Path(db_path).resolve().parent / "warc" / f"watch-{watch_id}"


def _widen(
    store: Store,
    db_path: str | Path,
    run_id: int,
    config: Config,
    claims: Sequence[Claim],
    reference: date | None,
    on_progress: ProgressCallback | None,
    options: CrawlOptions,
) -> int:
    """A second round in the languages of the outlets the first one found but did not search
    (a story is widened by its own coverage), and in those whose found pages spell the story's
    names otherwise than the queries did; the crawl status, 0 when nothing was to do."""
    searched = store.runs.query_languages(run_id)
    page_languages = store.runs.page_languages(run_id)
    texts: dict[str, list[str]] = {}
    for page in store.scoring.page_texts(list(page_languages)).values():
        language = page_languages[page.page_id]
        if language and language != "en":
            texts.setdefault(language, []).append(page.text)
    spellings = found_spellings(claims, texts)
    languages = widening_languages(store.runs.language_counts(run_id), searched)
    languages += [code for code in spellings if code not in languages]
    asked = {
        (query.language, query.text)
        for source in config.enabled_sources()
        for query in store.runs.queries_for_run(run_id, source.name)
    }
    queries = [
        query
        for source in config.enabled_sources()
        for query in build_language_queries(
            claims,
            source.name,
            languages,
            config.languages.queries_per_language,
            reference,
            spellings,
        )
        if (query.language, query.text) not in asked
    ]
    if not queries:
        return 0
    store.runs.add_queries(run_id, queries)
    resumed = dataclasses.replace(options, resume=True)
    return run_crawl(db_path, run_id, config.path, on_progress or _ignore, resumed)


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
            store, db_path, run_id, config, settings, on_progress, CrawlOptions(resume=True)
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
    foreign = match_foreign(
        claims, candidates, store.runs.page_languages(run_id), settings.min_evidence_score
    )
    evidence = merge_evidence(evidence, foreign)
    verdicts = _verdicts(store, run_id, claims, evidence, settings)
    coverage = claim_coverage(
        [claim.position for claim in claims],
        store.coverage.claim_search_ledger(run_id),
        store.coverage.unfetched_reports(run_id),
        pending := store.coverage.pending_searches(run_id),
    )
    verdicts = apply_coverage(verdicts, coverage)
    store.scoring.save_verdicts(run_id, verdicts)
    return RunReport(
        run=store.runs.run_info(run_id),
        claims=tuple(claims),
        verdicts=tuple(verdicts),
        sources=tuple(store.coverage.source_stats(run_id)),
        coverage=coverage,
        pages=store.coverage.page_totals(run_id),
        pending_searches=len(pending),
        pending_pages=store.coverage.pending_pages(run_id),
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
        claims,
        judged,
        fingerprints,
        wires=wires,
        pages=pages,
        copies=copies,
        settings=settings,
        claim_date=published,
        claimed=store.scoring.claimed_canonicals(run_id),
    )


def _crawl_and_score(
    store: Store,
    db_path: str | Path,
    run_id: int,
    config: Config,
    settings: ScoringSettings,
    on_progress: ProgressCallback | None,
    options: CrawlOptions,
    plan: RunPlan | None = None,
) -> CheckResult:
    """Crawl for the run in a child process (a new run's ``plan`` then widens it to the
    languages its coverage is in), then score what it stored; the run is marked done, failed,
    offline or interrupted by how the crawl ended (before scoring, so the report knows)."""
    store.leases.refuse_if_busy(run_id)  # before anything: the other crawl owns the run
    try:
        status = (
            run_crawl(db_path, run_id, config.path, on_progress or _ignore, options)
            if options.web
            else 0
        )
        if plan is not None and status == 0 and options.web and config.languages.widen:
            reference = parse_iso_date(plan.article.published)
            status = _widen(
                store, db_path, run_id, config, plan.claims, reference, on_progress, options
            )
    except KeyboardInterrupt:
        store.runs.finish_run(run_id, CRAWL_INTERRUPTED)
        raise Interrupted(
            f"interrupted: run {run_id} is incomplete; finish it with: "
            f"corroborate resume --run {run_id}"
        ) from None
    if status == EXIT_BUSY:  # it started between the check above and the child's claim
        raise CrawlBusy(f"run {run_id} is being crawled by another process; resume it later")
    store.runs.finish_run(run_id, _crawl_outcome(status))
    return CheckResult(score_stored_run(store, run_id, settings), status)


def _crawl_outcome(status: int) -> str:
    if status == 0:
        return CRAWL_DONE
    return CRAWL_OFFLINE if status == OFFLINE_EXIT else CRAWL_FAILED


def _ignore(event: dict[str, object]) -> None:
    """Progress events nobody asked to see."""
