"""Numbered, append-only schema migrations. Never edit one that has been released: add another.

Each migration is a function taking a ``sqlite_utils.Database``, registered in order on
sqlite-utils' ``Migrations`` set ``migrations``, which records in ``_sqlite_migrations`` which
ones a database has had. ``migrate`` first adopts the record of the runner it replaced.
"""

from __future__ import annotations

import sqlite_utils
from sqlite_utils.migrations import Migrations

from corroborate.errors import StorageError
from corroborate.store.connection import transaction

migrations = Migrations("corroborate")

# The record our own runner kept before sqlite-utils had migrations: (name, applied_at).
LEGACY_TABLE = "_migrations"


@migrations()
def m001_initial(db: sqlite_utils.Database) -> None:
    _execute_each(
        db,
        """
        CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            sha256 TEXT NOT NULL UNIQUE,
            path TEXT NOT NULL,
            title TEXT,
            published TEXT,
            text TEXT NOT NULL,
            fingerprint BLOB,
            first_seen TEXT NOT NULL
        );
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id),
            status TEXT NOT NULL,
            config_path TEXT,
            since TEXT,
            until TEXT,
            started_at TEXT NOT NULL,
            finished_at TEXT
        );
        CREATE TABLE claims (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id),
            position INTEGER NOT NULL,
            text TEXT NOT NULL,
            key_terms TEXT NOT NULL,
            UNIQUE (article_id, text)
        );
        CREATE TABLE run_claims (
            run_id INTEGER NOT NULL REFERENCES runs(id),
            claim_id INTEGER NOT NULL REFERENCES claims(id),
            position INTEGER NOT NULL,
            PRIMARY KEY (run_id, claim_id)
        );
        CREATE TABLE queries (
            id INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL REFERENCES runs(id),
            claim_id INTEGER NOT NULL REFERENCES claims(id),
            source TEXT NOT NULL,
            text TEXT NOT NULL
        );
        CREATE TABLE source_requests (
            id INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL REFERENCES runs(id),
            source TEXT NOT NULL,
            url TEXT NOT NULL,
            query_id INTEGER REFERENCES queries(id),
            status TEXT NOT NULL CHECK (status IN ('ok', 'empty', 'failed')),
            results INTEGER NOT NULL DEFAULT 0,
            error TEXT,
            elapsed REAL,
            requested_at TEXT NOT NULL
        );
        CREATE TABLE fetch_failures (
            id INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL REFERENCES runs(id),
            source TEXT NOT NULL,
            url TEXT NOT NULL,
            reason TEXT NOT NULL,
            failed_at TEXT NOT NULL
        );
        CREATE TABLE pages (
            id INTEGER PRIMARY KEY,
            canonical_url TEXT NOT NULL UNIQUE,
            url TEXT NOT NULL,
            outlet TEXT NOT NULL,
            title TEXT,
            published TEXT,
            sitename TEXT,
            language TEXT,
            text TEXT NOT NULL,
            fingerprint BLOB NOT NULL,
            fetched_at TEXT NOT NULL
        );
        CREATE TABLE page_urls (
            url TEXT PRIMARY KEY,
            page_id INTEGER NOT NULL REFERENCES pages(id)
        );
        CREATE TABLE run_pages (
            run_id INTEGER NOT NULL REFERENCES runs(id),
            page_id INTEGER NOT NULL REFERENCES pages(id),
            source TEXT NOT NULL,
            discovered_url TEXT NOT NULL,
            PRIMARY KEY (run_id, page_id, source)
        );
        CREATE TABLE sentences (
            id INTEGER PRIMARY KEY,
            page_id INTEGER NOT NULL REFERENCES pages(id),
            position INTEGER NOT NULL,
            text TEXT NOT NULL,
            UNIQUE (page_id, position)
        );
        CREATE TABLE evidence (
            claim_id INTEGER NOT NULL REFERENCES claims(id),
            sentence_id INTEGER NOT NULL REFERENCES sentences(id),
            page_id INTEGER NOT NULL REFERENCES pages(id),
            score REAL NOT NULL,
            coverage REAL NOT NULL,
            matched_terms TEXT NOT NULL,
            missing_terms TEXT NOT NULL,
            stance TEXT,
            PRIMARY KEY (claim_id, sentence_id)
        );
        CREATE TABLE verdicts (
            run_id INTEGER NOT NULL REFERENCES runs(id),
            claim_id INTEGER NOT NULL REFERENCES claims(id),
            score INTEGER NOT NULL,
            verdict TEXT NOT NULL,
            independent_outlets INTEGER NOT NULL,
            pages INTEGER NOT NULL,
            explanation TEXT NOT NULL,
            scored_at TEXT NOT NULL,
            PRIMARY KEY (run_id, claim_id)
        );
        CREATE TABLE verdict_evidence (
            run_id INTEGER NOT NULL REFERENCES runs(id),
            claim_id INTEGER NOT NULL REFERENCES claims(id),
            sentence_id INTEGER NOT NULL REFERENCES sentences(id),
            rank INTEGER NOT NULL,
            PRIMARY KEY (run_id, claim_id, sentence_id)
        );
        CREATE INDEX idx_queries_run ON queries(run_id, source);
        CREATE INDEX idx_source_requests_run ON source_requests(run_id, source);
        CREATE INDEX idx_fetch_failures_run ON fetch_failures(run_id, source);
        CREATE INDEX idx_run_pages_page ON run_pages(page_id);
        CREATE INDEX idx_page_urls_page ON page_urls(page_id);
        CREATE INDEX idx_evidence_page ON evidence(page_id);
        CREATE VIRTUAL TABLE sentences_fts USING fts5(
            text, content='sentences', content_rowid='id', tokenize='porter'
        );
        """,
    )
    # Trigger bodies contain semicolons, so they are executed one by one.
    db.execute(
        "CREATE TRIGGER sentences_ai AFTER INSERT ON sentences BEGIN "
        "INSERT INTO sentences_fts(rowid, text) VALUES (new.id, new.text); END"
    )
    db.execute(
        "CREATE TRIGGER sentences_ad AFTER DELETE ON sentences BEGIN "
        "INSERT INTO sentences_fts(sentences_fts, rowid, text) "
        "VALUES ('delete', old.id, old.text); END"
    )
    db.create_view(
        "claim_report",
        """
        SELECT verdicts.run_id, run_claims.position, claims.text AS claim, verdicts.verdict,
               verdicts.score, verdicts.independent_outlets, verdicts.pages,
               verdicts.explanation, articles.path AS article
        FROM verdicts
        JOIN claims ON claims.id = verdicts.claim_id
        JOIN run_claims ON run_claims.run_id = verdicts.run_id
                       AND run_claims.claim_id = verdicts.claim_id
        JOIN runs ON runs.id = verdicts.run_id
        JOIN articles ON articles.id = runs.article_id
        ORDER BY verdicts.run_id, run_claims.position
        """,
    )
    db.create_view(
        "evidence_report",
        """
        SELECT verdict_evidence.run_id, claims.text AS claim, verdict_evidence.rank,
               pages.outlet, sentences.text AS sentence, evidence.score, evidence.stance,
               pages.canonical_url AS url, pages.title
        FROM verdict_evidence
        JOIN claims ON claims.id = verdict_evidence.claim_id
        JOIN evidence ON evidence.claim_id = verdict_evidence.claim_id
                     AND evidence.sentence_id = verdict_evidence.sentence_id
        JOIN sentences ON sentences.id = verdict_evidence.sentence_id
        JOIN pages ON pages.id = sentences.page_id
        ORDER BY verdict_evidence.run_id, claims.id, verdict_evidence.rank
        """,
    )


def _execute_each(db: sqlite_utils.Database, script: str) -> None:
    """Run a script statement by statement: ``executescript`` would commit mid-transaction."""
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


@migrations()
def m002_quality(db: sqlite_utils.Database) -> None:
    """Stance confidence and differing figures per evidence; per verdict its origin clusters
    (with the rule that merged them) and the discrepancies independent outlets report."""
    _execute_each(
        db,
        """
        ALTER TABLE evidence ADD COLUMN stance_confidence REAL;
        ALTER TABLE evidence ADD COLUMN differing_terms TEXT NOT NULL DEFAULT '[]';
        ALTER TABLE verdicts ADD COLUMN contradicting_outlets INTEGER NOT NULL DEFAULT 0;
        CREATE TABLE origin_clusters (
            run_id INTEGER NOT NULL REFERENCES runs(id),
            claim_id INTEGER NOT NULL REFERENCES claims(id),
            cluster INTEGER NOT NULL,
            rule TEXT NOT NULL,
            stance TEXT,
            outlets TEXT NOT NULL,
            pages INTEGER NOT NULL,
            PRIMARY KEY (run_id, claim_id, cluster)
        );
        CREATE TABLE origin_pages (
            run_id INTEGER NOT NULL REFERENCES runs(id),
            claim_id INTEGER NOT NULL REFERENCES claims(id),
            cluster INTEGER NOT NULL,
            page_id INTEGER NOT NULL REFERENCES pages(id),
            PRIMARY KEY (run_id, claim_id, page_id)
        );
        CREATE TABLE discrepancies (
            id INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL REFERENCES runs(id),
            claim_id INTEGER NOT NULL REFERENCES claims(id),
            kind TEXT NOT NULL,
            claim_value TEXT NOT NULL,
            reported_value TEXT NOT NULL,
            independent_outlets INTEGER NOT NULL,
            outlets TEXT NOT NULL,
            evidence_urls TEXT NOT NULL
        );
        CREATE INDEX idx_discrepancies_run ON discrepancies(run_id, claim_id)
        """,
    )


@migrations()
def m003_discovery(db: sqlite_utils.Database) -> None:
    """Google News token decodes (cached across runs) and items reported but not fetched."""
    _execute_each(
        db,
        """
        CREATE TABLE google_news_decodes (
            token TEXT PRIMARY KEY,
            url TEXT NOT NULL,
            decoded_at TEXT NOT NULL
        );
        CREATE TABLE unfetched_reports (
            id INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL REFERENCES runs(id),
            source TEXT NOT NULL,
            query_id INTEGER REFERENCES queries(id),
            publisher TEXT,
            title TEXT,
            url TEXT NOT NULL,
            reason TEXT NOT NULL
        );
        """,
    )


@migrations()
def m004_frontier(db: sqlite_utils.Database) -> None:
    """The crawl frontier: every request written before it is scheduled, settled in the
    transaction that stores its outcome, so a killed crawl resumes without loss or repeats."""
    _execute_each(
        db,
        """
        CREATE TABLE frontier (
            id INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL REFERENCES runs(id),
            kind TEXT NOT NULL CHECK (kind IN ('article', 'discovery')),
            key TEXT NOT NULL,
            url TEXT NOT NULL,
            source TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('pending', 'done', 'failed')),
            attempts INTEGER NOT NULL DEFAULT 0,
            reason TEXT,
            meta TEXT NOT NULL DEFAULT '{}',
            updated_at TEXT NOT NULL,
            UNIQUE (run_id, kind, key)
        );
        CREATE INDEX idx_frontier_url ON frontier(run_id, kind, url);
        CREATE INDEX idx_frontier_state ON frontier(run_id, state)
        """,
    )


@migrations()
def m005_fts_on_demand(db: sqlite_utils.Database) -> None:
    """Sentences reach the full-text index in bulk, when scoring needs it, not one page at a
    time: the insert trigger goes, and ``fts_progress`` holds the highest sentence id indexed.

    The index holds exactly the sentences with ``id <= indexed_through``. A deleted sentence
    leaves the index only if it was in it (deleting a row FTS5 never saw corrupts an
    external-content index), and a delete that leaves no sentence above the mark lowers it, so
    that SQLite's next id (highest id + 1) is never one the mark already covers.
    """
    db.execute("DROP TRIGGER sentences_ai")
    db.execute("DROP TRIGGER sentences_ad")
    db.execute(
        "CREATE TABLE fts_progress ("
        "id INTEGER PRIMARY KEY CHECK (id = 1), indexed_through INTEGER NOT NULL)"
    )
    # The old trigger indexed every sentence stored so far.
    db.execute(
        "INSERT INTO fts_progress (id, indexed_through) "
        "SELECT 1, coalesce(max(id), 0) FROM sentences"
    )
    db.execute(
        "CREATE TRIGGER sentences_ad AFTER DELETE ON sentences BEGIN "
        "INSERT INTO sentences_fts(sentences_fts, rowid, text) "
        "SELECT 'delete', old.id, old.text FROM fts_progress WHERE old.id <= indexed_through; "
        "UPDATE fts_progress SET indexed_through = "
        "(SELECT coalesce(max(id), 0) FROM sentences) "
        "WHERE indexed_through > (SELECT coalesce(max(id), 0) FROM sentences); END"
    )


@migrations()
def m006_watches(db: sqlite_utils.Database) -> None:
    """Recurring re-checks and their history: watches (a schedule per article, kept when
    removed so its history stays readable), one lease row per watch that a scheduler takes
    before it runs the check, the runs each watch made, the HTTP validators of each page for
    conditional re-fetches, and the pages a re-check found changed or gone.

    ``claim_history`` is a claim's verdict and score across runs, the view the Datasette
    report's score-over-time picture reads.
    """
    _execute_each(
        db,
        """
        CREATE TABLE watches (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id),
            article_path TEXT NOT NULL,
            config_path TEXT,
            every_seconds INTEGER NOT NULL CHECK (every_seconds > 0),
            until TEXT,
            state TEXT NOT NULL DEFAULT 'active'
                CHECK (state IN ('active', 'paused', 'removed')),
            next_due TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE watch_leases (
            watch_id INTEGER PRIMARY KEY REFERENCES watches(id),
            owner TEXT NOT NULL,
            expires_at TEXT NOT NULL
        );
        CREATE TABLE watch_runs (
            run_id INTEGER PRIMARY KEY REFERENCES runs(id),
            watch_id INTEGER NOT NULL REFERENCES watches(id),
            due_at TEXT NOT NULL
        );
        CREATE INDEX idx_watch_runs_watch ON watch_runs(watch_id, run_id);
        ALTER TABLE pages ADD COLUMN etag TEXT;
        ALTER TABLE pages ADD COLUMN last_modified TEXT;
        ALTER TABLE pages ADD COLUMN superseded_by INTEGER REFERENCES pages(id);
        CREATE TABLE page_changes (
            id INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL REFERENCES runs(id),
            page_id INTEGER NOT NULL REFERENCES pages(id),
            new_page_id INTEGER REFERENCES pages(id),
            change TEXT NOT NULL CHECK (change IN ('changed', 'vanished')),
            url TEXT NOT NULL,
            detail TEXT,
            detected_at TEXT NOT NULL
        );
        CREATE INDEX idx_page_changes_run ON page_changes(run_id)
        """,
    )
    db.create_view(
        "claim_history",
        """
        SELECT verdicts.run_id, verdicts.claim_id, claims.position, claims.text AS claim,
               verdicts.verdict, verdicts.score, verdicts.independent_outlets,
               runs.article_id, watch_runs.watch_id, runs.started_at, runs.finished_at
        FROM verdicts
        JOIN claims ON claims.id = verdicts.claim_id
        JOIN runs ON runs.id = verdicts.run_id
        LEFT JOIN watch_runs ON watch_runs.run_id = verdicts.run_id
        ORDER BY verdicts.claim_id, verdicts.run_id
        """,
    )


@migrations()
def m007_query_language(db: sqlite_utils.Database) -> None:
    """Each query's language: the source's switch it is asked through (Google News edition,
    GDELT sourcelang:, Bing market). Earlier queries were all English."""
    db.execute("ALTER TABLE queries ADD COLUMN language TEXT NOT NULL DEFAULT 'en'")


@migrations()
def m008_claimed_canonical(db: sqlite_utils.Database) -> None:
    """A canonical URL a page names on another outlet is kept as a claim, not as its identity:
    pages are keyed by what was fetched (``canonical_url`` stays on the fetched outlet)."""
    db.execute("ALTER TABLE pages ADD COLUMN claimed_canonical TEXT")


@migrations()
def m009_crawl_leases(db: sqlite_utils.Database) -> None:
    """One crawl per run at a time: the process crawling it (``store.leases``)."""
    db.execute(
        "CREATE TABLE crawl_leases (run_id INTEGER PRIMARY KEY REFERENCES runs(id), "
        "pid INTEGER NOT NULL, node TEXT NOT NULL, started_at TEXT NOT NULL)"
    )


@migrations()
def m010_corpus(db: sqlite_utils.Database) -> None:
    """Offline corpora (``check --corpus PATH``): each file indexed once, with its size and
    modification time so only what changed is read again; its documents cleaned and searchable
    with FTS5 (``corpus_fts``), kept in step by triggers."""
    _execute_each(
        db,
        """
        CREATE TABLE corpus_files (
            id INTEGER PRIMARY KEY,
            path TEXT NOT NULL UNIQUE,
            size INTEGER NOT NULL,
            mtime_ns INTEGER NOT NULL,
            documents INTEGER NOT NULL,
            indexed_at TEXT NOT NULL
        );
        CREATE TABLE corpus_documents (
            id INTEGER PRIMARY KEY,
            file_id INTEGER NOT NULL REFERENCES corpus_files(id),
            url TEXT NOT NULL,
            canonical_url TEXT NOT NULL,
            outlet TEXT NOT NULL,
            title TEXT,
            published TEXT,
            sitename TEXT,
            language TEXT,
            text TEXT NOT NULL
        );
        CREATE INDEX idx_corpus_documents_file ON corpus_documents(file_id);
        CREATE VIRTUAL TABLE corpus_fts USING fts5(
            title, text, content='corpus_documents', content_rowid='id', tokenize='porter'
        )
        """,
    )
    db.execute(
        "CREATE TRIGGER corpus_documents_ai AFTER INSERT ON corpus_documents BEGIN "
        "INSERT INTO corpus_fts (rowid, title, text) VALUES (new.id, new.title, new.text); END"
    )
    db.execute(
        "CREATE TRIGGER corpus_documents_ad AFTER DELETE ON corpus_documents BEGIN "
        "INSERT INTO corpus_fts (corpus_fts, rowid, title, text) "
        "VALUES ('delete', old.id, old.title, old.text); END"
    )


@migrations()
def m011_browse_views(db: sqlite_utils.Database) -> None:
    """Views the browser (Datasette and the report pages) reads: one row per thing a person
    looks at, joined once here, so the pages hold no SQL of their own and any Datasette shows
    them. ``browse_discrepancies.summary`` words a discrepancy as ``Discrepancy.describe``."""
    for name, select in _BROWSE_VIEWS.items():
        db.create_view(name, select, replace=True)


_BROWSE_VIEWS = {
    "browse_runs": """
        SELECT runs.id AS run_id, runs.article_id, articles.title AS article_title,
               articles.path AS article_path, articles.published AS article_published,
               runs.status, runs.since, runs.until, runs.started_at, runs.finished_at,
               (SELECT count(*) FROM verdicts WHERE verdicts.run_id = runs.id) AS claims,
               (SELECT count(*) FROM verdicts WHERE verdicts.run_id = runs.id
                  AND verdicts.verdict = 'contradicted') AS contradicted,
               (SELECT count(*) FROM source_requests WHERE source_requests.run_id = runs.id
                  AND source_requests.status = 'failed') AS failed_requests
        FROM runs JOIN articles ON articles.id = runs.article_id""",
    "browse_claims": """
        SELECT verdicts.run_id, run_claims.position, verdicts.claim_id, claims.text AS claim,
               verdicts.verdict, verdicts.score, verdicts.independent_outlets,
               verdicts.contradicting_outlets, verdicts.pages, verdicts.explanation,
               runs.article_id, articles.title AS article_title, verdicts.scored_at
        FROM verdicts
        JOIN claims ON claims.id = verdicts.claim_id
        JOIN run_claims ON run_claims.run_id = verdicts.run_id
                       AND run_claims.claim_id = verdicts.claim_id
        JOIN runs ON runs.id = verdicts.run_id
        JOIN articles ON articles.id = runs.article_id""",
    "browse_evidence": """
        SELECT verdict_evidence.run_id, verdict_evidence.claim_id, verdict_evidence.rank,
               sentences.id AS sentence_id, sentences.text AS sentence, pages.outlet,
               pages.published, pages.language, evidence.score, evidence.stance,
               evidence.stance_confidence, evidence.matched_terms, evidence.differing_terms,
               evidence.missing_terms, pages.canonical_url AS url, pages.title,
               pages.id AS page_id
        FROM verdict_evidence
        JOIN evidence ON evidence.claim_id = verdict_evidence.claim_id
                     AND evidence.sentence_id = verdict_evidence.sentence_id
        JOIN sentences ON sentences.id = verdict_evidence.sentence_id
        JOIN pages ON pages.id = sentences.page_id""",
    "browse_origins": """
        SELECT origin_clusters.run_id, origin_clusters.claim_id, origin_clusters.cluster,
               origin_clusters.rule, origin_clusters.stance, origin_clusters.outlets,
               origin_clusters.pages AS cluster_pages,
               row_number() OVER (
                   PARTITION BY origin_clusters.run_id, origin_clusters.claim_id,
                                origin_clusters.cluster
                   ORDER BY pages.published IS NULL, pages.published, pages.id
               ) AS copy_rank,
               pages.id AS page_id, pages.outlet, pages.published, pages.title,
               pages.canonical_url AS url
        FROM origin_clusters
        JOIN origin_pages ON origin_pages.run_id = origin_clusters.run_id
                         AND origin_pages.claim_id = origin_clusters.claim_id
                         AND origin_pages.cluster = origin_clusters.cluster
        JOIN pages ON pages.id = origin_pages.page_id""",
    "browse_discrepancies": """
        SELECT id, run_id, claim_id, kind, claim_value, reported_value, independent_outlets,
               outlets, evidence_urls,
               'claim: ' || claim_value || '; ' || independent_outlets || ' outlet'
               || CASE WHEN independent_outlets = 1 THEN '' ELSE 's' END
               || ': ' || reported_value AS summary
        FROM discrepancies""",
    "browse_coverage": """
        WITH used AS (
            SELECT run_id, source FROM source_requests
            UNION SELECT run_id, source FROM run_pages
            UNION SELECT run_id, source FROM fetch_failures
        )
        SELECT used.run_id, used.source,
               (SELECT count(*) FROM source_requests AS r
                 WHERE r.run_id = used.run_id AND r.source = used.source) AS requests,
               (SELECT count(*) FROM source_requests AS r WHERE r.run_id = used.run_id
                  AND r.source = used.source AND r.status = 'failed') AS failed_requests,
               (SELECT group_concat(DISTINCT r.error) FROM source_requests AS r
                 WHERE r.run_id = used.run_id AND r.source = used.source
                   AND r.status = 'failed') AS errors,
               (SELECT count(*) FROM run_pages AS p
                 WHERE p.run_id = used.run_id AND p.source = used.source) AS pages_fetched,
               (SELECT count(*) FROM fetch_failures AS f
                 WHERE f.run_id = used.run_id AND f.source = used.source) AS pages_failed,
               (SELECT group_concat(DISTINCT f.reason) FROM fetch_failures AS f
                 WHERE f.run_id = used.run_id AND f.source = used.source) AS fetch_errors
        FROM used""",
    "browse_timeline": """
        SELECT DISTINCT origin_pages.run_id, pages.id AS page_id, pages.outlet, pages.published,
               pages.title, pages.canonical_url AS url
        FROM origin_pages JOIN pages ON pages.id = origin_pages.page_id""",
    "browse_score_history": """
        SELECT verdicts.claim_id, verdicts.run_id, runs.article_id, runs.started_at,
               verdicts.scored_at, verdicts.score, verdicts.verdict
        FROM verdicts JOIN runs ON runs.id = verdicts.run_id""",
}


def migrate(db: sqlite_utils.Database) -> None:
    """Apply the migrations this database has not had yet, one process at a time.

    Raises ``StorageError`` for a file that is another application's (it is never written to)
    or that a newer corroborate has migrated past what this one knows.
    """
    refuse_foreign(db)
    _adopt_legacy_record(db)
    if migrations.pending(db):
        with transaction(db):  # several processes opening a new file: one migrates, all wait
            migrations.apply(db)
    refuse_newer(db)


def refuse_foreign(db: sqlite_utils.Database) -> None:
    """A database with tables but no record of our migrations belongs to someone else."""
    ours = (migrations.migrations_table, LEGACY_TABLE)
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if tables and not tables & set(ours):
        raise StorageError(
            f"not a corroborate database ({len(tables)} tables of another application); "
            "use another --db"
        )
    if migrations.migrations_table in tables and not migrations.applied(db) and tables - {*ours}:
        raise StorageError(
            "not a corroborate database (no corroborate migrations); use another --db"
        )


def refuse_newer(db: sqlite_utils.Database) -> None:
    """A schema past the last migration this version knows would be misread: refuse it."""
    known = [migration.name for migration in migrations._migrations]  # no public accessor
    unknown = [item.name for item in migrations.applied(db) if item.name not in known]
    if unknown:
        raise StorageError(
            f"database schema is newer than this corroborate: it has {unknown[-1]}, "
            f"this version knows up to {known[-1]}; upgrade corroborate"
        )


def _adopt_legacy_record(db: sqlite_utils.Database) -> None:
    """Move the old runner's record of applied migrations into sqlite-utils' record.

    Databases made before we used ``Migrations`` list what they have had, by function name, in
    ``_migrations (name, applied_at)``. ``Migrations`` cannot be pointed at that table (its
    ``migrations_table``): it reads a ``migration_set`` column ours lacks and would transform
    the table to an ``id`` key. The names are the same, so they are copied into
    ``_sqlite_migrations`` under our set and the old table is dropped, in one transaction,
    once: nothing is applied twice and one table stays the record. (Code older than this
    change cannot open such a database again: it would try to re-create the tables.)
    """
    if not db[LEGACY_TABLE].exists():
        return
    with transaction(db):
        if not db[LEGACY_TABLE].exists():
            return  # another process adopted it while this one waited for the lock
        migrations.ensure_migrations_table(db)
        db.execute(
            f"""INSERT OR IGNORE INTO {migrations.migrations_table}
                    (migration_set, name, applied_at)
                SELECT ?, name, applied_at FROM {LEGACY_TABLE} ORDER BY rowid""",
            [migrations.name],
        )
        db.execute(f"DROP TABLE {LEGACY_TABLE}")
