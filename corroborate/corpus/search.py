"""Search the indexed corpus for each claim of a run and add what carries its key terms to the
run as pages of the source ``corpus``, each search recorded in the ledger like any other."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from corroborate.corpus.index import index_corpus
from corroborate.corpus.read import corpus_files
from corroborate.crawl import ProgressCallback
from corroborate.errors import InputError
from corroborate.evidence.prefilter import claim_term_expressions, terms_needed
from corroborate.models import Claim, Query
from corroborate.pages.fingerprints import text_fingerprint
from corroborate.store import Store
from corroborate.text.dates import parse_iso_date
from corroborate.text.sentences import split_sentences

SOURCE = "corpus"
MAX_DOCUMENTS = 50  # per claim, like a search API's max_results
CORPUS_URL = "corpus:"  # the ledger's URL of a corpus search (its files are in corpus_files)


@dataclass(frozen=True)
class Corpus:
    """Local corpora to search (folders or files) and the last day of evidence to keep."""

    roots: tuple[Path, ...]
    until: str | None = None  # YYYY-MM-DD: documents published later are left out

    def check(self) -> None:
        """``InputError`` for a missing corpus or a bad date, before anything is written."""
        for root in self.roots:
            corpus_files(root)
        if self.until is not None and parse_iso_date(self.until) is None:
            raise InputError(f"--corpus-until {self.until!r}: give a date as YYYY-MM-DD")

    def search(
        self, store: Store, run_id: int, claims: Sequence[Claim], on_progress: ProgressCallback
    ) -> None:
        """Index what changed, then add each claim's best documents to the run."""
        files, stats = index_corpus(store, self.roots)
        on_progress({"event": "notice", "message": stats.describe()})
        search_corpus(store, run_id, claims, files, self.until, on_progress)


def corpus_queries(claims: Sequence[Claim]) -> list[Query]:
    """One query per claim: its key terms as FTS5 expressions, stored with the run."""
    return [
        Query(claim.position, SOURCE, " AND ".join(f"({e})" for e in claim_term_expressions(claim)))
        for claim in claims
    ]


def search_corpus(
    store: Store,
    run_id: int,
    claims: Sequence[Claim],
    files: Sequence[str],
    until: str | None,
    on_progress: ProgressCallback,
) -> None:
    """Per claim, the documents with enough of its key terms (as many as a sentence needs to
    be evidence) become pages of the run; none published after ``until``."""
    queries = {query.claim_position: query for query in store.runs.queries_for_run(run_id, SOURCE)}
    added: set[str] = set()  # a page several claims find counts once, as the Sources block does
    for claim in claims:
        expressions = claim_term_expressions(claim)
        pages = store.corpus.best_documents(
            expressions, terms_needed(len(expressions)), files, until, MAX_DOCUMENTS
        )
        status = "ok" if pages else "empty"
        query_id = queries[claim.position].query_id if claim.position in queries else None
        store.crawl.record_source_request(
            run_id, SOURCE, CORPUS_URL, status, results=len(pages), query_id=query_id
        )
        on_progress({"event": "request", "source": SOURCE, "status": status})
        for page in pages:  # a page already stored (same canonical URL) is linked, not copied
            store.crawl.save_page(
                run_id,
                page,
                source=SOURCE,
                sentences=split_sentences(page.text),
                fingerprint=text_fingerprint(page.text),
                discovered_url=page.url,
            )
            if page.canonical_url not in added:
                added.add(page.canonical_url)
                on_progress({"event": "page", "source": SOURCE, "status": "fetched"})
