"""The one writer: drains the workers' results of a run into SQLite, one page per transaction.

A result is moved from the job's ``results`` list to its ``ingesting`` list, stored, then
removed; a killed ingester leaves it in ``ingesting`` and the next one stores it, unless its
article is already settled (the check and the store are one transaction), so nothing is lost
and nothing stored twice. ``python -m crawler.distributed.ingest --db PATH --run-id N --redis
URL [--wait]`` is what ``corroborate ingest`` runs.
"""

from __future__ import annotations

import argparse
import base64
import json
import logging
import sys
import time
from typing import Any

import redis

from corroborate.errors import CorroborateError
from corroborate.models import CleanedPage
from corroborate.store import Store
from crawler.articles import recorded_link
from crawler.distributed.connection import REDIS_ERRORS, connect, join
from crawler.distributed.dispatch import article_message
from crawler.distributed.keys import (
    DUPEFILTER,
    LEASES,
    REQUESTS,
    REQUEUED,
    START_URLS,
    JobKeys,
    fingerprint,
    job_id,
)
from crawler.distributed.leases import Leases
from crawler.frontier import ARTICLE
from crawler.progress import Progress

logger = logging.getLogger(__name__)

IDLE_POLL_SECONDS = 0.2
NO_WORKER_PATIENCE = 300.0  # seconds with pending articles, no result and no live worker
LOST = "lost: Redis lost the queued crawl (restarted without persistence?)"
ABANDONED = f"no fetch worker alive for {NO_WORKER_PATIENCE:.0f} s"


class Ingester:
    """Stores the results of run ``run_id`` that the workers pushed for its job."""

    def __init__(
        self, store: Store, run_id: int, client: redis.Redis, keys: JobKeys, progress: Progress
    ) -> None:
        self.store = store
        self.run_id = run_id
        self.client = client
        self.keys = keys
        self.progress = progress
        self.leases = Leases(client, "ingester")

    def drain(self) -> int:
        """Store every result available now (first what a killed ingester left); how many."""
        stored = 0
        for leftover in self.client.lrange(self.keys.ingesting, 0, -1):
            stored += self._store_and_remove(leftover)
        while (taken := self.client.lmove(self.keys.results, self.keys.ingesting)) is not None:
            stored += self._store_and_remove(taken)
        return stored

    def _store_and_remove(self, raw: Any) -> int:
        stored = self.store_result(json.loads(raw))
        self.client.lrem(self.keys.ingesting, 1, raw)
        return int(stored)

    def store_result(self, result: dict[str, Any]) -> bool:
        """Store one page or failure; False when its article is already settled."""
        url, source = result["url"], result["source"]
        with self.store.transaction():
            if self.store.frontier.article_state(self.run_id, url) != "pending":
                return False
            if result["outcome"] == "page":
                self.store.crawl.save_page(
                    self.run_id,
                    CleanedPage(**result["page"]),
                    source=source,
                    sentences=result["sentences"],
                    fingerprint=base64.b64decode(result["fingerprint"]),
                    discovered_url=url,
                )
            else:
                self.store.crawl.record_fetch_failure(self.run_id, source, url, result["reason"])
        if result["outcome"] == "page":
            self.progress.page(source, "fetched", url)
        else:
            self.progress.page(source, "failed", url, error=result["reason"])
        return True

    def wait(self) -> str | None:
        """Drain until every article of the run is settled; None, or what went missing."""
        last_progress = time.monotonic()
        while self.store.frontier.pending_articles(self.run_id):
            try:
                if self.drain():
                    last_progress = time.monotonic()
                    continue
                if not self.client.exists(self.keys.meta):
                    return self.fail_pending(LOST)
                if self.resend_lost():
                    last_progress = time.monotonic()
                self.leases.reap()
                if self.leases.live_workers():
                    last_progress = time.monotonic()
            except REDIS_ERRORS as error:
                logger.warning("Redis unreachable, waiting: %s", error)
            if time.monotonic() - last_progress > NO_WORKER_PATIENCE:
                return self.fail_pending(ABANDONED)
            time.sleep(IDLE_POLL_SECONDS)
        return None

    def resend_lost(self) -> int:
        """Send again the pending articles when no message is anywhere in Redis: they were
        never queued (a check killed mid-discovery) or lost (a restart that kept all but the
        last writes). A message always sits in exactly one place, so an empty Redis is proof."""
        with self.client.pipeline(transaction=True) as pipe:
            for list_key in (START_URLS, REQUEUED, self.keys.results, self.keys.ingesting):
                pipe.llen(list_key)
            pipe.zcard(REQUESTS)
            pipe.hlen(LEASES)
            if any(pipe.execute()):
                return 0
        pending = [
            entry
            for entry in self.store.frontier.entries(self.run_id)
            if entry.kind == ARTICLE and entry.state == "pending"
        ]
        messages = [
            article_message(
                self.keys.job, entry.key, recorded_link(entry.url, entry.meta), entry.source
            )
            for entry in pending
        ]
        if messages:
            logger.warning("sending %d articles again: no worker holds them", len(messages))
            self.client.rpush(REQUEUED, *messages)
        return len(messages)

    def fail_pending(self, reason: str) -> str:
        """Record every pending article as failed with ``reason``; the one-line account."""
        pending = self.store.frontier.pending_articles(self.run_id)
        for url, source in pending:
            self.store.crawl.record_fetch_failure(self.run_id, source, url, reason)
            self.progress.page(source, "failed", url, error=reason)
        return f"{len(pending)} articles not fetched: {reason}"

    def clean_up(self) -> None:
        """The check is done: remove its keys and its dupefilter entries (the scheduler keeps
        them, ``SCHEDULER_PERSIST``, so that one worker closing cannot wipe the others' work)."""
        urls = self.store.frontier.article_urls(self.run_id)
        with self.client.pipeline(transaction=False) as pipe:
            for start in range(0, len(urls), 1000):
                chunk = [fingerprint(self.keys.job, url) for url in urls[start : start + 1000]]
                pipe.srem(DUPEFILTER, *chunk)
            pipe.delete(self.keys.results, self.keys.ingesting, self.keys.meta)
            pipe.execute()


def open_ingester(db: str, run_id: int, redis_url: str, progress: Progress) -> Ingester:
    """Raises CorroborateError for a bad database, run or Redis."""
    client = connect(redis_url)
    join(client)
    store = Store.open(db, create=False)
    try:
        store.runs.run_info(run_id)
    except CorroborateError:
        store.close()
        raise
    return Ingester(store, run_id, client, JobKeys(job_id(db, run_id)), progress)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m crawler.distributed.ingest")
    parser.add_argument("--db", required=True)
    parser.add_argument("--run-id", required=True, type=int)
    parser.add_argument("--redis", required=True)
    parser.add_argument("--wait", action="store_true", help="until every article is settled")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        ingester = open_ingester(args.db, args.run_id, args.redis, Progress())
    except CorroborateError as error:
        print(f"ingest: {error}", file=sys.stderr)
        return 2
    try:
        lost = ingester.wait() if args.wait else None
        ingester.drain()
        if args.wait:
            ingester.clean_up()
    except REDIS_ERRORS as error:
        print(f"ingest: Redis failed: {error}", file=sys.stderr)
        return 1
    finally:
        ingester.store.close()
    if lost:
        print(f"ingest: {lost}", file=sys.stderr)
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
