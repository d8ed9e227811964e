"""Datasette metadata for a corroborate database, generated in one place from the schema.

Every table and view a person browses is described here once: title, description, what each
column means (with its unit), the label column, the default sort and facets, full-text search.
``database_metadata`` keeps only the tables and columns the database really has, so the same
description serves an older database, and a test checks every column is described.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from corroborate.browse.queries import canned_queries

SCORE = "0-100"


@dataclass(frozen=True)
class TableDoc:
    """What Datasette shows about one table or view."""

    title: str
    description: str
    columns: Mapping[str, str]
    options: Mapping[str, Any] = field(default_factory=dict)


_RUN = "the check (run) this row belongs to"
_CLAIM = "the claim (one per sentence of the article, shared by its runs)"
_OUTLET = "registrable domain of the host the page was fetched from (where redirects landed)"
_STANCE = "supports, contradicts, discusses or unrelated"
_JSON_TERMS = "JSON list of the claim's key terms"

TABLES: dict[str, TableDoc] = {
    "articles": TableDoc(
        "Articles",
        "Each article checked, once per distinct text.",
        {
            "id": "article id",
            "sha256": "SHA-256 of the text: the same text is one article",
            "path": "file the article was read from",
            "title": "the article's title",
            "published": "the article's own publication date (YYYY-MM-DD)",
            "text": "the article's text",
            "fingerprint": "MinHash of the text, to spot copies of it",
            "first_seen": "when the article was first checked (UTC)",
        },
        {"label_column": "title", "sort_desc": "first_seen"},
    ),
    "runs": TableDoc(
        "Runs",
        "Each check of an article: searches, crawl and scoring.",
        {
            "id": "run id",
            "article_id": "the article checked",
            "status": "where the run got to",
            "config_path": "sources config used",
            "since": "start of the search window (YYYY-MM-DD)",
            "until": "end of the search window (YYYY-MM-DD)",
            "started_at": "when the run started (UTC)",
            "finished_at": "when the run finished (UTC)",
        },
        {"sort_desc": "id", "facets": ["status"]},
    ),
    "claims": TableDoc(
        "Claims",
        "Factual statements extracted from an article, in article order.",
        {
            "id": "claim id",
            "article_id": "the article the claim comes from",
            "position": "order in the article",
            "text": "the claim as the article states it",
            "key_terms": "JSON: entities, numbers, dates and quotes a source must carry",
        },
        {"label_column": "text", "sort": "id"},
    ),
    "verdicts": TableDoc(
        "Verdicts",
        "Per run and claim: the verdict, its score and the one-line explanation.",
        {
            "run_id": _RUN,
            "claim_id": _CLAIM,
            "score": f"how well independent outlets back the claim ({SCORE})",
            "verdict": "corroborated, partly corroborated, contradicted, single-source, "
            "not found, not checkable or search failed",
            "independent_outlets": "origins (independent outlets) carrying the claim",
            "pages": "pages with evidence, syndicated copies included",
            "explanation": "the verdict in one line",
            "scored_at": "when it was scored (UTC)",
            "contradicting_outlets": "independent outlets stating the claim otherwise",
        },
        {"facets": ["verdict"], "sort_desc": "scored_at"},
    ),
    "pages": TableDoc(
        "Pages",
        "Every page fetched and cleaned, keyed by canonical URL.",
        {
            "id": "page id",
            "canonical_url": "the page's canonical URL",
            "url": "the URL it was fetched from",
            "outlet": _OUTLET,
            "title": "page title",
            "published": "publication date the page states (YYYY-MM-DD)",
            "sitename": "site name the page states",
            "language": "language of the text (ISO 639-1)",
            "text": "the cleaned text",
            "fingerprint": "MinHash of the text, to fold syndicated copies",
            "fetched_at": "when it was fetched (UTC)",
            "etag": "the server's ETag, asked back on a watch's re-check",
            "last_modified": "the server's Last-Modified, asked back on a watch's re-check",
            "superseded_by": "the newer version of this page a re-check stored, if it changed",
            "claimed_canonical": "a canonical URL the page names on another outlet: a claim of "
            "being its copy (may fold it into that outlet's origin), never its outlet",
        },
        {"label_column": "title", "facets": ["outlet", "language"], "sort_desc": "id"},
    ),
    "sentences": TableDoc(
        "Sentences",
        "The fetched pages split into sentences; full-text searchable.",
        {
            "id": "sentence id",
            "page_id": "the page it comes from",
            "position": "order in the page",
            "text": "the sentence",
        },
        {"label_column": "text", "fts_table": "sentences_fts", "fts_pk": "id"},
    ),
    "evidence": TableDoc(
        "Evidence",
        "Sentences that match a claim, with their score and stance.",
        {
            "claim_id": _CLAIM,
            "sentence_id": "the matching sentence",
            "page_id": "its page",
            "score": f"how closely the sentence states the claim ({SCORE})",
            "coverage": "share of the claim's key terms the sentence carries (0-1)",
            "matched_terms": _JSON_TERMS + " the sentence carries",
            "missing_terms": _JSON_TERMS + " the sentence lacks",
            "stance": _STANCE,
            "stance_confidence": "confidence of the stance (0-1)",
            "differing_terms": _JSON_TERMS + " the sentence states otherwise",
        },
        {"facets": ["stance"], "sort_desc": "score"},
    ),
    "queries": TableDoc(
        "Queries",
        "Search queries sent to each source for each claim.",
        {
            "id": "query id",
            "run_id": _RUN,
            "claim_id": _CLAIM,
            "source": "search source",
            "text": "the query",
            "language": "language it was asked in (ISO 639-1), through the source's switch",
        },
        {"label_column": "text", "facets": ["source", "language"]},
    ),
    "source_requests": TableDoc(
        "Source requests",
        "The coverage ledger: every request to a search source and how it ended.",
        {
            "id": "request id",
            "run_id": _RUN,
            "source": "search source",
            "url": "request URL",
            "query_id": "the query, or none for run-wide requests (feeds, sitemaps)",
            "status": "ok, empty or failed",
            "results": "results returned",
            "error": "why it failed",
            "elapsed": "time the request took",
            "requested_at": "when it was sent (UTC)",
        },
        {"facets": ["source", "status"], "units": {"elapsed": "s"}, "sort_desc": "id"},
    ),
    "fetch_failures": TableDoc(
        "Fetch failures",
        "Pages a source found that could not be fetched or cleaned.",
        {
            "id": "failure id",
            "run_id": _RUN,
            "source": "source that found the page",
            "url": "the page URL",
            "reason": "why it failed",
            "failed_at": "when (UTC)",
        },
        {"facets": ["source", "reason"]},
    ),
    "unfetched_reports": TableDoc(
        "Reported but not fetched",
        "Items a source listed whose page could not be reached (e.g. an undecodable link).",
        {
            "id": "id",
            "run_id": _RUN,
            "source": "source that listed it",
            "query_id": "the query that found it",
            "publisher": "publisher the source named",
            "title": "title the source gave",
            "url": "the link",
            "reason": "why it was not fetched",
        },
        {"facets": ["source", "publisher"]},
    ),
    "origin_clusters": TableDoc(
        "Origins",
        "Per run and claim, pages grouped into independent origins, with the merge rule.",
        {
            "run_id": _RUN,
            "claim_id": _CLAIM,
            "cluster": "origin number",
            "rule": "why its pages are one origin: same outlet, near-duplicate text, "
            "wire credit or single page",
            "stance": "the stance most of its pages take",
            "outlets": "JSON list of its outlets",
            "pages": "pages in the origin",
        },
        {"facets": ["rule", "stance"]},
    ),
    "discrepancies": TableDoc(
        "Discrepancies",
        "Details (figures, days, places) independent outlets state otherwise.",
        {
            "id": "id",
            "run_id": _RUN,
            "claim_id": _CLAIM,
            "kind": "number, date, place or quote",
            "claim_value": "what the claim says",
            "reported_value": "what the outlets say",
            "independent_outlets": "independent outlets saying it",
            "outlets": "JSON list of outlets",
            "evidence_urls": "JSON list of the evidence pages",
        },
        {"facets": ["kind"]},
    ),
    "watches": TableDoc(
        "Watches",
        "Recurring re-checks of an article (`corroborate watch`); removed ones stay for history.",
        {
            "id": "watch id",
            "article_id": "the article re-checked",
            "article_path": "file the article was read from",
            "config_path": "sources config of its checks",
            "every_seconds": "time between checks",
            "until": "last day to check (YYYY-MM-DD)",
            "state": "active, paused or removed",
            "next_due": "when the next check is due (UTC)",
            "created_at": "when the watch was added (UTC)",
        },
        {"facets": ["state"], "units": {"every_seconds": "s"}},
    ),
    "watch_leases": TableDoc(
        "Watch leases",
        "The scheduler running a watch's check now, so no other scheduler runs it too.",
        {
            "watch_id": "the watch",
            "owner": "the scheduler holding it",
            "expires_at": "when another scheduler may take it over (UTC)",
        },
    ),
    "watch_runs": TableDoc(
        "Watch runs",
        "The runs each watch made.",
        {"run_id": _RUN, "watch_id": "the watch", "due_at": "when the check was due (UTC)"},
        {"sort_desc": "run_id"},
    ),
    "page_changes": TableDoc(
        "Page changes",
        "Pages a re-check found changed or gone since they were fetched.",
        {
            "id": "id",
            "run_id": "the re-check that found it",
            "page_id": "the page as stored before",
            "new_page_id": "its new version, when it changed",
            "change": "changed or vanished",
            "url": "the page URL",
            "detail": "what the server answered",
            "detected_at": "when (UTC)",
        },
        {"facets": ["change"], "sort_desc": "id"},
    ),
    "corpus_files": TableDoc(
        "Corpus files",
        "Files of the offline corpora searched with --corpus, each indexed once.",
        {
            "id": "file id",
            "path": "the file",
            "size": "its size when indexed",
            "mtime_ns": "its modification time when indexed (ns since 1970)",
            "documents": "pages read from it",
            "indexed_at": "when it was indexed (UTC)",
        },
        {"units": {"size": "bytes"}, "sort_desc": "indexed_at"},
    ),
    "corpus_documents": TableDoc(
        "Corpus documents",
        "Pages of the offline corpora, cleaned as crawled pages are; full-text searchable.",
        {
            "id": "document id",
            "file_id": "the corpus file it was read from",
            "url": "the URL it was archived under",
            "canonical_url": "its canonical URL on the same outlet",
            "outlet": _OUTLET,
            "title": "the page's title",
            "published": "publication date (YYYY-MM-DD)",
            "sitename": "the site's own name",
            "language": "language of the text (ISO 639-1)",
            "text": "the cleaned text",
        },
        {"label_column": "title", "facets": ["outlet", "language"]},
    ),
}

VIEWS: dict[str, TableDoc] = {
    "claim_history": TableDoc(
        "Claim history",
        "Each claim's verdict and score across the runs of its article (watches included).",
        {
            "run_id": _RUN,
            "claim_id": _CLAIM,
            "position": "order in the article",
            "claim": "the claim",
            "verdict": "the verdict in that run",
            "score": f"the score ({SCORE})",
            "independent_outlets": "independent outlets carrying it in that run",
            "article_id": "the article",
            "watch_id": "the watch that made the run, if any",
            "started_at": "when the run started (UTC)",
            "finished_at": "when the run finished (UTC)",
        },
        {"facets": ["verdict"], "sort": "claim_id"},
    ),
    "browse_runs": TableDoc(
        "Checks",
        "Each run with its article and how many claims were contradicted.",
        {
            "run_id": _RUN,
            "article_id": "the article",
            "article_title": "the article's title",
            "article_path": "file the article was read from",
            "article_published": "the article's own date",
            "status": "where the run got to",
            "since": "start of the search window",
            "until": "end of the search window",
            "started_at": "when the run started (UTC)",
            "finished_at": "when it finished (UTC)",
            "claims": "claims scored",
            "contradicted": "claims contradicted",
            "failed_requests": "search requests that failed (coverage degraded when > 0)",
        },
        {"sort_desc": "run_id", "facets": ["status"]},
    ),
    "browse_claims": TableDoc(
        "Claims and verdicts",
        "The report's claims, one row per run and claim, in article order.",
        {
            "run_id": _RUN,
            "position": "order in the article",
            "claim_id": _CLAIM,
            "claim": "the claim",
            "verdict": "the verdict",
            "score": f"the score ({SCORE})",
            "independent_outlets": "independent outlets carrying it",
            "contradicting_outlets": "independent outlets stating it otherwise",
            "pages": "pages with evidence",
            "explanation": "the verdict in one line",
            "article_id": "the article",
            "article_title": "the article's title",
            "scored_at": "when it was scored (UTC)",
        },
        {"facets": ["verdict", "run_id"]},
    ),
    "browse_evidence": TableDoc(
        "Evidence shown",
        "The evidence each verdict shows, best first; full-text searchable.",
        {
            "run_id": _RUN,
            "claim_id": _CLAIM,
            "rank": "rank among the claim's evidence (1 = best)",
            "sentence_id": "the sentence",
            "sentence": "the evidence sentence",
            "outlet": _OUTLET,
            "published": "the page's publication date",
            "language": "the page's language",
            "score": f"match score ({SCORE})",
            "stance": _STANCE,
            "stance_confidence": "confidence of the stance (0-1)",
            "matched_terms": _JSON_TERMS + " the sentence carries",
            "differing_terms": _JSON_TERMS + " the sentence states otherwise",
            "missing_terms": _JSON_TERMS + " the sentence lacks",
            "url": "the page's canonical URL",
            "title": "the page's title",
            "page_id": "the page",
        },
        {
            "facets": ["stance", "outlet", "language"],
            "fts_table": "sentences_fts",
            "fts_pk": "sentence_id",
        },
    ),
    "browse_origins": TableDoc(
        "Origins and their pages",
        "Each origin's pages; copy_rank 1 is the first published, the rest its copies.",
        {
            "run_id": _RUN,
            "claim_id": _CLAIM,
            "cluster": "origin number",
            "rule": "why its pages are one origin",
            "stance": "the origin's stance",
            "outlets": "JSON list of its outlets",
            "cluster_pages": "pages in the origin",
            "copy_rank": "1 for the first published page, 2.. for its copies",
            "page_id": "the page",
            "outlet": _OUTLET,
            "published": "the page's publication date",
            "title": "the page's title",
            "url": "the page's canonical URL",
        },
        {"facets": ["rule", "stance", "outlet"]},
    ),
    "browse_discrepancies": TableDoc(
        "What sources say instead",
        "Discrepancies with their one-line summary (claim: 7.1; 4 outlets: 7.7).",
        {
            "id": "id",
            "run_id": _RUN,
            "claim_id": _CLAIM,
            "kind": "number, date, place or quote",
            "claim_value": "what the claim says",
            "reported_value": "what the outlets say",
            "independent_outlets": "independent outlets saying it",
            "outlets": "JSON list of outlets",
            "evidence_urls": "JSON list of the evidence pages",
            "summary": "the discrepancy in one line",
        },
        {"facets": ["kind"]},
    ),
    "browse_coverage": TableDoc(
        "Coverage ledger",
        "Per run and source: requests sent and failed, pages fetched and failed.",
        {
            "run_id": _RUN,
            "source": "search source",
            "requests": "requests sent",
            "failed_requests": "requests that failed",
            "errors": "why they failed",
            "pages_fetched": "pages fetched from what it found",
            "pages_failed": "pages that could not be fetched",
            "fetch_errors": "why they could not be fetched",
        },
        {"facets": ["source"]},
    ),
    "browse_timeline": TableDoc(
        "Same-event pages",
        "Pages carrying a run's claims, with their publication dates.",
        {
            "run_id": _RUN,
            "page_id": "the page",
            "outlet": _OUTLET,
            "published": "publication date",
            "title": "page title",
            "url": "canonical URL",
        },
        {"sort": "published", "facets": ["outlet"]},
    ),
    "browse_score_history": TableDoc(
        "Scores over time",
        "Each claim's score in every run of its article.",
        {
            "claim_id": _CLAIM,
            "run_id": _RUN,
            "article_id": "the article",
            "started_at": "when the run started (UTC)",
            "scored_at": "when it was scored (UTC)",
            "score": f"the score ({SCORE})",
            "verdict": "the verdict",
        },
        {"facets": ["verdict"]},
    ),
}

DOCUMENTED: dict[str, TableDoc] = {**TABLES, **VIEWS}


def database_metadata(database: str, schema: Mapping[str, Sequence[str]]) -> dict[str, Any]:
    """Metadata of one database named ``database``; ``schema`` maps its tables and views to
    their columns. Undocumented internal tables are hidden."""
    tables: dict[str, Any] = {
        name: _table_metadata(doc, schema[name])
        for name, doc in DOCUMENTED.items()
        if name in schema
    }
    for name in schema:
        if name not in DOCUMENTED and _internal(name):
            tables[name] = {"hidden": True}
    return {
        "title": "corroborate checks",
        "description": "Claims of checked articles, what independent outlets say about "
        "each, and how every source answered.",
        "tables": tables,
        "queries": canned_queries(database, set(schema)),
    }


def instance_metadata(database: str, schema: Mapping[str, Sequence[str]]) -> dict[str, Any]:
    """What ``corroborate metadata`` prints: a whole metadata document for ``datasette -m``."""
    return {
        "title": "corroborate",
        "databases": {database: database_metadata(database, schema)},
    }


def _table_metadata(doc: TableDoc, columns: Sequence[str]) -> dict[str, Any]:
    options = dict(doc.options)
    if "fts_pk" in options and options["fts_pk"] not in columns:
        options.pop("fts_table")
        options.pop("fts_pk")
    return {
        "title": doc.title,
        "description": doc.description,
        "columns": {name: text for name, text in doc.columns.items() if name in columns},
        **options,
    }


def _internal(name: str) -> bool:
    """Book-keeping tables a reader never needs (migrations, caches, the crawl frontier)."""
    return name.startswith(("_", "sentences_fts", "corpus_fts")) or name in {
        "fts_progress",
        "crawl_leases",
        "frontier",
        "google_news_decodes",
        "page_urls",
        "run_pages",
        "run_claims",
        "origin_pages",
        "verdict_evidence",
        # The first report views, kept for old links: browse_claims / browse_evidence say more.
        "claim_report",
        "evidence_report",
    }
