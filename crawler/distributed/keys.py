"""The Redis key names, the job identity and the request fingerprint: the one place the
coordinator, the workers and the ingester agree on them."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from corroborate import __version__
from crawler.articles import registry_key

PREFIX = "corroborate"
PROTOCOL = 1  # bump when a message's shape changes: older workers must not join
VERSION = f"{__version__}/protocol-{PROTOCOL}"
SPIDER = "fetch_worker"

VERSION_KEY = f"{PREFIX}:version"
START_URLS = f"{PREFIX}:fetch:start_urls"  # new article messages, dupefiltered
REQUEUED = f"{PREFIX}:fetch:requeued"  # messages a dead worker held, sent again unfiltered
REQUESTS = f"{PREFIX}:fetch:requests"  # scrapy-redis scheduler queue (JSON requests)
DUPEFILTER = f"{PREFIX}:fetch:dupefilter"
LEASES = f"{PREFIX}:fetch:leases"  # message -> id of the worker holding it
ALIVE = f"{PREFIX}:worker:"  # + worker id: a heartbeat key with a short expiry


def job_id(db_path: str | Path, run_id: int) -> str:
    """Stable for one run of one database, so ``corroborate ingest`` finds a check's results."""
    digest = hashlib.sha1(str(Path(db_path).resolve()).encode()).hexdigest()[:12]
    return f"{digest}-{run_id}"


@dataclass(frozen=True)
class JobKeys:
    """The keys of one check's job."""

    job: str

    @property
    def meta(self) -> str:
        return f"{PREFIX}:job:{self.job}:meta"

    @property
    def results(self) -> str:
        return f"{PREFIX}:job:{self.job}:results"

    @property
    def ingesting(self) -> str:
        """Results taken by an ingester and not yet committed to SQLite."""
        return f"{PREFIX}:job:{self.job}:ingesting"


def fingerprint(job: str, url: str) -> str:
    """The dupefilter's key: our canonical URL form (``registry_key``) within one job, so the
    spellings of one article are fetched once, and another check may fetch it again."""
    return hashlib.sha1(f"{job} {registry_key(url)}".encode()).hexdigest()
